package dev.gorrent.application.service.fakes;

import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.piece.PieceGeometry;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A torrent's bytes in one array. {@link #mayHoldPiece} is true only for pieces written or preloaded,
 * as a file-backed store says for regions its files cover. Written from the hashing pool, read by the
 * test: every method locks.
 */
public final class InMemoryStorage implements PieceStorage {
    private Bitfield resumeRecord;
    private final PieceGeometry geometry;
    private final byte[] data;
    private final BitSet present = new BitSet();
    private final List<Integer> written = new ArrayList<>();
    private String writeFailure = "";
    private boolean closed;

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

    @Override
    public synchronized void writePiece(int index, byte[] piece) throws StorageException {
        checkOpen();
        if (!writeFailure.isEmpty()) {
            throw new StorageException(writeFailure);
        }
        checkSize(index, piece.length);
        System.arraycopy(piece, 0, data, (int) geometry.pieceOffset(index), piece.length);
        present.set(index);
        written.add(index);
    }

    @Override
    public synchronized void readPiece(int index, byte[] into) throws StorageException {
        checkOpen();
        checkSize(index, into.length);
        System.arraycopy(data, (int) geometry.pieceOffset(index), into, 0, into.length);
    }

    @Override
    public synchronized byte[] readBlock(int index, int begin, int length) throws StorageException {
        checkOpen();
        if (!geometry.isWithinPiece(index, begin, length)) {
            throw new StorageException("block " + index + "/" + begin + "+" + length + " is outside the torrent");
        }
        byte[] block = new byte[length];
        System.arraycopy(data, (int) geometry.pieceOffset(index) + begin, block, 0, length);
        return block;
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
