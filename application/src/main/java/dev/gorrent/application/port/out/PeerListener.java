package dev.gorrent.application.port.out;

/** A listening socket accepting peers; closing it stops accepting (open connections stay open). */
public interface PeerListener extends AutoCloseable {

    /** The port actually bound, which is what we announce. */
    int port();

    @Override
    void close();
}
