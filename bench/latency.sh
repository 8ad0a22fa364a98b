#!/usr/bin/env bash
# Latency per latency mode (low-latency, tutorial, high-quality), a 640x360 25 fps test pattern with
# the 360p/240p ladder:
#  1. server side: how long after its pictures were captured a segment (and, in low-latency mode, an
#     LL-HLS part) can be fetched, read from Lectern's 360p playlist (bench/LatencyProbe.java); the
#     same for the ffmpeg CLI writing HLS with the same encoder settings from the same kind of source,
#     in the same run, and the ratio;
#  2. glass to glass: the product test PlayerBrowserTest#measureTheDelayOfEachLatencyMode (headless
#     chromium reads the clock painted into the picture on screen), BENCH_RUNS times, with the spread.
# Runs the built distro (mvn -B -DskipTests install first). Prints one "name value" line per figure.
#   BENCH_SECONDS   how long each playlist is watched (default 30)
#   BENCH_RUNS      how many times the browser measurement runs (default 2; 0 leaves it out)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/distro/target/lectern.jar"
seconds="${BENCH_SECONDS:-30}"
runs="${BENCH_RUNS:-2}"
work="$(mktemp -d)"
pid=""
ff=""
cleanup() {
    for p in "$ff" "$pid"; do
        if [ -n "$p" ]; then
            kill "$p" 2>/dev/null || true
            wait "$p" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

probe() { java "$root/bench/LatencyProbe.java" "$@"; }
value() { awk -v k="$1" '$1 == k {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# Reads ffmpeg's log; writes the wall clock (epoch ms) when showinfo reports picture 0 to $1.
first_picture() {
    local line
    while IFS= read -r line; do
        if [[ $line == *Parsed_showinfo*" n:"*" 0 pts:"* ]]; then
            local now=${EPOCHREALTIME/[.,]/}
            echo $((now / 1000)) > "$1"
            break
        fi
    done
    cat > /dev/null
}

# shellcheck source=lib/lectern.bash
. "$root/bench/lib/lectern.bash"
start_lectern

# The ffmpeg CLI's nearest equivalent of each mode: x264 preset, tuning, B-frames, GOP (frames at
# 25 fps) and segment length as docs/latency-modes.md lists them, one 360p rendition, HLS in fMP4.
declare -A ffargs=(
    [low-latency]="-preset veryfast -tune zerolatency -bf 0 -g 25 -keyint_min 25 -hls_time 2"
    [tutorial]="-preset veryfast -bf 2 -g 50 -keyint_min 50 -hls_time 2"
    [high-quality]="-preset medium -bf 2 -g 100 -keyint_min 100 -hls_time 6"
)

for mode in low-latency tutorial high-quality; do
    name="latency-$mode"
    curl -sf -u admin:bench-password -H 'Content-Type: application/json' "$base/api/v1/streams" \
        -d "{\"name\":\"$name\",\"ingest\":\"testpattern\",\"latencyMode\":\"$mode\",\"ladder\":[\"360p\",\"240p\"],\"settings\":{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\"}}" > /dev/null
    curl -sf -u admin:bench-password -X POST "$base/api/v1/streams/$name/start" > /dev/null
    sleep 8
    ll=""
    [ "$mode" = low-latency ] && ll=ll
    out=$(probe "$base/live/$name/360p.m3u8" "$seconds" "lectern_$mode" $ll)
    echo "$out"
    curl -sf -u admin:bench-password -X POST "$base/api/v1/streams/$name/stop" > /dev/null

    mkdir -p "ff-$mode"
    # ffmpeg's program date-time has whole seconds only: count from the moment its first picture
    # came out of the test source instead (showinfo logs it; the reader notes the wall clock).
    # shellcheck disable=SC2086
    ffmpeg -hide_banner -loglevel info -re -f lavfi -i "testsrc2=size=640x360:rate=25" -f lavfi -re -i "sine=frequency=440:sample_rate=48000" \
        -vf showinfo -c:v libx264 ${ffargs[$mode]} -sc_threshold 0 -b:v 800k -maxrate 800k -bufsize 1600k -pix_fmt yuv420p \
        -c:a aac -b:a 128k -f hls -hls_segment_type fmp4 -hls_flags independent_segments -hls_list_size 0 \
        "ff-$mode/360p.m3u8" 2> >(first_picture "ff-$mode/first") &
    ff=$!
    for _ in $(seq 100); do [ -s "ff-$mode/first" ] && break; sleep 0.1; done
    ffout=$(probe "ff-$mode/360p.m3u8" "$seconds" "ffmpeg_$mode" "started=$(cat "ff-$mode/first")")
    kill "$ff"
    wait "$ff" 2>/dev/null || true
    ff=""
    echo "$ffout"
    l=$(value "lectern_${mode}_ingest_to_segment_p50_ms" <<<"$out")
    f=$(value "ffmpeg_${mode}_ingest_to_segment_p50_ms" <<<"$ffout")
    echo "ingest_to_segment_${mode}_lectern_vs_ffmpeg_p50 $(ratio "$l" "$f")"
done
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

# Glass to glass in headless chromium: the product test, run alone (it starts its own Lectern).
props="$root/itests/io.lectern.itests.distro/target/player-test/player-latency.properties"
all="$work/glass.txt"
: > "$all"
for run in $(seq 1 "$runs"); do
    (cd "$root" && flock /tmp/lectern-product.lock mvn -B -q -o test -pl itests/io.lectern.itests.distro \
        -Dtest='PlayerBrowserTest#measureTheDelayOfEachLatencyMode' -Dsurefire.failIfNoSpecifiedTests=false) > "$work/mvn-$run.log" 2>&1 \
        || { tail -50 "$work/mvn-$run.log" >&2; exit 1; }
    sed "s/=\(.*\)/_run$run \1/" "$props"
    sed 's/=/ /' "$props" >> "$all"
done
# Across runs: the median of each run's median, and the lowest and highest of them.
for key in $(awk '$1 ~ /^glass_to_glass_.*[a-z]_s$/ && $1 !~ /_(min|max)_s$/ {print $1}' "$all" | sort -u); do
    awk -v k="$key" '$1 == k {print $2}' "$all" | sort -n | awk -v k="$key" \
        '{v[NR] = $1} END {printf "%s %.2f\n%s %.2f-%.2f\n", k, v[int((NR + 1) / 2)], k "_spread", v[1], v[NR]}'
done
