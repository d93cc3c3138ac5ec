package dev.gorrent.application.port.out;

import dev.gorrent.domain.piece.Bitfield;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * A torrent's data, addressed by piece. Implementations map pieces onto files; a piece may span
 * several. Safe for concurrent calls on different pieces.
 */
public interface PieceStorage extends AutoCloseable {

    /**
     * Writes a whole piece ({@code data.length()} must be the piece's size). The caller leaves the data unchanged
     * until this returns, and may reuse its memory afterwards: an implementation keeps no reference to it.
     */
    void writePiece(int index, PieceData data) throws StorageException;

    /**
     * Reads a whole piece into {@code into} ({@code into.remaining()} must be the piece's size; its position
     * advances past it), for checking it; a direct buffer gets it without a copy through the heap.
     */
    void readPiece(int index, ByteBuffer into) throws StorageException;

    /**
     * Reads {@code into.remaining()} bytes of a piece starting at {@code begin} into {@code into} (its position
     * advances past them), for uploading a block; a direct buffer gets them without a copy through the heap.
     */
    void readBlock(int index, int begin, ByteBuffer into) throws StorageException;

    /**
     * Moves up to {@code length} bytes of a piece, from {@code begin}, to {@code target}, as many as it takes without
     * waiting (none when a non-blocking target is full), for uploading a block: files let the system copy them from
     * its cache to a socket without passing them through this process. This default reads them first.
     *
     * @return how many bytes the target took
     * @throws StorageException when the data cannot be read
     * @throws IOException      when the target fails while the data itself can be read: the peer's problem, not
     *                          the disk's
     */
    default long transferBlock(int index, int begin, int length, WritableByteChannel target) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        readBlock(index, begin, bytes);
        return target.write(bytes.flip());
    }

    /**
     * Whether the piece could already be on disk: false when some file it touches was missing or too
     * short when storage was opened, so the caller can skip hashing data that cannot be there.
     */
    boolean mayHoldPiece(int index);

    /**
     * The pieces a resume record says are verified, when the record exists and still matches the
     * files (sizes and modification times); empty when it is missing, damaged or stale, and the
     * caller must then hash the data instead.
     */
    Optional<Bitfield> readResumeRecord() throws StorageException;

    /**
     * Records which pieces are verified, atomically (a crash leaves the old record or the new one,
     * never a torn one). Flushes data first, so a recorded piece is always on the device.
     */
    void writeResumeRecord(Bitfield verified) throws StorageException;

    /** Forces written data to the device. */
    void flush() throws StorageException;

    @Override
    void close() throws StorageException;
}
