#!/usr/bin/python3
"""libtorrent's own client as the reference downloader for bench/run.sh.

Usage: lt_download.py TORRENT SAVE_DIR PORT [--timeout SECONDS]

Downloads TORRENT into SAVE_DIR with libtorrent's default settings, except what keeps it on
loopback and talking to the tracker's peers only (no DHT, local discovery, port mapping or uTP,
several peers per IP, no SSRF filter for the 127.0.0.1 tracker). Exits 0 as soon as every piece
is verified, after telling the tracker it stopped. Data already in SAVE_DIR is checked first, so
on complete data this times libtorrent's re-check.

Exit codes: 0 complete; 1 interrupted; 2 bad arguments or torrent; 5 libtorrent error;
6 cannot listen; 7 timed out.
"""

import argparse
import signal
import sys
import threading
import time

import libtorrent as lt


def log(message):
    print("lt_download.py: " + message, file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description="Download a torrent with libtorrent on 127.0.0.1.")
    parser.add_argument("torrent")
    parser.add_argument("save_dir")
    parser.add_argument("port", type=int)
    parser.add_argument("--timeout", type=int, default=600, metavar="SECONDS")
    args = parser.parse_args()
    if not 1 <= args.port <= 65535:
        parser.error("port %d is not in 1..65535" % args.port)
    return args


def settings(port):
    return {
        "listen_interfaces": "127.0.0.1:%d" % port,
        "enable_dht": False,
        "enable_lsd": False,
        "enable_upnp": False,
        "enable_natpmp": False,
        "enable_ip_notifier": False,
        # Gorrent and aria2 speak TCP only here; keep libtorrent on the same transport.
        "enable_incoming_utp": False,
        "enable_outgoing_utp": False,
        "allow_multiple_connections_per_ip": True,
        "ssrf_mitigation": False,
        "apply_ip_filter_to_trackers": False,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
        # Do not hold the exit for long on the goodbye announce.
        "stop_tracker_timeout": 1,
        "user_agent": "gorrent-bench libtorrent/" + lt.__version__,
    }


def main():
    args = parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        info = lt.torrent_info(args.torrent)
    except RuntimeError as e:
        log("cannot read torrent %s: %s" % (args.torrent, e))
        return 2
    session = lt.session(settings(args.port))
    params = lt.add_torrent_params()
    params.ti = info
    params.save_path = args.save_dir
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    handle = session.add_torrent(params)
    start = time.monotonic()
    code = 7
    while time.monotonic() - start < args.timeout:
        if stop.is_set():
            code = 1
            break
        session.wait_for_alert(100)
        failed = False
        for alert in session.pop_alerts():
            if isinstance(alert, (lt.file_error_alert, lt.torrent_error_alert, lt.listen_failed_alert)):
                log("libtorrent error: " + alert.message())
                code = 6 if isinstance(alert, lt.listen_failed_alert) else 5
                failed = True
        if failed:
            break
        status = handle.status()
        if status.is_seeding or status.is_finished:
            code = 0
            break
    status = handle.status()
    log("%s after %.2f s: %d of %d bytes, %d peers"
        % ({0: "complete", 1: "interrupted", 7: "timed out"}.get(code, "failed"),
           time.monotonic() - start, status.total_wanted_done, status.total_wanted, status.num_peers))
    del session  # waits for the disk threads to close the files and for the "stopped" announce
    return code


if __name__ == "__main__":
    sys.exit(main())
