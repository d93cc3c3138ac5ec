package dev.gorrent.application.port.out;

/** Receives download events; called from the session thread, so implementations must return quickly. */
public interface DownloadEvents {

    void publish(DownloadEvent event);
}
