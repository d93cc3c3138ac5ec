#!/usr/bin/env bash
# Gorrent side by side with libtorrent's own client and aria2 on this machine, over loopback.
# See bench/README.md. Usage:
#   bench/run.sh [--rounds N] [--size 1G] [--quick] [--cases LIST] [--files N] [--timeout S]
#                [--jar PATH] [--out DIR] [--jfr FILE] [--keep] [--seed-setting NAME=VALUE]... [--floor]
# Cases (comma-separated for --cases; default all):
#   one-seed   SIZE of one file, 1 MiB pieces, from one libtorrent seed
#   four-seeds the same data from four libtorrent seeds
#   many-files FILES small files (32..96 KiB), 256 KiB pieces, from one libtorrent seed
#   upload     Gorrent seeding to a libtorrent leecher vs a libtorrent seed to the same leecher
#   recheck    re-checking complete SIZE data with no resume record, beside SHA-1's speed (Java's, OpenSSL's)
# --floor adds a fourth client to one-seed: bench/floor.c, the least work a download can take (one C
# thread: requests, SHA-1, pwrite); built with gcc and libcrypto's headers, installed if missing.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$bench_dir/.." && pwd)"
PY=/usr/bin/python3
LIB=("$PY" "$bench_dir/benchlib.py")

rounds=3
size_text=1G
files=2000
cases=one-seed,four-seeds,many-files,upload,recheck
run_timeout=
jar="$repo_root/adapters-cli/target/gorrent.jar"
out_dir=
jfr_file=
keep=0
seed_settings=()
floor=0

usage() {
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
        --size) size_text="${2:?--size needs a size like 1G}"; shift 2 ;;
        --quick) rounds=1; size_text=256M; files=500; shift ;;
        --cases) cases="${2:?--cases needs a list}"; shift 2 ;;
        --files) files="${2:?--files needs a number}"; shift 2 ;;
        --timeout) run_timeout="${2:?--timeout needs seconds}"; shift 2 ;;
        --jar) jar="${2:?--jar needs a path}"; shift 2 ;;
        --out) out_dir="${2:?--out needs a folder}"; shift 2 ;;
        --jfr) jfr_file="${2:?--jfr needs a file}"; shift 2 ;;
        --keep) keep=1; shift ;;
        --seed-setting) seed_settings+=(--setting "${2:?--seed-setting needs NAME=VALUE}"); shift 2 ;;
        --floor) floor=1; shift ;;
        -h|--help) usage ;;
        *) echo "run.sh: unknown option $1" >&2; usage ;;
    esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --rounds $rounds is not a positive number" >&2; exit 2; }
[[ "$files" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --files $files is not a positive number" >&2; exit 2; }

# ---- prerequisites ------------------------------------------------------------------------------

need_install=0
for tool in opentracker aria2c java /usr/bin/time; do
    command -v "$tool" >/dev/null 2>&1 || need_install=1
done
"$PY" -c 'import libtorrent' 2>/dev/null || need_install=1
if [ "$need_install" -eq 1 ]; then
    echo "run.sh: installing missing tools (opentracker, aria2, python3-libtorrent, time)"
    bash "$repo_root/scripts/install-test-deps"
fi
if [ ! -f "$jar" ]; then
    echo "run.sh: $jar is missing; build first: mvn -B -q package -DskipTests" >&2
    exit 2
fi

size=$("${LIB[@]}" parse-size "$size_text")
if [ "$size" -lt $((16 * 1024 * 1024)) ]; then
    echo "run.sh: --size $size_text is too small to measure (16M at least)" >&2
    exit 2
fi
# Generous bounds: 3 MB/s plus start-up would still finish; a hung client cannot hold the run.
[ -n "$run_timeout" ] || run_timeout=$(( size / 3000000 + 60 ))

stamp=$(date +%Y%m%d-%H%M%S)
work=$(mktemp -d "${TMPDIR:-/tmp}/gorrent-bench.XXXXXX")
[ -n "$out_dir" ] || out_dir="$bench_dir/results/$stamp"  # ignored by git
mkdir -p "$out_dir/logs"
results="$out_dir/results.tsv"
: >"$results"

# ---- child processes: every one is tracked and ended on exit ------------------------------------

children=()

# descendants PID: the pids of PID's children, grandchildren, ... (time -> timeout -> client).
descendants() {
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

# stop_pids PID...: SIGTERM to each and everything under it, SIGKILL after 10 s to what is left.
stop_pids() {
    local pid alive all=()
    [ $# -gt 0 ] || return 0
    for pid in "$@"; do
        all+=("$pid" $(descendants "$pid"))
    done
    kill -TERM "${all[@]}" 2>/dev/null || true
    for _ in $(seq 1 100); do
        alive=0
        for pid in "${all[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ "$alive" -eq 0 ] && break
        sleep 0.1
    done
    kill -KILL "${all[@]}" 2>/dev/null || true
    for pid in "$@"; do
        wait "$pid" 2>/dev/null || true
    done
}

forget_child() {
    local pid keep_list=()
    for pid in ${children[@]+"${children[@]}"}; do
        [ "$pid" = "$1" ] || keep_list+=("$pid")
    done
    children=(${keep_list[@]+"${keep_list[@]}"})
}

cleanup() {
    local code=$?
    trap - EXIT INT TERM
    stop_pids ${children[@]+"${children[@]}"}
    if [ "$keep" -eq 1 ]; then
        echo "run.sh: kept the data in $work"
    else
        rm -rf "$work"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

log() {
    echo "[$(date +%H:%M:%S)] $*" | tee -a "$out_dir/progress.log"
}

# ---- tracker -----------------------------------------------------------------------------------

tracker_dir="$work/tracker"
placeholder=ffffffffffffffffffffffffffffffffffffffff
whitelist=("$placeholder")

write_whitelist() {
    printf '%s\n' "${whitelist[@]}" >"$tracker_dir/whitelist.txt.next"
    chmod 644 "$tracker_dir/whitelist.txt.next"
    # One rename, so a reload never reads half a list.
    mv -f "$tracker_dir/whitelist.txt.next" "$tracker_dir/whitelist.txt"
}

start_tracker() {
    # Debian's opentracker chroots into its folder, reads the whitelist relative to it and drops
    # to user nobody: the folder and list must be world-readable.
    mkdir -p "$tracker_dir"
    chmod 755 "$work" "$tracker_dir"
    write_whitelist
    local attempt port
    for attempt in 1 2 3; do
        port=$("${LIB[@]}" free-port)
        (cd "$tracker_dir" && exec opentracker -i 127.0.0.1 -p "$port" -P "$port" -d "$tracker_dir" \
            -w whitelist.txt) >>"$out_dir/logs/opentracker.log" 2>&1 &
        tracker_pid=$!
        children+=("$tracker_pid")
        announce="http://127.0.0.1:$port/announce"
        if "${LIB[@]}" await-tracked "$announce" "$placeholder" 10; then
            log "opentracker on 127.0.0.1:$port (pid $tracker_pid)"
            return 0
        fi
        stop_pids "$tracker_pid"
        forget_child "$tracker_pid"
    done
    echo "run.sh: opentracker did not start; see $out_dir/logs/opentracker.log" >&2
    exit 1
}

allow_hash() {
    whitelist+=("$1")
    write_whitelist
    local attempt
    for attempt in $(seq 1 10); do
        # Signal again now and then: a reload racing an earlier one may have read the old list.
        kill -HUP "$tracker_pid"
        if "${LIB[@]}" await-tracked "$announce" "$1" 1 2>/dev/null; then
            return 0
        fi
    done
    echo "run.sh: opentracker still refuses $1 after whitelisting it" >&2
    exit 1
}

# ---- data and torrents -------------------------------------------------------------------------

# make_torrent PATH TORRENT PIECE_SIZE: creates the torrent with libtorrent, whitelists it and sets
# hash (not in a subshell: the whitelist must keep every hash).
make_torrent() {
    hash=$(timeout 600 "$PY" "$repo_root/e2e/make_torrent.py" "$1" "$2" --tracker "$announce" --piece-size "$3")
    allow_hash "$hash"
}

# ---- seeds -------------------------------------------------------------------------------------

seed_pids=()
seed_ports=()

# start_lt_seeds TORRENT DATA_DIR HASH COUNT: sets seed_pids and seed_ports
start_lt_seeds() {
    local i
    seed_pids=()
    seed_ports=()
    listed_before=$(seeders_now "$3")
    for i in $(seq 1 "$4"); do
        start_lt_seed "$1" "$2" "$i"
    done
}

# start_lt_seed TORRENT DATA_DIR NUMBER: one seed, started again when it dies of a signal before it is
# ready (Debian's python3-libtorrent 2.0.8 died of SIGSEGV while checking the data once on 2026-12-07,
# which ended a whole run); any other failure ends the run, as a broken set-up should.
start_lt_seed() {
    local attempt port pid logbase code
    for attempt in 1 2 3; do
        port=$("${LIB[@]}" free-port)
        logbase="$out_dir/logs/seed-$(basename "$1" .torrent)-$3-$(date +%s%N)"
        "$PY" "$repo_root/e2e/seed.py" "$1" "$2" "$port" ${seed_settings[@]+"${seed_settings[@]}"} >"$logbase.out" 2>"$logbase.err" &
        pid=$!
        children+=("$pid")
        # seed.py says SEEDING only once its data verified and the tracker answered its announce.
        if await_line "$logbase.out" SEEDING "$pid" 180; then
            seed_pids+=("$pid")
            seed_ports+=("$port")
            return 0
        fi
        if kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: libtorrent seed $3 was not ready after 180 s; see $logbase.err" >&2
            exit 1
        fi
        code=0
        wait "$pid" || code=$?
        forget_child "$pid"
        if [ "$code" -le 128 ]; then
            echo "run.sh: libtorrent seed $3 did not start (exit code $code); see $logbase.err" >&2
            exit 1
        fi
        log "note: libtorrent seed $3 died of signal $((code - 128)) while starting (attempt $attempt); see $logbase.err"
    done
    echo "run.sh: libtorrent seed $3 died while starting in 3 attempts" >&2
    exit 1
}

# start_gorrent_seed TORRENT DATA_DIR HASH
start_gorrent_seed() {
    local port logbase
    port=$("${LIB[@]}" free-port)
    logbase="$out_dir/logs/gorrent-seed-$(date +%s%N)"
    listed_before=$(seeders_now "$3")
    GORRENT_JAR="$gorrent_jar" "$repo_root/bin/gorrent" seed "$1" --dir "$2" --port "$port" -q \
        >"$logbase.out" 2>"$logbase.err" &
    seed_pids=("$!")
    children+=("$!")
    # Quiet, it prints nothing when ready: its announce shows at the tracker as one more seeder.
    "${LIB[@]}" await-seeders-above "$announce" "$3" "$listed_before" 180 || {
        echo "run.sh: Gorrent's seed was not announced; see $logbase.err" >&2
        exit 1
    }
}

seeders_now() {
    local count
    count=$("${LIB[@]}" seeders "$announce" "$1")
    [ "$count" -ge 0 ] 2>/dev/null && echo "$count" || echo 0
}

# stop_seeds HASH
stop_seeds() {
    local pid
    stop_pids ${seed_pids[@]+"${seed_pids[@]}"}
    for pid in ${seed_pids[@]+"${seed_pids[@]}"}; do
        forget_child "$pid"
    done
    seed_pids=()
    # A seed whose goodbye announce was lost stays listed for a while; to a client it is only a
    # dead port, so this is reported and not fatal.
    local deadline=$(( $(date +%s) + 10 ))
    while [ "$(seeders_now "$1")" -gt "$listed_before" ] && [ "$(date +%s)" -lt "$deadline" ]; do
        sleep 0.2
    done
    [ "$(seeders_now "$1")" -le "$listed_before" ] || log "note: the tracker still lists a stopped seed (a dead port now)"
}

# await_line FILE TEXT PID TIMEOUT_S: waits until FILE has a line TEXT, while PID lives.
await_line() {
    local deadline=$(( $(date +%s) + $4 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        grep -qx "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# ---- one timed client run ------------------------------------------------------------------------

client_command() { # CLIENT TORRENT DIR PORT [EXTRA...]: sets cmd=(...)
    local client=$1 torrent=$2 dir=$3 port=$4
    shift 4
    case "$client" in
        gorrent)
            # The launcher users run (bin/gorrent: the JVM settings Gorrent is measured with); extra JVM
            # options, if any, go through GORRENT_JAVA_OPTS. The launcher execs java: one process to time.
            cmd=(env GORRENT_JAR="$gorrent_jar" GORRENT_JAVA_OPTS="$*" "$repo_root/bin/gorrent"
                 download "$torrent" --dir "$dir" --port "$port" -q) ;;
        libtorrent)
            cmd=("$PY" "$bench_dir/lt_download.py" "$torrent" "$dir" "$port" --timeout "$run_timeout") ;;
        aria2)
            cmd=(aria2c --dir "$dir" --listen-port="$port"
                 --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false
                 --seed-time=0 --file-allocation=none --bt-stop-timeout=60 --check-integrity=true
                 --summary-interval=0 --console-log-level=warn --quiet=true "$torrent") ;;
        *) echo "run.sh: no client $client" >&2; exit 2 ;;
    esac
}

# Linux remembers the TCP state of the last connection closed to each address (RTT, slow-start
# threshold, reordering; `ip tcp_metrics`) and starts the next connection to it from there: on
# loopback every run would begin where the run before it, another client's, left off. Forgotten
# before each run when we may (root), like the seeds (see download_case).
tcp_metrics=kept
if ip tcp_metrics flush all >/dev/null 2>&1; then
    tcp_metrics=flushed
fi
forget_tcp_metrics() {
    if [ "$tcp_metrics" = flushed ]; then
        ip tcp_metrics flush all >/dev/null 2>&1 || true
    fi
}

# pause_at_random_phase: sleeps 0 to 1 s, drawn uniformly, and leaves the pause in run_pause. Called
# once a run's libtorrent seeds are ready and just before its client starts. A libtorrent seed ends a
# connection's slow start on its first one-second tick after the first request (bench/README.md), and
# its ticks keep time with its own start, so without the pause every run met the tick at nearly the same
# point after the client started: a client whose first request came before it got the seed's fast state
# within a few hundred ms, one whose first request came just after it waited up to a second, and that
# was the same client round after round. Measured 2026-12-08 with 2,000 small files, started 0, 0.25,
# 0.5, 0.75 and 1 s after the seed was ready (medians of 3): Gorrent 1.07, 1.04, 0.92, 0.77 and 1.23 s,
# libtorrent's client 0.67, 1.02, 0.99, 0.88 and 0.64 s. With the pause each client meets the tick at
# random points, as it would a seed that has been running for a while.
pause_at_random_phase() {
    run_pause=$(printf '0.%03d' $(( RANDOM % 1000 )))
    sleep "$run_pause"
}

# timed_run CASE CLIENT ROUND BYTES LABEL -- COMMAND...: runs COMMAND under /usr/bin/time -v and a
# timeout; sets run_rc, run_secs, run_rss, run_cpu, run_peer_cpu (CPU the peers in peer_pids used).
timed_run() {
    local case=$1 client=$2 round=$3 bytes=$4 label=$5
    shift 6
    forget_tcp_metrics
    local timefile="$out_dir/logs/$case-$client-$round-$label.time"
    local outfile="$out_dir/logs/$case-$client-$round-$label.log"
    local before after t0 t1 pid user sys
    before=$("${LIB[@]}" cpu-seconds ${peer_pids[@]+"${peer_pids[@]}"})
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$timefile" timeout -k 5 "$run_timeout" "$@" >"$outfile" 2>&1 </dev/null &
    pid=$!
    children+=("$pid")
    run_rc=0
    wait "$pid" || run_rc=$?
    t1=$(date +%s%N)
    forget_child "$pid"
    after=$("${LIB[@]}" cpu-seconds ${peer_pids[@]+"${peer_pids[@]}"})
    run_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    run_rss=$("${LIB[@]}" time-field "$timefile" "Maximum resident set size")
    user=$("${LIB[@]}" time-field "$timefile" "User time")
    sys=$("${LIB[@]}" time-field "$timefile" "System time")
    run_cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.2f", u + s }')
    run_peer_cpu=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.2f", b - a }')
    [ -n "$run_rss" ] || run_rss=0
}

timed_sync() { # sets sync_secs
    local t0
    t0=$(date +%s%N)
    timeout 120 sync || log "note: sync took over 120 s"
    sync_secs=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
}

record() { # CASE CLIENT ROUND SECONDS BYTES RSS_KIB CPU PEER_CPU OK [SYNC_S]
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10:--}" \
        >>"$results"
    local rate
    rate=$(awk -v b="$5" -v s="$4" 'BEGIN { printf "%.0f", b / s / 1e6 }')
    log "$1 round $3: $2 $4 s = $rate MB/s, peak RSS $(( $6 / 1024 )) MiB, CPU $7 s, peers' CPU $8 s, sync ${10:--} s, started ${run_pause:--} s after its seeds: $9"
    run_pause=
}

# same_content SOURCE COPY: the copy matches byte for byte (a file or a folder).
same_content() {
    if [ -d "$1" ]; then
        diff -rq "$1" "$2" >/dev/null 2>&1
    else
        cmp -s "$1" "$2"
    fi
}

# clients_for_round ROUND CLIENT...: the order of clients turns each round, so none always runs first
# after the seeds start.
clients_for_round() {
    local round=$1 i
    shift
    for i in $(seq 0 $(( $# - 1 ))); do
        local at=$(( (i + round - 1) % $# + 1 ))
        printf '%s ' "${!at}"
    done
}

# download_case CASE TORRENT SOURCE BYTES SEED_DIR HASH SEEDS: SOURCE is the file or top folder the
# torrent describes; SEEDS libtorrent seeds serve it from SEED_DIR, started afresh for every run.
# A long-lived seed served one download after another at 1.2 or 1.9 CPU s per GiB by turns, whichever
# client downloaded (its slow start on each connection lasts until its next one-second tick: see
# bench/README.md), so a client's median depended on its place in the order; a fresh seed gives every
# run the same start.
#
# Each run downloads into a folder of its own. A torrent of many files keeps its runs' folders until
# the case ends: on ext4 without a journal (as here) the inode allocator skips inodes freed in the
# last 60 to 300 s (`recently_deleted`) one by one, so deleting a run's 2,000 files made every later
# run's file creation dearer, run after run, for every client (kernel time 0.7 to 2.0 s by the third
# run). A single file is deleted at once; its space matters more than one inode.
download_case() {
    local case=$1 torrent=$2 source=$3 bytes=$4 seed_dir=$5 hash=$6 seeds=$7 round client port dl ok
    local clients=(gorrent libtorrent aria2)
    if [ "$floor" -eq 1 ] && [ "$case" = one-seed ]; then
        clients+=(floor)
    fi
    rm -rf "$work/download"
    for round in $(seq 1 "$rounds"); do
        for client in $(clients_for_round "$round" "${clients[@]}"); do
            dl="$work/download/$case-$round-$client"
            mkdir -p "$dl"
            start_lt_seeds "$torrent" "$seed_dir" "$hash" "$seeds"
            peer_pids=("${seed_pids[@]}")
            timeout 120 sync
            port=$("${LIB[@]}" free-port)
            if [ "$client" = floor ]; then
                # No tracker: it dials the one seed, and writes the file where a client would.
                cmd=("$floor_bin" "${seed_ports[0]}" "$hash" "$bytes" 1048576 "$dl/$(basename "$source")")
            else
                client_command "$client" "$torrent" "$dl" "$port"
            fi
            pause_at_random_phase
            timed_run "$case" "$client" "$round" "$bytes" dl -- "${cmd[@]}"
            # What the client left for the kernel to write back: a client that flushes its files
            # before exiting paid for it inside its time, the others show it here.
            timed_sync
            ok=ok
            if [ "$run_rc" -ne 0 ]; then
                ok="exit$run_rc"
            elif ! same_content "$source" "$dl/$(basename "$source")"; then
                ok=mismatch
            fi
            record "$case" "$client" "$round" "$run_secs" "$bytes" "$run_rss" "$run_cpu" "$run_peer_cpu" "$ok" \
                "$sync_secs"
            stop_seeds "$hash"
            if [ ! -d "$source" ]; then
                rm -rf "$dl"
            fi
            timeout 120 sync
        done
    done
    rm -rf "$work/download"
    timeout 120 sync
}

# ---- the cases ---------------------------------------------------------------------------------

load() { cut -d' ' -f1-3 /proc/loadavg; }

floor_bin="$work/floor"
if [ "$floor" -eq 1 ]; then
    if ! command -v gcc >/dev/null 2>&1 || [ ! -f /usr/include/openssl/sha.h ]; then
        echo "run.sh: installing gcc and libssl-dev for --floor"
        if [ "$(id -u)" -eq 0 ]; then
            apt-get install -y -q gcc libssl-dev >/dev/null
        else
            sudo apt-get install -y -q gcc libssl-dev >/dev/null
        fi
    fi
    gcc -O2 -Wall -o "$floor_bin" "$bench_dir/floor.c" -lcrypto
fi

gorrent_jar="$work/gorrent.jar"
# A private copy: other builds may replace the jar in target/ while the benchmark runs. The class
# archive the build makes fits only the jar it was made for, so the copy gets its own, made the same
# way (see adapters-cli/pom.xml); bin/gorrent maps it from beside the jar.
cp "$jar" "$gorrent_jar"
rm -rf "$work/cds-training" "$work/gorrent.jsa" "$work/gorrent.classlist"
if ! { timeout 120 java -XX:DumpLoadedClassList="$work/gorrent.classlist" -jar "$gorrent_jar" demo --size 4M \
            --dir "$work/cds-training" -q \
        && timeout 120 java -Xshare:dump -XX:SharedClassListFile="$work/gorrent.classlist" \
            -XX:SharedArchiveFile="$work/gorrent.jsa" -cp "$gorrent_jar"; } >"$work/cds-training.log" 2>&1; then
    echo "run.sh: the class archive for the copied jar could not be made (see $work/cds-training.log);" \
        "Gorrent runs without it" >&2
fi

{
    echo "Gorrent benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
         "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1); libtorrent $("$PY" -c 'import libtorrent; print(libtorrent.__version__)');" \
         "$(aria2c --version | head -1); opentracker (Debian)"
    echo "gorrent.jar: $jar ($(date -r "$jar" '+%Y-%m-%d %H:%M'), sha1 $(sha1sum "$jar" | cut -c1-12))"
    echo "size $size_text ($size bytes), rounds $rounds, many-files: $files files, per-run timeout ${run_timeout}s"
    echo "load average at start: $(load)"
    if [ "${#seed_settings[@]}" -gt 0 ]; then
        echo "libtorrent seeds' settings over the defaults: $(printf '%s ' "${seed_settings[@]}" | sed 's/--setting //g')"
    else
        echo "libtorrent seeds' settings: the defaults (loopback only)"
    fi
    if [ "$tcp_metrics" = flushed ]; then
        echo "TCP metrics cache: flushed before each run, so no run starts from the one before it"
    else
        echo "TCP metrics cache: kept (flushing it needs root); runs may start from the one before them"
    fi
} | tee "$out_dir/header.txt"

log "work folder $work, results in $out_dir"
start_tracker

has_case() { [[ ",$cases," == *",$1,"* ]]; }

if has_case one-seed || has_case four-seeds || has_case upload || has_case recheck; then
    log "making $size_text of random data"
    mkdir -p "$work/data/one" "$work/data/four" "$work/data/upload"
    timeout 900 "${LIB[@]}" make-file "$work/data/one/bench-$size_text.bin" "$size"
    # Hard links: the same bytes (and page cache) under other names, so each case has its own
    # info-hash and no case sees another's peers at the tracker.
    ln "$work/data/one/bench-$size_text.bin" "$work/data/four/bench-$size_text-four.bin"
    ln "$work/data/one/bench-$size_text.bin" "$work/data/upload/bench-$size_text-upload.bin"
fi

if has_case one-seed; then
    source="$work/data/one/bench-$size_text.bin"
    make_torrent "$source" "$work/one.torrent" 1048576
    log "case one-seed: $size_text, 1 MiB pieces, one libtorrent seed ($hash); load $(load)"
    download_case one-seed "$work/one.torrent" "$source" "$size" "$work/data/one" "$hash" 1
    if [ -n "$jfr_file" ]; then
        start_lt_seeds "$work/one.torrent" "$work/data/one" "$hash" 1
        peer_pids=("${seed_pids[@]}")
        log "one more Gorrent download (not counted) with a flight recording into $jfr_file"
        rm -rf "$work/download" && mkdir -p "$work/download"
        client_command gorrent "$work/one.torrent" "$work/download" "$("${LIB[@]}" free-port)" \
            -XX:StartFlightRecording=filename="$jfr_file",settings=profile
        timed_run one-seed-jfr gorrent 1 "$size" dl -- "${cmd[@]}"
        log "JFR run: $run_secs s, exit $run_rc, CPU $run_cpu s (seed's CPU $run_peer_cpu s)"
        rm -rf "$work/download"
        stop_seeds "$hash"
    fi
fi

if has_case four-seeds; then
    source="$work/data/four/bench-$size_text-four.bin"
    make_torrent "$source" "$work/four.torrent" 1048576
    log "case four-seeds: $size_text, 1 MiB pieces, four libtorrent seeds ($hash); load $(load)"
    download_case four-seeds "$work/four.torrent" "$source" "$size" "$work/data/four" "$hash" 4
fi

if has_case many-files; then
    source="$work/data/tree/many-files"
    log "making $files small files"
    tree_bytes=$(timeout 900 "${LIB[@]}" make-tree "$source" "$files" 32768 98304)
    make_torrent "$source" "$work/many.torrent" 262144
    log "case many-files: $files files, $tree_bytes bytes, 256 KiB pieces, one libtorrent seed ($hash); load $(load)"
    download_case many-files "$work/many.torrent" "$source" "$tree_bytes" "$work/data/tree" "$hash" 1
fi

if has_case upload; then
    source="$work/data/upload/bench-$size_text-upload.bin"
    make_torrent "$source" "$work/upload.torrent" 1048576
    log "case upload: a libtorrent leecher downloads $size_text from a Gorrent seed or a libtorrent seed ($hash); load $(load)"
    for round in $(seq 1 "$rounds"); do
        order="gorrent libtorrent"
        [ $(( round % 2 )) -eq 0 ] && order="libtorrent gorrent"
        for seeder in $order; do
            if [ "$seeder" = gorrent ]; then
                start_gorrent_seed "$work/upload.torrent" "$work/data/upload" "$hash"
            else
                start_lt_seeds "$work/upload.torrent" "$work/data/upload" "$hash" 1
            fi
            seeder_pid=${seed_pids[0]}
            seeder_cpu_before=$("${LIB[@]}" cpu-seconds "$seeder_pid")
            # The leecher's own CPU goes in the peers' column; the seeder is the client measured here.
            rm -rf "$work/download" && mkdir -p "$work/download" && timeout 120 sync
            client_command libtorrent "$work/upload.torrent" "$work/download" "$("${LIB[@]}" free-port)"
            peer_pids=()
            pause_at_random_phase
            timed_run upload "$seeder" "$round" "$size" leech -- "${cmd[@]}"
            timed_sync
            seeder_cpu=$(awk -v a="$seeder_cpu_before" -v b="$("${LIB[@]}" cpu-seconds "$seeder_pid")" \
                'BEGIN { printf "%.2f", b - a }')
            seeder_rss=$("${LIB[@]}" peak-rss-kib "$seeder_pid")
            ok=ok
            if [ "$run_rc" -ne 0 ]; then
                ok="exit$run_rc"
            elif ! same_content "$source" "$work/download/$(basename "$source")"; then
                ok=mismatch
            fi
            record upload "$seeder" "$round" "$run_secs" "$size" "$seeder_rss" "$seeder_cpu" "$run_cpu" "$ok" \
                "$sync_secs"
            stop_seeds "$hash"
            rm -rf "$work/download"
            timeout 120 sync
        done
    done
fi

if has_case recheck; then
    check_dir="$work/recheck"
    mkdir -p "$check_dir"
    source="$work/data/one/bench-$size_text.bin"
    [ -f "$work/one.torrent" ] || make_torrent "$source" "$work/one.torrent" 1048576
    # A copy, not a link: a client that wrote to it could not spoil the other cases' data.
    cp "$source" "$check_dir/"
    cat "$check_dir/bench-$size_text.bin" >/dev/null
    timeout 120 sync
    log "case recheck: complete $size_text, no resume record; load $(load)"
    # Both, since Gorrent hashes with libcrypto where the system has it and with the JDK's otherwise.
    sha=$(timeout 120 java "$bench_dir/Sha1Speed.java" 2; timeout 60 "${LIB[@]}" sha1-speed 2)
    log "SHA-1 on this machine: $(echo "$sha" | tr '\n' ' ')"
    echo "$sha" >"$out_dir/sha1.txt"
    # JVM start-up and torrent parsing, to tell apart from hashing: `info` does both and no I/O.
    t0=$(date +%s%N)
    GORRENT_JAR="$gorrent_jar" timeout 60 "$repo_root/bin/gorrent" info "$work/one.torrent" >/dev/null
    startup=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    echo "gorrent_info_seconds $startup" >>"$out_dir/sha1.txt"
    log "gorrent info (JVM start-up, no hashing): $startup s"
    peer_pids=()
    for round in $(seq 1 "$rounds"); do
        for client in $(clients_for_round "$round" gorrent libtorrent aria2); do
            rm -rf "$check_dir/.gorrent-resume" "$check_dir"/*.aria2
            client_command "$client" "$work/one.torrent" "$check_dir" "$("${LIB[@]}" free-port)"
            timed_run recheck "$client" "$round" "$size" check -- "${cmd[@]}"
            ok=ok
            if [ "$run_rc" -ne 0 ]; then
                ok="exit$run_rc"
            elif ! same_content "$source" "$check_dir/bench-$size_text.bin"; then
                ok=mismatch
            fi
            record recheck "$client" "$round" "$run_secs" "$size" "$run_rss" "$run_cpu" - "$ok"
        done
    done
fi

echo "load average at end: $(load)" >>"$out_dir/header.txt"
{
    cat "$out_dir/header.txt"
    echo
    echo "Medians over the rounds; MB = 10^6 bytes; wall time from start to exit of the client process"
    echo "(JVM or interpreter start-up included); peak RSS and CPU (user+sys) from /usr/bin/time -v."
    echo "Every client downloads the same data from the same seeds; the source data was written just"
    echo "before and sits in the page cache for all of them; each run downloads into a new folder and"
    echo "the disk is sync'ed between runs; the client order turns each round; each download starts"
    echo "0 to 1 s (at random) after its seeds are ready, so that no client meets a libtorrent seed's"
    echo "one-second tick, which ends its slow start, at the same point every round. 'peer CPU s' is what"
    echo "the seeds used during the run. Upload rows: the client is the seeder; RSS and CPU are the"
    echo "seeder's, the leecher's CPU is in 'peer CPU s'. 'sync s': how long a sync took right after"
    echo "the client exited (the write-back it left to the kernel; a client that flushes before exiting"
    echo "paid it in its time)."
    echo "Recheck rows: GB/s (10^9 bytes/s) including start-up. 'vs lt': the ratio of the medians;"
    echo "'paired': the median of each round's own ratio (the clients of a round run back to back, so it"
    echo "holds up better when the machine is slower in some rounds than in others)."
    [ -f "$out_dir/sha1.txt" ] && echo "SHA-1 (Java, OpenSSL): $(tr '\n' ' ' <"$out_dir/sha1.txt")"
    echo
    "${LIB[@]}" report "$results"
} | tee "$out_dir/report.txt"
log "report: $out_dir/report.txt"
