#!/usr/bin/env bash
# LL-HLS under many viewers: N viewers, each on its own HTTP/1.1 connection, do blocking playlist
# reloads (_HLS_msn/_HLS_part of the preload hint, as hls.js does at the live edge) on a low-latency
# test pattern stream (640x360 at 25 fps, ladder ["240p"], parts of 1/3 s). The load client
# (bench/llhls/LlHlsLoad.java, JDK only, run from source) prints how long after each part was written
# its playlist arrived (p50/p99), answers per second and errors. Client and Lectern share this machine.
#   BENCH_VIEWERS   viewers (default 5000)
#   BENCH_SECONDS   seconds measured (default 20), after BENCH_RAMP (default 5) s of connecting and 5 s more
#   LECTERN_JAR     the product to run (default distro/target/lectern.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${LECTERN_JAR:-$root/distro/target/lectern.jar}"
viewers="${BENCH_VIEWERS:-5000}"
seconds="${BENCH_SECONDS:-20}"
ramp="${BENCH_RAMP:-5}"
# One descriptor per viewer on each side, plus Lectern's own files.
ulimit -n $(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))
[ "$(ulimit -n)" -gt $((viewers + 1000)) ] || { echo "ulimit -n $(ulimit -n) is too low for $viewers viewers" >&2; exit 1; }
# shellcheck source=lib/lectern.bash
. "$root/bench/lib/lectern.bash"
bench_folder
start_lectern

name=llhls
start_testpattern "$name" low-latency
playlist="$base/live/$name/240p.m3u8"
has_preload_hint() { curl -s "$playlist" | grep -q '^#EXT-X-PRELOAD-HINT'; }
wait_until "preload hint" 120 has_preload_hint

port=${base##*:}
t0=$(cpu_ticks "$pid")
start_ns=$(date +%s%N)
java -Xmx1g -XX:+UseSerialGC "$root/bench/llhls/LlHlsLoad.java" 127.0.0.1 "$port" "$name" 240p "$work/data/live/$name" \
    "$viewers" "$ramp" 5 "$seconds"
t1=$(cpu_ticks "$pid")
wall=$(( ($(date +%s%N) - start_ns) / 1000000 ))
echo "llhls_lectern_cpu_cores $(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v w="$wall" 'BEGIN {printf "%.2f", t / hz / (w / 1000)}')  (average over connecting and measuring)"
echo "llhls_lectern_threads $(ls /proc/$pid/task | wc -l)"
state=$(curl -s -u admin:bench-password "$api/pipelines/$name" | grep -o '"state":"[a-z]*"' | head -1 | cut -d'"' -f4)
echo "llhls_stream_state_at_end ${state:-unknown}"
