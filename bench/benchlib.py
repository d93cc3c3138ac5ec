#!/usr/bin/python3
"""Small helpers for bench/run.sh: ports, test data, tracker probes, process figures, the report.

Usage: benchlib.py COMMAND ARGS...

  free-port                              a loopback port free for TCP and UDP right now
  parse-size SIZE                        "1G", "256M", "64K" or bytes -> bytes
  make-file PATH BYTES                   random (incompressible) data, written in 4 MiB chunks
  make-tree DIR COUNT MIN_BYTES MAX_BYTES  COUNT random files of sizes in [MIN, MAX] (fixed seed)
  info-hash TORRENT                      the v1 info-hash (40 hex digits)
  await-tracked URL HASH TIMEOUT_S       waits until the tracker accepts announces for HASH
  seeders URL HASH                       the seeder count in the tracker's scrape reply
  await-seeders URL HASH N TIMEOUT_S     waits until the scrape says N seeders (exit 1 on timeout)
  await-seeders-above URL HASH N TIMEOUT_S  waits until the scrape says more than N seeders
  cpu-seconds PID...                     user+system CPU seconds the processes used so far
  peak-rss-kib PID...                    the largest VmHWM (peak RSS) among the processes, KiB
  time-field FILE NAME                   a field of /usr/bin/time -v's report, e.g. "Maximum resident"
  sha1-speed SECONDS                     OpenSSL's SHA-1 (Python's hashlib, which Gorrent's libcrypto
                                         also is) on one thread, then one per core, in GB/s
  report RESULTS_TSV                     the results table (medians), ratios to libtorrent: of the
                                         medians, and the median of each round's own ratio

Everything talks to 127.0.0.1 only. Every wait has a timeout.
"""

import hashlib
import os
import random
import re
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PROBE_TIMEOUT_S = 2
CHUNK = 4 * 1024 * 1024


def fail(message, code=2):
    print("benchlib.py: " + message, file=sys.stderr, flush=True)
    sys.exit(code)


def free_port():
    # Bind TCP and UDP on the same number: opentracker serves both on one port.
    for _ in range(50):
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        tcp.bind(("127.0.0.1", 0))
        port = tcp.getsockname()[1]
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            udp.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            udp.close()
            tcp.close()
    fail("no free loopback port found in 50 tries", 1)


def parse_size(text):
    match = re.fullmatch(r"(\d+)([KMGkmg]?)(i?[Bb])?", text.strip())
    if not match:
        fail("size %r is not a number with an optional K, M or G" % text)
    scale = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[match.group(2).lower()]
    return int(match.group(1)) * scale


def make_file(path, size):
    # os.urandom is fast enough (hundreds of MB/s) and gives data no client can compress or dedupe.
    with open(path, "wb") as out:
        left = size
        while left > 0:
            n = min(CHUNK, left)
            out.write(os.urandom(n))
            left -= n


def make_tree(folder, count, low, high):
    rng = random.Random(20240905)  # a fixed layout, so runs are comparable
    os.makedirs(folder, exist_ok=True)
    total = 0
    for i in range(count):
        sub = os.path.join(folder, "d%02d" % (i % 40))
        os.makedirs(sub, exist_ok=True)
        size = rng.randint(low, high)
        with open(os.path.join(sub, "f%05d.bin" % i), "wb") as out:
            out.write(os.urandom(size))
        total += size
    print(total)


def info_hash(torrent):
    import libtorrent as lt  # only this command needs it
    print(str(lt.torrent_info(torrent).info_hashes().v1))


def percent(hex_hash):
    return "".join("%%%02X" % b for b in bytes.fromhex(hex_hash))


def tracker_get(url):
    try:
        with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_S) as reply:
            return reply.read().decode("latin-1")
    except (urllib.error.URLError, OSError):
        return None


def is_tracked(announce, hex_hash):
    # A "stopped" announce for a made-up peer: tells whether the hash is whitelisted without adding a peer.
    body = tracker_get(announce + "?info_hash=" + percent(hex_hash)
                       + "&peer_id=-GBENCH-probeprobepr&port=9&uploaded=0&downloaded=0&left=0"
                       + "&compact=1&event=stopped")
    return body is not None and "failure reason" not in body


def seeders(announce, hex_hash):
    scrape = announce.replace("/announce", "/scrape")
    body = tracker_get(scrape + "?info_hash=" + percent(hex_hash))
    if body is None:
        return -1
    match = re.search(r"8:completei(\d+)e", body)
    return int(match.group(1)) if match else -1


def await_condition(check, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def cpu_seconds(pids):
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid) as stat:
                # The command name may hold spaces; fields after its closing parenthesis are fixed.
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def peak_rss_kib(pids):
    peak = 0
    for pid in pids:
        try:
            with open("/proc/%s/status" % pid) as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
    return peak


def sha1_hashed_for(seconds, piece):
    """Bytes of 1 MiB pieces hashed with OpenSSL's SHA-1 in about `seconds` (hashlib lets go of the
    interpreter's lock while it hashes large data, so threads run side by side)."""
    end = time.monotonic() + seconds
    hashed = 0
    while time.monotonic() < end:
        hashlib.sha1(piece).digest()
        hashed += len(piece)
    return hashed


def sha1_speed(seconds):
    piece = random.Random(42).randbytes(1 << 20)
    sha1_hashed_for(0.5, piece)  # warm-up
    print("openssl_sha1_1thread_GBps %.2f" % (sha1_hashed_for(seconds, piece) / seconds / 1e9))
    threads = os.cpu_count() or 1
    totals = [0] * threads

    def work(slot):
        totals[slot] = sha1_hashed_for(seconds, piece)

    workers = [threading.Thread(target=work, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("openssl_sha1_allcores_GBps %.2f (%d threads)" % (sum(totals) / seconds / 1e9, threads))


def time_field(path, name):
    with open(path) as report:
        for line in report:
            key, _, value = line.strip().partition(": ")
            if key.startswith(name):
                return value.strip()
    return ""


# ---- the report -------------------------------------------------------------------------------

COLUMNS = ["case", "client", "round", "seconds", "bytes", "rss_kib", "cpu_s", "peer_cpu_s", "ok", "sync_s"]


def load_results(path):
    rows = []
    with open(path) as results:
        for line in results:
            if not line.strip() or line.startswith("#"):
                continue
            values = line.rstrip("\n").split("\t")
            rows.append(dict(zip(COLUMNS, values)))
    return rows


def median(values):
    return statistics.median(values) if values else float("nan")


def paired_ratio(in_case, client):
    """The median over rounds of the client's speed over libtorrent's in the same round. The clients of a
    round run back to back, so this ratio shrugs off a machine that is slower in some rounds than in others,
    which the ratio of the medians does not."""
    def rate(row):
        return int(row["bytes"]) / float(row["seconds"])
    by_round = {}
    for row in in_case:
        if row["ok"] == "ok":
            by_round.setdefault(row["round"], {})[row["client"]] = rate(row)
    ratios = [speeds[client] / speeds["libtorrent"] for speeds in by_round.values()
              if client in speeds and "libtorrent" in speeds]
    return median(ratios) if ratios else None


def report(path):
    rows = load_results(path)
    cases = []
    for row in rows:
        if row["case"] not in cases:
            cases.append(row["case"])
    header = "%-12s %-11s %5s %10s %11s %9s %6s %10s %7s %6s %7s" % (
        "case", "client", "runs", "median", "(min-max)", "peak RSS", "CPU s", "peer CPU s", "sync s", "vs lt",
        "paired")
    print(header)
    print("-" * len(header))
    for case in cases:
        in_case = [r for r in rows if r["case"] == case]
        clients = []
        for row in in_case:
            if row["client"] not in clients:
                clients.append(row["client"])
        speeds = {}
        for client in clients:
            good = [r for r in in_case if r["client"] == client and r["ok"] == "ok"]
            rates = [int(r["bytes"]) / float(r["seconds"]) / 1e6 for r in good]
            speeds[client] = median(rates)
        reference = speeds.get("libtorrent")
        for client in clients:
            runs = [r for r in in_case if r["client"] == client]
            good = [r for r in runs if r["ok"] == "ok"]
            rates = [int(r["bytes"]) / float(r["seconds"]) / 1e6 for r in good]
            unit = "GB/s" if case.startswith("recheck") else "MB/s"
            speed = speeds[client] / (1000 if unit == "GB/s" else 1)
            spread = ("%.0f-%.0f" % (min(rates), max(rates)) if unit == "MB/s"
                      else "%.2f-%.2f" % (min(rates) / 1000, max(rates) / 1000)) if rates else "-"
            rss = median([int(r["rss_kib"]) / 1024 for r in good])
            cpu = median([float(r["cpu_s"]) for r in good])
            peer_cpu = [float(r["peer_cpu_s"]) for r in good if r["peer_cpu_s"] not in ("", "-")]
            syncs = [float(r["sync_s"]) for r in good if r.get("sync_s") not in (None, "", "-")]
            ratio = ("%.2fx" % (speeds[client] / reference)) if reference and good else "-"
            paired = paired_ratio(in_case, client)
            failed = len(runs) - len(good)
            print("%-12s %-11s %5s %10s %11s %9s %6s %10s %7s %6s %7s%s" % (
                case, client, "%d/%d" % (len(good), len(runs)),
                ("%.2f GB/s" % speed if unit == "GB/s" else "%.0f MB/s" % speed) if good else "FAILED",
                spread,
                ("%.0f MiB" % rss) if good else "-",
                ("%.1f" % cpu) if good else "-",
                ("%.1f" % median(peer_cpu)) if peer_cpu else "-",
                ("%.2f" % median(syncs)) if syncs else "-",
                ratio,
                ("%.2fx" % paired) if paired is not None else "-",
                ("   (%d failed: %s)" % (failed, ", ".join(sorted({r["ok"] for r in runs if r["ok"] != "ok"}))))
                if failed else ""))
        print()


def main(argv):
    if len(argv) < 2:
        fail(__doc__.strip())
    command, args = argv[1], argv[2:]
    if command == "free-port":
        print(free_port())
    elif command == "parse-size":
        print(parse_size(args[0]))
    elif command == "make-file":
        make_file(args[0], int(args[1]))
    elif command == "make-tree":
        make_tree(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "info-hash":
        info_hash(args[0])
    elif command == "await-tracked":
        if not await_condition(lambda: is_tracked(args[0], args[1]), float(args[2])):
            fail("tracker %s still refuses %s after %s s" % (args[0], args[1], args[2]), 1)
    elif command == "seeders":
        print(seeders(args[0], args[1]))
    elif command == "await-seeders":
        want = int(args[2])
        if not await_condition(lambda: seeders(args[0], args[1]) == want, float(args[3])):
            fail("tracker lists %d seeders for %s, not %d, after %s s"
                 % (seeders(args[0], args[1]), args[1], want, args[3]), 1)
    elif command == "await-seeders-above":
        floor = int(args[2])
        if not await_condition(lambda: seeders(args[0], args[1]) > floor, float(args[3])):
            fail("tracker lists %d seeders for %s, not more than %d, after %s s"
                 % (seeders(args[0], args[1]), args[1], floor, args[3]), 1)
    elif command == "cpu-seconds":
        print("%.2f" % cpu_seconds(args))
    elif command == "peak-rss-kib":
        print(peak_rss_kib(args))
    elif command == "time-field":
        print(time_field(args[0], args[1]))
    elif command == "sha1-speed":
        sha1_speed(float(args[0]))
    elif command == "report":
        report(args[0])
    else:
        fail("unknown command %r\n%s" % (command, __doc__.strip()))


if __name__ == "__main__":
    main(sys.argv)
