#!/usr/bin/python3
"""A download's timeline: how fast the file grows and where each process's CPU goes, per interval.

Usage: timeline.py FILE [--peer-pid PID]... [--interval S] -- COMMAND...

Runs COMMAND (a download, e.g. bin/gorrent download T --dir D -q) and, every interval (0.1 s),
prints the MB/s at which FILE's allocated size grew, the CPU milliseconds the command's threads
used in that interval grouped by thread name (HotSpot's compiler threads, Gorrent's pools, ...),
and the CPU milliseconds of each --peer-pid process (a seed) with its busiest thread. CPU time is
read from /proc/PID/task/TID/schedstat, in nanoseconds, so short intervals stay exact.

It shows what a total cannot: a slow phase at the start of a run and who was busy during it
(bench/README.md, the seed's slow start). Linux only; reads /proc, touches nothing else.
"""

import argparse
import collections
import os
import subprocess
import sys
import time

# Thread name prefixes and the column each goes to; the first prefix that fits wins, the rest are
# summed as "other". Gorrent's session runs on the JVM's main thread (named "java"), each peer has a
# reading (gorrent-peer-*) and a writing (gorrent-wire-writer-*) thread, and flushes run on
# gorrent-write-behind and gorrent-flush, apart from the disk thread (gorrent-write-*).
GROUPS = (("java", "main"), ("gorrent-peer", "reader"), ("gorrent-wire", "writer"),
          ("gorrent-hash", "hash"), ("gorrent-write-behind", "flush"), ("gorrent-flush", "flush"),
          ("gorrent-write", "disk"), ("C1", "C1"), ("C2", "C2"), ("VM Thread", "VM"), ("GC", "GC"))
COLUMNS = list(dict.fromkeys(label for _, label in GROUPS)) + ["other"]


def thread_cpu(pid):
    """{tid: (name, cpu_ns)} for the live threads of pid; empty once it has gone."""
    threads = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return threads
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as comm:
                name = comm.read().strip()
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as stat:
                threads[tid] = (name, int(stat.read().split()[0]))
        except (OSError, ValueError, IndexError):
            continue  # the thread ended between the listing and the read
    return threads


def used_since(before, now):
    """{tid: (name, ms used)} between two thread_cpu readings."""
    return {tid: (name, (ns - before.get(tid, (name, 0))[1]) / 1e6) for tid, (name, ns) in now.items()}


def group_of(name):
    return next((label for prefix, label in GROUPS if name.startswith(prefix)), "other")


def allocated_bytes(path):
    try:
        return os.stat(path).st_blocks * 512
    except OSError:
        return 0


def main():
    parser = argparse.ArgumentParser(description="Sample a download's speed and CPU per interval.",
                                     usage="%(prog)s FILE [--peer-pid PID]... [--interval S] -- COMMAND...")
    parser.add_argument("file", help="the file the download writes (its allocated size is sampled)")
    parser.add_argument("--peer-pid", type=int, action="append", default=[], metavar="PID",
                        help="a process whose CPU to show too, e.g. a seed (repeatable)")
    parser.add_argument("--interval", type=float, default=0.1, metavar="S", help="seconds (0.1)")
    argv = sys.argv[1:]
    if "--" not in argv:
        parser.error("no command given (put it after --)")
    split = argv.index("--")
    args, command = parser.parse_args(argv[:split]), argv[split + 1:]
    if not command:
        parser.error("no command given after --")
    if args.interval <= 0:
        parser.error("--interval must be positive")

    start = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pids = [child.pid] + args.peer_pid
    last = {pid: thread_cpu(pid) for pid in pids}
    last_bytes = allocated_bytes(args.file)
    print("    s   MB/s " + " ".join("%6s" % c for c in COLUMNS)
          + "".join("   peer %d (busiest thread)" % pid for pid in args.peer_pid))
    while child.poll() is None:
        time.sleep(args.interval)
        now = {pid: thread_cpu(pid) for pid in pids}
        size = allocated_bytes(args.file)
        ours = collections.Counter()
        for name, ms in used_since(last[child.pid], now[child.pid]).values():
            ours[group_of(name)] += ms
        line = "%5.2f %6.0f " % (time.monotonic() - start, (size - last_bytes) / 1e6 / args.interval)
        line += " ".join("%6.0f" % ours[c] for c in COLUMNS)
        for pid in args.peer_pid:
            used = used_since(last[pid], now[pid])
            busiest = max(used.values(), key=lambda v: v[1], default=("-", 0.0))
            line += "   %5.0f (%s %.0f)" % (sum(ms for _, ms in used.values()), busiest[0], busiest[1])
        print(line, flush=True)
        last, last_bytes = now, size
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
