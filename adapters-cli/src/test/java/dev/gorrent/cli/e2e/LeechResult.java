package dev.gorrent.cli.e2e;

/**
 * How a leecher run by the tests (libtorrent, aria2) ended.
 *
 * @param exitCode the process's exit code (0: it reported the download complete)
 * @param describe its command, state and output, for failure messages
 */
record LeechResult(int exitCode, String describe) {
}
