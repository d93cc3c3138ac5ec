package dev.gorrent.application.service.create;

import dev.gorrent.application.port.in.CreateTorrentException;
import dev.gorrent.application.port.in.CreateTorrentRequest;
import dev.gorrent.application.port.in.CreateTorrentResult;
import dev.gorrent.application.port.in.CreateTorrentUseCase;
import dev.gorrent.application.port.in.HashingProgress;
import dev.gorrent.application.port.out.ContentException;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.InvalidContentException;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.domain.metainfo.InvalidTorrentException;
import dev.gorrent.domain.metainfo.PieceHashes;
import dev.gorrent.domain.metainfo.PieceSizes;
import dev.gorrent.domain.metainfo.TorrentBuilder;
import dev.gorrent.domain.metainfo.TorrentContent;
import dev.gorrent.domain.metainfo.TorrentDraft;

/**
 * Makes torrents: lists the content, checks the torrent will be usable before reading any data, then
 * hashes pieces on {@code threads} threads (see {@link PieceHasher}) and encodes the result. Each call
 * runs on the caller's thread plus a pool of its own, gone when the call returns; calls may overlap.
 */
public final class CreateTorrentService implements CreateTorrentUseCase {
    private final ContentSource source;
    private final Sha1Digests digests;
    private final int threads;

    /** @param threads how many threads hash at most; the number of cores is the natural choice */
    public CreateTorrentService(ContentSource source, Sha1Digests digests, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("hashing needs at least one thread, got " + threads);
        }
        this.source = source;
        this.digests = digests;
        this.threads = threads;
    }

    @Override
    public CreateTorrentResult create(CreateTorrentRequest request, HashingProgress progress)
            throws CreateTorrentException, InterruptedException {
        TorrentContent content = scan(request);
        int pieceLength = request.pieceLength() == CreateTorrentRequest.AUTOMATIC_PIECE_LENGTH
                ? PieceSizes.automatic(content.totalLength())
                : request.pieceLength();
        TorrentDraft draft = new TorrentDraft(content, pieceLength, request.trackers(), request.privateTorrent(),
                request.comment(), request.createdBy(), request.creationDate());
        try {
            TorrentBuilder.check(draft);
        } catch (InvalidTorrentException e) {
            throw new CreateTorrentException(CreateTorrentException.Kind.BAD_INPUT, e.getMessage(), e);
        }
        PieceHashes hashes;
        try {
            hashes = new PieceHasher(source, digests, request.path(), content, draft.geometry(), threads, progress)
                    .hashAll();
        } catch (ContentException e) {
            throw new CreateTorrentException(CreateTorrentException.Kind.READ_FAILED, e.getMessage(), e);
        }
        try {
            return new CreateTorrentResult(TorrentBuilder.build(draft, hashes), draft);
        } catch (InvalidTorrentException e) {
            throw new IllegalStateException("the draft passed its check before hashing: " + e.getMessage(), e);
        }
    }

    private TorrentContent scan(CreateTorrentRequest request) throws CreateTorrentException {
        try {
            return source.scan(request.path());
        } catch (InvalidContentException e) {
            throw new CreateTorrentException(CreateTorrentException.Kind.BAD_INPUT, e.getMessage(), e);
        } catch (ContentException e) {
            throw new CreateTorrentException(CreateTorrentException.Kind.READ_FAILED, e.getMessage(), e);
        }
    }
}
