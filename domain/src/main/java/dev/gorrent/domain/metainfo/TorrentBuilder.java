package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeEncoder;
import dev.gorrent.domain.bencode.BencodeLimits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes a new torrent file (BEP 3, with BEP 12 tiers and the BEP 27 private flag), canonically
 * bencoded. Trackers: {@code announce} is the first; when there are more, {@code announce-list} holds
 * every one as a tier of its own, tried in the order given. It refuses a torrent that clients,
 * {@link MetainfoParser} among them, would refuse: no data, too many pieces, a file too large to read.
 */
public final class TorrentBuilder {
    private TorrentBuilder() {
    }

    /**
     * Checks, before any hashing, that the draft makes a usable torrent. The encoded size is exact: the
     * piece hashes, still unknown, take 20 bytes each whatever they are.
     *
     * @throws InvalidTorrentException saying what is wrong and what would help
     */
    public static void check(TorrentDraft draft) throws InvalidTorrentException {
        String name = draft.content().name();
        if (draft.content().totalLength() == 0) {
            throw new InvalidTorrentException(name + " holds no data: its files total 0 bytes");
        }
        long pieces = draft.pieceCount();
        if (pieces > MetainfoParser.MAX_PIECE_COUNT) {
            throw new InvalidTorrentException(name + " would make " + pieces + " pieces of "
                    + PieceSizes.describe(draft.pieceLength()) + ", above the limit of "
                    + MetainfoParser.MAX_PIECE_COUNT + "; choose a larger piece size");
        }
        // Encoded with an empty pieces string ("0:"), then grown by what the real one adds: no need to
        // allocate tens of megabytes of placeholder hashes just to measure them.
        BValue.BDictionary withoutHashes = topLevel(draft, new byte[0]);
        long piecesBytes = pieces * PieceHashes.HASH_LENGTH;
        long size = BencodeEncoder.encode(withoutHashes).length - 1 + Long.toString(piecesBytes).length() + piecesBytes;
        BencodeLimits limits = BencodeLimits.DEFAULT;
        if (size > limits.maxInputBytes()) {
            throw new InvalidTorrentException("the torrent file for " + name + " would be " + size
                    + " bytes, above the " + limits.maxInputBytes()
                    + "-byte limit clients read; choose a larger piece size");
        }
        long tokens = tokens(withoutHashes);
        if (tokens > limits.maxTokens()) {
            throw new InvalidTorrentException("the torrent file for " + name + " would hold " + tokens
                    + " bencode values, above the limit of " + limits.maxTokens()
                    + " clients read; it has too many files (" + draft.content().files().size() + ")");
        }
    }

    /**
     * Encodes the torrent with its piece hashes, one per piece in order.
     *
     * @throws InvalidTorrentException as {@link #check} does
     */
    public static CreatedTorrent build(TorrentDraft draft, PieceHashes hashes) throws InvalidTorrentException {
        check(draft);
        if (hashes.count() != draft.pieceCount()) {
            throw new IllegalArgumentException(hashes.count() + " piece hashes given for " + draft.pieceCount()
                    + " pieces");
        }
        byte[] info = BencodeEncoder.encode(info(draft, hashes.toBytes()));
        return new CreatedTorrent(encode(draft, hashes.toBytes()), InfoHash.ofInfoDictionary(info, 0, info.length));
    }

    private static byte[] encode(TorrentDraft draft, byte[] pieces) {
        return BencodeEncoder.encode(topLevel(draft, pieces));
    }

    private static BValue.BDictionary topLevel(TorrentDraft draft, byte[] pieces) {
        Map<String, BValue> top = new LinkedHashMap<>();
        List<String> trackers = List.copyOf(new LinkedHashSet<>(draft.trackers()));
        if (!trackers.isEmpty()) {
            top.put("announce", BValue.BString.of(trackers.get(0)));
        }
        if (trackers.size() > 1) {
            List<BValue> tiers = trackers.stream()
                    .<BValue>map(url -> new BValue.BList(List.of(BValue.BString.of(url))))
                    .toList();
            top.put("announce-list", new BValue.BList(tiers));
        }
        if (!draft.comment().isEmpty()) {
            top.put("comment", BValue.BString.of(draft.comment()));
        }
        if (!draft.createdBy().isEmpty()) {
            top.put("created by", BValue.BString.of(draft.createdBy()));
        }
        top.put("creation date", new BValue.BInteger(draft.creationDate()));
        top.put("info", info(draft, pieces));
        return new BValue.BDictionary(top);
    }

    /** Values and dictionary keys, counted as the decoder counts them against its token limit. */
    private static long tokens(BValue value) {
        if (value instanceof BValue.BList list) {
            long count = 1;
            for (BValue element : list.values()) {
                count += tokens(element);
            }
            return count;
        }
        if (value instanceof BValue.BDictionary dictionary) {
            long count = 1;
            for (BValue entry : dictionary.entries().values()) {
                count += 1 + tokens(entry);
            }
            return count;
        }
        return 1;
    }

    private static BValue.BDictionary info(TorrentDraft draft, byte[] pieces) {
        Map<String, BValue> info = new LinkedHashMap<>();
        info.put("name", BValue.BString.of(draft.content().name()));
        info.put("piece length", new BValue.BInteger(draft.pieceLength()));
        info.put("pieces", new BValue.BString(pieces));
        if (draft.privateTorrent()) {
            info.put("private", new BValue.BInteger(1));
        }
        if (draft.content() instanceof TorrentContent.SingleFile single) {
            info.put("length", new BValue.BInteger(single.length()));
        } else {
            info.put("files", files(draft.content().files()));
        }
        return new BValue.BDictionary(info);
    }

    private static BValue.BList files(List<ContentFile> files) {
        List<BValue> entries = new ArrayList<>(files.size());
        for (ContentFile file : files) {
            List<BValue> path = file.path().stream().<BValue>map(BValue.BString::of).toList();
            entries.add(new BValue.BDictionary(Map.of(
                    "length", new BValue.BInteger(file.length()),
                    "path", new BValue.BList(path))));
        }
        return new BValue.BList(entries);
    }
}
