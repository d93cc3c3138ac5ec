package dev.gorrent.application.port.out;

/** Reads a new torrent's content as one byte stream across its files. Used by one thread. */
public interface ContentReader extends AutoCloseable {

    /**
     * Reads {@code length} bytes of the stream, starting at {@code offset}, into {@code into[0..length)}.
     *
     * @throws ContentException when a file cannot be read or no longer holds what was listed
     */
    void read(long offset, byte[] into, int length) throws ContentException;

    @Override
    void close() throws ContentException;
}
