#!/usr/bin/python3
"""Seeds one torrent with libtorrent on loopback, for Gorrent's end-to-end tests.

Usage: seed.py TORRENT DATA_DIR PORT [--rate-limit BYTES_PER_S] [--exit-on-stdin-close]
               [--report-upload] [--setting NAME=VALUE]...

Checks DATA_DIR against the torrent (refuses to start unless every piece verifies),
announces to the torrent's tracker, prints the line "SEEDING" on stdout, then serves
until SIGTERM/SIGINT (or until stdin closes, with --exit-on-stdin-close). Everything
else it has to say goes to stderr, so the tests can show it when something fails.
With --report-upload it also prints "UPLOADED N" on stdout, N the payload bytes sent
since it started: about twice a second while the count grows, and once more, final, as
it stops (so a test that stops it reads the exact total from its last such line).

Exit codes: 0 stopped (signal or stdin) after seeding; 1 stopped before seeding;
2 bad arguments or torrent; 3 data does not verify; 4 tracker refused or unreachable;
5 libtorrent reported an error or timed out; 6 cannot listen on the port (taken?).
"""

import argparse
import collections
import os
import signal
import sys
import threading
import time

import libtorrent as lt

import loopback

CHECK_TIMEOUT_S = 120
ANNOUNCE_TIMEOUT_S = 30
NUDGE_EVERY_S = 5
REPORT_EVERY_S = 0.5


class SeedFailure(Exception):
    """A reason to stop, with the exit code that names it."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def log(message):
    print("seed.py: " + message, file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description="Seed a torrent with libtorrent on 127.0.0.1.")
    parser.add_argument("torrent", help="the .torrent file")
    parser.add_argument("data_dir", help="folder that holds the torrent's data (its save path)")
    parser.add_argument("port", type=int, help="TCP port to listen on, on 127.0.0.1")
    parser.add_argument("--rate-limit", type=int, default=0, metavar="BYTES_PER_S",
                        help="upload limit in bytes per second, also for loopback peers (0: none)")
    parser.add_argument("--exit-on-stdin-close", action="store_true",
                        help="stop when stdin reaches end of file (the parent went away)")
    parser.add_argument("--report-upload", action="store_true",
                        help='print "UPLOADED N" (payload bytes sent) on stdout as it grows and when stopping')
    parser.add_argument("--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a libtorrent session setting (settings_pack name; an integer, true/false or"
                             " text), applied over the defaults; repeatable (the benchmark uses it)")
    args = parser.parse_args()
    try:
        args.setting = dict(parse_setting(text) for text in args.setting)
    except ValueError as e:
        parser.error(str(e))
    if not 1 <= args.port <= 65535:
        parser.error("port %d is not in 1..65535" % args.port)
    if args.rate_limit < 0:
        parser.error("--rate-limit must not be negative")
    return args


def parse_setting(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise ValueError("--setting %r is not NAME=VALUE" % text)
    if value in ("true", "false"):
        return name, value == "true"
    try:
        return name, int(value)
    except ValueError:
        return name, value


def session_settings(port, rate_limit, extra):
    settings = loopback.session_settings(port, "seed", upload_rate_limit=rate_limit)
    settings.update(extra)  # a --setting wins, even over --rate-limit
    return settings


def count_loopback_in_rate_limits(session):
    # libtorrent puts local-network peers in a class without limits; map every address to
    # the global class so --rate-limit applies to the tests' loopback peers too.
    everyone_global = lt.ip_filter()
    global_class = 1 << lt.session.global_peer_class_id
    everyone_global.add_rule("0.0.0.0", "255.255.255.255", global_class)
    everyone_global.add_rule("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", global_class)
    session.set_peer_class_filter(everyone_global)


def load_torrent(path):
    try:
        return lt.torrent_info(path)
    except RuntimeError as e:
        raise SeedFailure("cannot read torrent %s: %s" % (path, e), 2)


class Alerts:
    """libtorrent's alerts one at a time, each logged to stderr as it is taken.

    pop_alerts() hands over a batch; keeping the rest of a batch for the next caller matters,
    as the tracker's reply can arrive in the same batch as the end of the check."""

    def __init__(self, session):
        self._session = session
        self._pending = collections.deque()
        self._seen_types = set()

    def seen(self, alert_type):
        """Whether an alert of this type was taken already."""
        return alert_type in self._seen_types

    def next(self, wait_ms):
        if not self._pending:
            self._session.wait_for_alert(wait_ms)
            self._pending.extend(self._session.pop_alerts())
        if not self._pending:
            return None
        alert = self._pending.popleft()
        self._seen_types.add(type(alert))
        log("%s: %s" % (type(alert).__name__, alert.message()))
        return alert


def wait_for(alerts, stop, done, timeout_s, what, nudge=None):
    """Takes alerts until done(alert) is true; raises on timeout, errors or stop.

    Calls nudge(), if given, every NUDGE_EVERY_S seconds while waiting."""
    start = time.monotonic()
    nudged = start
    while time.monotonic() - start < timeout_s:
        if stop.is_set():
            raise SeedFailure("stopped while %s" % what, 1)
        if nudge is not None and time.monotonic() - nudged >= NUDGE_EVERY_S:
            nudge()
            nudged = time.monotonic()
        alert = alerts.next(200)
        if alert is None:
            continue
        if isinstance(alert, (lt.file_error_alert, lt.torrent_error_alert)):
            raise SeedFailure("libtorrent error while %s: %s" % (what, alert.message()), 5)
        if isinstance(alert, lt.listen_failed_alert):
            raise SeedFailure("cannot listen: %s" % alert.message(), 6)
        if isinstance(alert, lt.tracker_error_alert):
            raise SeedFailure("tracker refused or unreachable while %s: %s" % (what, alert.message()), 4)
        if done(alert):
            return
    raise SeedFailure("timed out after %d s while %s" % (timeout_s, what), 5)


def check_and_announce(alerts, stop, handle):
    wait_for(alerts, stop, lambda a: isinstance(a, lt.torrent_checked_alert), CHECK_TIMEOUT_S, "checking the data")
    status = handle.status()
    if not status.is_seeding:
        raise SeedFailure("data does not verify: %d of %d pieces good (%.1f%%) in %s"
                          % (status.num_pieces, handle.torrent_file().num_pieces(),
                             status.progress * 100, status.save_path), 3)
    log("data verified: all %d pieces" % status.num_pieces)

    def announce_again():
        # Finishing the check starts an announce by itself; should it be lost or slow, ask again
        # (past the tracker's minimum interval) rather than only wait.
        log("no tracker reply yet; announcing again")
        handle.force_reannounce(0, -1, lt.reannounce_flags_t.ignore_min_interval)

    if not alerts.seen(lt.tracker_reply_alert):
        wait_for(alerts, stop, lambda a: isinstance(a, lt.tracker_reply_alert), ANNOUNCE_TIMEOUT_S, "announcing",
                 nudge=announce_again)


def report_upload(handle, last):
    """Prints the payload bytes sent so far when they differ from last; returns them."""
    uploaded = handle.status().total_payload_upload
    if uploaded != last:
        print("UPLOADED %d" % uploaded, flush=True)
    return uploaded


def serve(alerts, stop, handle, report):
    uploaded = -1
    reported = time.monotonic()
    while not stop.is_set():
        alerts.next(500)
        if report and time.monotonic() - reported >= REPORT_EVERY_S:
            uploaded = report_upload(handle, uploaded)
            reported = time.monotonic()
    if report:
        # The final count, printed even when unchanged, so the last line is always current.
        print("UPLOADED %d" % handle.status().total_payload_upload, flush=True)


def watch_stdin(stop):
    def read_until_eof():
        # os.read, not sys.stdin: a daemon thread blocked inside the buffered reader makes
        # the interpreter abort at exit ("could not acquire lock ... at interpreter shutdown").
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

    try:
        session = lt.session(session_settings(args.port, args.rate_limit, args.setting))
    except KeyError as e:
        log("FAILED: libtorrent has no such setting: %s" % e)
        return 2
    count_loopback_in_rate_limits(session)
    try:
        params = lt.add_torrent_params()
        params.ti = load_torrent(args.torrent)
        params.save_path = args.data_dir
        # Not auto-managed: the session's queue must never pause our only torrent.
        params.flags &= ~lt.torrent_flags.auto_managed
        params.flags &= ~lt.torrent_flags.paused
        handle = session.add_torrent(params)
        alerts = Alerts(session)
        check_and_announce(alerts, stop, handle)
        print("SEEDING", flush=True)
        log("seeding %s on 127.0.0.1:%d" % (params.ti.name(), args.port))
        serve(alerts, stop, handle, args.report_upload)
        log("stopping")
        return 0
    except SeedFailure as failure:
        log("FAILED: %s" % failure)
        return failure.exit_code
    finally:
        # Bound the goodbye announce's wait: the tests stop trackers and seeds in any order.
        session.apply_settings({"stop_tracker_timeout": 1})
        del session


if __name__ == "__main__":
    sys.exit(main())
