#!/usr/bin/python3
"""Downloads one torrent with libtorrent on loopback, for Gorrent's end-to-end tests.

Usage: leech.py TORRENT SAVE_DIR PORT [--timeout SECONDS] [--exit-on-stdin-close]

Finds peers through the torrent's tracker only (no DHT, local discovery, port mapping or
uTP), downloads into SAVE_DIR, prints the line "COMPLETE" on stdout once every piece is
verified and written, then exits 0 (announcing "stopped" on the way out). A progress line
goes to stderr every few seconds, with everything else it has to say, so the tests can show
it when something fails.

Exit codes: 0 complete; 1 stopped (signal or stdin) before completing; 2 bad arguments or
torrent; 5 libtorrent reported an error; 6 cannot listen on the port (taken?); 7 timed out.
"""

import argparse
import os
import signal
import sys
import threading
import time

import libtorrent as lt

import loopback

PROGRESS_EVERY_S = 2


class LeechFailure(Exception):
    """A reason to stop, with the exit code that names it."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def log(message):
    print("leech.py: " + message, file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description="Download a torrent with libtorrent on 127.0.0.1.")
    parser.add_argument("torrent", help="the .torrent file")
    parser.add_argument("save_dir", help="folder to download into (libtorrent's save path)")
    parser.add_argument("port", type=int, help="TCP port to listen on, on 127.0.0.1")
    parser.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                        help="give up (exit 7) when not complete after this long (default: 120)")
    parser.add_argument("--exit-on-stdin-close", action="store_true",
                        help="stop when stdin reaches end of file (the parent went away)")
    args = parser.parse_args()
    if not 1 <= args.port <= 65535:
        parser.error("port %d is not in 1..65535" % args.port)
    if args.timeout < 1:
        parser.error("--timeout must be at least 1 second")
    return args


def session_settings(port):
    return loopback.session_settings(port, "leech")


def load_torrent(path):
    try:
        return lt.torrent_info(path)
    except RuntimeError as e:
        raise LeechFailure("cannot read torrent %s: %s" % (path, e), 2)


def describe(status):
    return ("%.1f%%  %d of %d bytes  down %d B/s  peers %d  state %s"
            % (status.progress * 100, status.total_wanted_done, status.total_wanted,
               status.download_payload_rate, status.num_peers, status.state))


def download(session, handle, stop, timeout_s):
    """Takes alerts until the torrent is complete; raises on errors, stop or timeout."""
    start = time.monotonic()
    reported = start
    while True:
        if stop.is_set():
            raise LeechFailure("stopped before completing: " + describe(handle.status()), 1)
        if time.monotonic() - start >= timeout_s:
            raise LeechFailure("timed out after %d s: %s" % (timeout_s, describe(handle.status())), 7)
        session.wait_for_alert(200)
        for alert in session.pop_alerts():
            log("%s: %s" % (type(alert).__name__, alert.message()))
            if isinstance(alert, (lt.file_error_alert, lt.torrent_error_alert)):
                raise LeechFailure("libtorrent error: %s" % alert.message(), 5)
            if isinstance(alert, lt.listen_failed_alert):
                raise LeechFailure("cannot listen: %s" % alert.message(), 6)
        status = handle.status()
        if time.monotonic() - reported >= PROGRESS_EVERY_S:
            log(describe(status))
            reported = time.monotonic()
        # is_finished: every wanted piece passed its hash check (all of them: none is filtered).
        if status.is_finished or status.is_seeding:
            return status


def flush(session, handle):
    """Waits (bounded) until libtorrent has written and closed every file, so the tests can read them."""
    handle.flush_cache()
    handle.save_resume_data(lt.save_resume_flags_t.flush_disk_cache)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        session.wait_for_alert(200)
        for alert in session.pop_alerts():
            if isinstance(alert, (lt.save_resume_data_alert, lt.save_resume_data_failed_alert)):
                return
    log("no confirmation that the data was flushed within 30 s")


def watch_stdin(stop):
    def read_until_eof():
        # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader makes
        # the interpreter abort at exit.
        while os.read(sys.stdin.fileno(), 4096):
            pass
        stop.set()
    threading.Thread(target=read_until_eof, name="stdin-watch", daemon=True).start()


def main():
    args = parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if args.exit_on_stdin_close:
        watch_stdin(stop)

    session = lt.session(session_settings(args.port))
    try:
        params = lt.add_torrent_params()
        params.ti = load_torrent(args.torrent)
        params.save_path = args.save_dir
        # Not auto-managed: the session's queue must never pause our only torrent.
        params.flags &= ~lt.torrent_flags.auto_managed
        params.flags &= ~lt.torrent_flags.paused
        handle = session.add_torrent(params)
        status = download(session, handle, stop, args.timeout)
        flush(session, handle)
        log("complete: " + describe(status))
        print("COMPLETE", flush=True)
        return 0
    except LeechFailure as failure:
        log("FAILED: %s" % failure)
        return failure.exit_code
    finally:
        # Bound the goodbye announce's wait: the tests stop trackers and peers in any order.
        session.apply_settings({"stop_tracker_timeout": 1})
        del session


if __name__ == "__main__":
    sys.exit(main())
