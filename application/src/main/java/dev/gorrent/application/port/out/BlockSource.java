package dev.gorrent.application.port.out;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of a block to upload, read only when the connection writes them: storage then reads them straight
 * into the connection's send buffer, never through an array of their own. Called on whichever thread sends.
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
}
