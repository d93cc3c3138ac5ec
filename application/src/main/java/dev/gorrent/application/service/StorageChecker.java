package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.PieceGeometry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds which pieces are already on disk by hashing them, on every thread of the pool at once. The threads take
 * runs of about {@link #RUN_BYTES} from a shared counter, so reads stay sequential within a run, each thread needs
 * one buffer, and all of them finish together even when one is slowed (by the JIT, or the disk).
 */
final class StorageChecker {
    /** Bytes of consecutive pieces one thread takes at a time. */
    static final int RUN_BYTES = 16 << 20;

    private final Metainfo metainfo;
    private final PieceStorage storage;
    private final Sha1Digests digests;
    private final ExecutorService pool;
    private final int parallelism;
    private final int runBytes;

    StorageChecker(Metainfo metainfo, PieceStorage storage, Sha1Digests digests, ExecutorService pool,
                   int parallelism) {
        this(metainfo, storage, digests, pool, parallelism, RUN_BYTES);
    }

    /** With runs of {@code runBytes} (at least one piece each), for tests. */
    StorageChecker(Metainfo metainfo, PieceStorage storage, Sha1Digests digests, ExecutorService pool,
                   int parallelism, int runBytes) {
        this.metainfo = metainfo;
        this.storage = storage;
        this.digests = digests;
        this.pool = pool;
        this.parallelism = Math.max(1, parallelism);
        this.runBytes = runBytes;
    }

    Bitfield check() throws StorageException, InterruptedException {
        PieceGeometry geometry = metainfo.geometry();
        int count = geometry.pieceCount();
        Bitfield have = new Bitfield(count);
        PieceVerifier verifier = new PieceVerifier(metainfo.pieceHashes(), digests);
        int runLength = Math.max(1, runBytes / geometry.pieceLength());
        AtomicInteger nextRun = new AtomicInteger();
        int workers = Math.min(parallelism, Math.max(1, (count + runLength - 1) / runLength));
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            results.add(pool.submit(() -> verifiedInRuns(nextRun, runLength, geometry, verifier)));
        }
        StorageException failure = null;
        for (Future<List<Integer>> result : results) {
            try {
                for (int piece : result.get()) {
                    have.set(piece);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StorageException storageFailure) {
                    // The other workers stop at their next run; the first failure is the one reported.
                    nextRun.set(Integer.MAX_VALUE / 2);
                    if (failure == null) {
                        failure = storageFailure;
                    }
                    continue;
                }
                throw new IllegalStateException("checking pieces failed", e.getCause());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return have;
    }

    private List<Integer> verifiedInRuns(AtomicInteger nextRun, int runLength, PieceGeometry geometry,
                                         PieceVerifier verifier) throws StorageException {
        List<Integer> verified = new ArrayList<>();
        // Native memory: the file is read into it and the hash reads it in place, where a heap array cost a copy on
        // each side (the JDK's through a temporary native buffer, and JNA's for libcrypto).
        ByteBuffer buffer = ByteBuffer.allocateDirect(geometry.pieceLength());
        int count = geometry.pieceCount();
        for (int from = nextRun.getAndAdd(runLength); from < count; from = nextRun.getAndAdd(runLength)) {
            for (int piece = from; piece < Math.min(count, from + runLength); piece++) {
                if (!storage.mayHoldPiece(piece)) {
                    continue;
                }
                buffer.clear().limit(geometry.pieceSize(piece));
                storage.readPiece(piece, buffer);
                if (verifier.matches(piece, PieceData.ofBuffer(buffer.flip()))) {
                    verified.add(piece);
                }
            }
        }
        return verified;
    }
}
