package dev.gorrent.application.port.in;

/** Downloads a torrent until every piece is verified on disk. */
public interface DownloadTorrentUseCase {

    /** Blocks until complete; returns at once (after verifying) when the data is already whole. */
    DownloadResult download(DownloadRequest request) throws DownloadException, InterruptedException;
}
