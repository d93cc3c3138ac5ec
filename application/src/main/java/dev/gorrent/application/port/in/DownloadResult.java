package dev.gorrent.application.port.in;

import java.time.Duration;

/**
 * How a finished download went.
 *
 * @param alreadyVerifiedBytes bytes found complete on disk before any transfer
 * @param downloadedBytes      payload bytes received from peers (including discarded ones)
 */
public record DownloadResult(long totalBytes, long alreadyVerifiedBytes, long downloadedBytes, Duration elapsed) {
}
