package dev.gorrent.application.service.fakes;

import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.piece.BlockRef;
import dev.gorrent.domain.piece.PieceGeometry;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A torrent's bytes in one array. {@link #mayHoldPiece} is true only for pieces written or preloaded,
 * as a file-backed store says for regions its files cover. Written from the hashing pool, read by the
 * test: every method locks, except that a block read held back by {@link #holdBlockReadsUntil} waits
 * for its gate outside the lock, so other calls go on meanwhile.
 */
public final class InMemoryStorage implements PieceStorage {
    private static final Duration BLOCK_READ_HOLD_LIMIT = Duration.ofSeconds(20);

    private Bitfield resumeRecord;
    private final PieceGeometry geometry;
    private final byte[] data;
    private final BitSet present = new BitSet();
    private final List<Integer> written = new ArrayList<>();
    private final List<BlockRef> blockReads = new ArrayList<>();
    private String writeFailure = "";
    private String blockReadFailure = "";
    private boolean closed;
    private int readPieceCalls;
    private int resumeRecordWrites;
    private volatile Gate blockReadGate = Gate.opened();
    private final AtomicInteger readsLetThrough = new AtomicInteger();

    public InMemoryStorage(PieceGeometry geometry) {
        this.geometry = geometry;
        this.data = new byte[Math.toIntExact(geometry.totalLength())];
    }

    /** Puts bytes in place as if left by an earlier run (they may be wrong on purpose). */
    public synchronized void preload(int piece, byte[] bytes) {
        checkSize(piece, bytes.length);
        System.arraycopy(bytes, 0, data, (int) geometry.pieceOffset(piece), bytes.length);
        present.set(piece);
    }

    /** Makes every later {@link #writePiece} fail with this message. */
    public synchronized void failWritesWith(String message) {
        writeFailure = message;
    }

    /** Makes every later block read (an upload) fail with this message. */
    public synchronized void failBlockReadsWith(String message) {
        blockReadFailure = message;
    }

    @Override
    public synchronized void writePiece(int index, PieceData piece) throws StorageException {
        checkOpen();
        if (!writeFailure.isEmpty()) {
            throw new StorageException(writeFailure);
        }
        checkSize(index, piece.length());
        piece.copyTo(0, piece.length(), ByteBuffer.wrap(data, (int) geometry.pieceOffset(index), piece.length()));
        present.set(index);
        written.add(index);
    }

    @Override
    public synchronized void readPiece(int index, ByteBuffer into) throws StorageException {
        checkOpen();
        checkSize(index, into.remaining());
        readPieceCalls++;
        into.put(data, (int) geometry.pieceOffset(index), into.remaining());
    }

    /** Makes every later block read (an upload) wait until the gate opens, as a slow disk would. */
    public void holdBlockReadsUntil(Gate gate) {
        blockReadGate = gate;
    }

    /** Lets {@code count} block reads past a closed gate: those waiting now go first, later ones take the rest. */
    public void letBlockReadsThrough(int count) {
        readsLetThrough.addAndGet(count);
    }

    @Override
    public void readBlock(int index, int begin, ByteBuffer into) throws StorageException {
        synchronized (this) {
            blockReads.add(new BlockRef(index, begin, Math.max(1, into.remaining())));
        }
        waitForBlockReadGate();
        copyBlock(index, begin, into);
    }

    private void waitForBlockReadGate() throws StorageException {
        long deadline = System.nanoTime() + BLOCK_READ_HOLD_LIMIT.toNanos();
        while (!blockReadGate.isOpen()) {
            if (readsLetThrough.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StorageException("a block read was held back longer than " + BLOCK_READ_HOLD_LIMIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("interrupted while a block read was held back", e);
            }
        }
    }

    private synchronized void copyBlock(int index, int begin, ByteBuffer into) throws StorageException {
        checkOpen();
        if (!blockReadFailure.isEmpty()) {
            throw new StorageException(blockReadFailure);
        }
        int length = into.remaining();
        if (!geometry.isWithinPiece(index, begin, length)) {
            throw new StorageException("block " + index + "/" + begin + "+" + length + " is outside the torrent");
        }
        into.put(data, (int) geometry.pieceOffset(index) + begin, length);
    }

    @Override
    public synchronized boolean mayHoldPiece(int index) {
        return present.get(index);
    }

    @Override
    public synchronized Optional<Bitfield> readResumeRecord() throws StorageException {
        checkOpen();
        return Optional.ofNullable(resumeRecord).map(Bitfield::copy);
    }

    @Override
    public synchronized void writeResumeRecord(Bitfield verified) throws StorageException {
        checkOpen();
        resumeRecord = verified.copy();
        resumeRecordWrites++;
    }

    /** The resume record as last written or preset, readable after the storage was closed. */
    public synchronized Optional<Bitfield> resumeRecord() {
        return Optional.ofNullable(resumeRecord).map(Bitfield::copy);
    }

    /** How often the session wrote the resume record. */
    public synchronized int resumeRecordWrites() {
        return resumeRecordWrites;
    }

    /** How many whole pieces were read (each is a hash check of data on disk). */
    public synchronized int readPieceCalls() {
        return readPieceCalls;
    }

    /** Every block read for uploading, in the order the reads began. */
    public synchronized List<BlockRef> blockReads() {
        return List.copyOf(blockReads);
    }

    /** Pretends a resume record was left by an earlier run. */
    public synchronized void presetResumeRecord(Bitfield verified) {
        resumeRecord = verified.copy();
    }

    @Override
    public synchronized void flush() throws StorageException {
        checkOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** A copy of every byte. */
    public synchronized byte[] bytes() {
        return data.clone();
    }

    /** Pieces written through {@link #writePiece}, in order. */
    public synchronized List<Integer> writtenPieces() {
        return List.copyOf(written);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** The first piece written twice, if any: a verified piece should be stored once. */
    public synchronized Optional<Integer> pieceWrittenTwice() {
        BitSet seen = new BitSet();
        for (int piece : written) {
            if (seen.get(piece)) {
                return Optional.of(piece);
            }
            seen.set(piece);
        }
        return Optional.empty();
    }

    private void checkOpen() throws StorageException {
        if (closed) {
            throw new StorageException("storage is closed");
        }
    }

    private void checkSize(int piece, int length) {
        if (length != geometry.pieceSize(piece)) {
            throw new IllegalArgumentException("piece " + piece + " is " + geometry.pieceSize(piece)
                    + " bytes, not " + length);
        }
    }
}
