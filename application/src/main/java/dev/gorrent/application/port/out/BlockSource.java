package dev.gorrent.application.port.out;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The bytes of a block to upload, fetched only when the connection writes them: storage then hands them to the
 * socket itself, never through an array of their own. Called on whichever thread sends.
 */
@FunctionalInterface
public interface BlockSource {

    /**
     * Reads {@code into.remaining()} bytes of the block, from {@code offset} within it, into {@code into}, whose
     * position advances past them.
     *
     * @throws IOException when the bytes cannot be read; the block is then not sent
     */
    void read(int offset, ByteBuffer into) throws IOException;

    /**
     * Moves up to {@code length} bytes of the block, from {@code offset} within it, to {@code target}: as many as
     * the target takes without waiting (it may be non-blocking and full), so possibly none. A file's bytes can go
     * from the system's cache to a socket without passing through this process; this default reads them first.
     *
     * @return how many bytes the target took
     * @throws IOException when the bytes cannot be read or the target fails; the block is then not sent
     */
    default long transferTo(int offset, int length, WritableByteChannel target) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        read(offset, bytes);
        return target.write(bytes.flip());
    }
}
