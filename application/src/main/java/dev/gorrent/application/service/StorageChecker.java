package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.PieceGeometry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Finds which pieces are already on disk by hashing them, on every thread of the pool at once. Each
 * task takes a contiguous run of pieces, so reads stay sequential and each thread needs one buffer.
 */
final class StorageChecker {
    private final Metainfo metainfo;
    private final PieceStorage storage;
    private final ExecutorService pool;
    private final int parallelism;

    StorageChecker(Metainfo metainfo, PieceStorage storage, ExecutorService pool, int parallelism) {
        this.metainfo = metainfo;
        this.storage = storage;
        this.pool = pool;
        this.parallelism = Math.max(1, parallelism);
    }

    Bitfield check() throws StorageException, InterruptedException {
        PieceGeometry geometry = metainfo.geometry();
        int count = geometry.pieceCount();
        Bitfield have = new Bitfield(count);
        PieceVerifier verifier = new PieceVerifier(metainfo.pieceHashes());
        int runs = Math.min(parallelism, Math.max(1, count));
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int from = (int) ((long) count * run / runs);
            int to = (int) ((long) count * (run + 1) / runs);
            results.add(pool.submit(() -> verifiedIn(from, to, geometry, verifier)));
        }
        for (Future<List<Integer>> result : results) {
            try {
                for (int piece : result.get()) {
                    have.set(piece);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StorageException storageFailure) {
                    throw storageFailure;
                }
                throw new IllegalStateException("checking pieces failed", e.getCause());
            }
        }
        return have;
    }

    private List<Integer> verifiedIn(int from, int to, PieceGeometry geometry, PieceVerifier verifier)
            throws StorageException {
        List<Integer> verified = new ArrayList<>();
        byte[] buffer = null;
        for (int piece = from; piece < to; piece++) {
            if (!storage.mayHoldPiece(piece)) {
                continue;
            }
            int size = geometry.pieceSize(piece);
            if (buffer == null || buffer.length != size) {
                buffer = new byte[size];
            }
            storage.readPiece(piece, buffer);
            if (verifier.matches(piece, buffer, size)) {
                verified.add(piece);
            }
        }
        return verified;
    }
}
