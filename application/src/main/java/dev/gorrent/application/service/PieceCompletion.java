package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Complete pieces on their way to disk: each is gathered into a native buffer and hashed on the hash pool and, when it
 * matches, written by the disk writer; the outcome reaches the session as {@link SessionEvent.PieceChecked} (or
 * {@link SessionEvent.StorageFailed}). The blocks go back to their connections as soon as they are gathered, the
 * buffer once the piece is written or refused.
 *
 * <p>Threads: {@link #start}, {@link #finish} and the counts are for the session thread, which alone keeps the
 * pieces in progress; the pool and the disk writer touch only a piece's bytes and its buffer.
 */
final class PieceCompletion {
    private final PieceVerifier verifier;
    private final PieceStorage storage;
    private final ExecutorService hashPool;
    private final ExecutorService diskWriter;
    private final SessionQueue queue;
    private final PieceBuffers buffers;
    private final Map<Integer, PieceAssembly.Partial> inProgress = new HashMap<>();

    PieceCompletion(int pieceLength, PieceVerifier verifier, PieceStorage storage, ExecutorService hashPool,
                    ExecutorService diskWriter, SessionQueue queue) {
        this.verifier = verifier;
        this.storage = storage;
        this.hashPool = hashPool;
        this.diskWriter = diskWriter;
        this.queue = queue;
        this.buffers = new PieceBuffers(pieceLength);
    }

    /** Hands a complete piece to the hash pool; {@link #finish} takes it back once its outcome arrived. */
    void start(int piece, PieceAssembly.Partial partial) {
        PieceData data = partial.data();
        inProgress.put(piece, partial);
        hashPool.execute(() -> {
            ByteBuffer buffer = buffers.take(data.length());
            data.copyTo(0, data.length(), buffer);
            partial.giveBlocksBack();
            PieceData whole = PieceData.ofBuffer(buffer.flip());
            if (!verifier.matches(piece, whole)) {
                buffers.give(buffer);
                queue.offerQuietly(new SessionEvent.PieceChecked(piece, false));
                return;
            }
            try {
                diskWriter.execute(() -> store(piece, whole, buffer));
            } catch (RejectedExecutionException e) {
                // The session ended while this piece was being hashed: nobody waits for it any more.
                buffers.give(buffer);
            }
        });
    }

    private void store(int piece, PieceData whole, ByteBuffer buffer) {
        try {
            storage.writePiece(piece, whole);
        } catch (StorageException e) {
            queue.offerQuietly(new SessionEvent.StorageFailed(piece, e));
            return;
        } finally {
            buffers.give(buffer);
        }
        queue.offerQuietly(new SessionEvent.PieceChecked(piece, true));
    }

    /** The piece {@link #start} was given, now checked (and stored, if it matched): its contributors are there. */
    PieceAssembly.Partial finish(int piece) {
        PieceAssembly.Partial partial = inProgress.remove(piece);
        if (partial == null) {
            throw new IllegalStateException("piece " + piece + " was not being checked");
        }
        return partial;
    }

    /** Pieces being hashed or written: they count against the pieces in flight. */
    int inProgress() {
        return inProgress.size();
    }

    boolean isIdle() {
        return inProgress.isEmpty();
    }
}
