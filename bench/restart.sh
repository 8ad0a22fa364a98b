#!/usr/bin/env bash
# Restart time: how long a restart takes until the sign-in page answers and until every bundle has
# started (/api/v1/health says "ok"), run by distro/bin/lectern as users run it, class data sharing
# on. One first start writes each build's class archive; then BENCH_RUNS restarts, taken in turns
# with the baseline build when there is one, so both see the same machine. Prints the medians.
#   LECTERN_JAR          the build to measure (default distro/target/lectern.jar)
#   BENCH_BASELINE_JAR   another build to compare with (optional)
#   BENCH_RUNS           restarts of each build (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${BENCH_RUNS:-5}"
# shellcheck source=lib/lectern.bash
. "$root/bench/lib/lectern.bash"
bench_folder
mkdir deploy
port=$(free_port)
printf 'port=0\ntlsPort=-1\nbindAddress=127.0.0.1\n' > deploy/io.lectern.ingest.rtmp.cfg
builds=("lectern:${LECTERN_JAR:-$root/distro/target/lectern.jar}")
[ -z "${BENCH_BASELINE_JAR:-}" ] || builds+=("baseline:$BENCH_BASELINE_JAR")

# start NAME JAR: one start and stop of JAR in its own data folder; prints "sign-in all" in ms.
start() {
    jar=$2
    sign_in_start "$work/data-$1" "lectern-$1.log"
    until curl -sf "http://127.0.0.1:$port/api/v1/health" | grep -q '"status":"ok"'; do sleep 0.02; done
    echo "$signin_ms $(( ($(date +%s%N) - started_ns) / 1000000 ))"
    kill "$pid"
    wait "$pid" || true
    pid=""
}

for build in "${builds[@]}"; do
    start "${build%%:*}" "${build#*:}" > /dev/null   # the first start writes the class archive as it stops
done
for i in $(seq "$runs"); do
    for build in "${builds[@]}"; do
        echo "${build%%:*} $(start "${build%%:*}" "${build#*:}")" >> times.txt
    done
done
# median N: the middle of the numbers on standard input.
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for build in "${builds[@]}"; do
    name=${build%%:*}
    echo "restart_${name}_to_sign_in_ms $(awk -v n="$name" '$1 == n {print $2}' times.txt | median)  (of $(awk -v n="$name" '$1 == n {printf "%s%s", s, $2; s = ","}' times.txt))"
    echo "restart_${name}_all_bundles_ms $(awk -v n="$name" '$1 == n {print $3}' times.txt | median)"
done
