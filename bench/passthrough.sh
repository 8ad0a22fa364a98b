#!/usr/bin/env bash
# Passthrough density: N RTMP streams with ladder ["source"] (no transcoding) served as HLS/DASH by
# Lectern, against one `ffmpeg -listen 1 -i rtmp://… -c copy -f hls` process per stream, in the same
# run on the same clip.
# Counts only the server side (Lectern's JVM; the sum of the ffmpeg HLS writers), never the
# publishers. Runs the built distro through its launcher (distro/bin/lectern, so with its JVM
# options) in a temporary folder. The tutorial mode's recording is turned off, so both sides do the
# same work (BENCH_RECORD=1 keeps it: a second copy of each stream written as a recording).
# Prints one "name value" line per figure; streams per core = how many such streams one core carries,
# and at 80% = how many fit while keeping a fifth of the core spare.
#   BENCH_STREAMS   streams at once (default 16; Lectern's fixed cost, about 0.3% of a core, weighs less with more)
#   BENCH_SECONDS   measured seconds (default 20)
#   BENCH_WARMUP    seconds to run before measuring (default 20; with one stream the JIT compiles for
#                   minutes, a few ms of CPU per second: BENCH_STREAMS=1 BENCH_WARMUP=150 BENCH_SECONDS=60
#                   gives what one stream costs on a server that has run a while)
#   BENCH_RECORD    1 to keep the tutorial mode's recording on (default 0)
#   BENCH_FFMPEG_INPUT  rtmp (default: each ffmpeg listens for its publisher) or file (each reads the clip)
#   LECTERN_JAR     the product to run (default distro/target/lectern.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${LECTERN_JAR:-$root/distro/target/lectern.jar}"
n="${BENCH_STREAMS:-16}"
record="${BENCH_RECORD:-0}"
seconds="${BENCH_SECONDS:-20}"
# The JVM compiles its hot paths in the first seconds; measure after that, as a server runs.
warmup="${BENCH_WARMUP:-20}"
hz=$(getconf CLK_TCK)
work="$(mktemp -d)"
pid=""
children=()
ffmpeg_pids=()
cleanup() {
    for c in "${children[@]}"; do kill "$c" 2>/dev/null || true; done
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# shellcheck source=lib/lectern.bash
source "$root/bench/lib/lectern.bash"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
seconds_of() { awk -v t="$1" -v hz="$hz" 'BEGIN {printf "%.3f", t / hz}'; }

# One 10 s 720p30 H.264/AAC clip, looped by the publishers; 2 s GOP like OBS's default.
ffmpeg -v error -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
    -t 10 -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -b:v 3M -c:a aac -b:a 128k -f flv clip.flv

# Starts a publisher that loops the clip in real time to a URL (or file pattern) with the given output options.
loop() {
    ffmpeg -v error -nostdin -re -stream_loop -1 -i clip.flv -c copy "$@" &
    children+=($!)
}

# Stops the publishers, then the ffmpeg servers they feed (each server then reports its input's end).
stop_children() {
    local c servers=" ${ffmpeg_pids[*]:-} "
    for c in "${children[@]}"; do [[ $servers == *" $c "* ]] || kill "$c" 2>/dev/null || true; done
    for c in "${children[@]}"; do [[ $servers == *" $c "* ]] || wait "$c" 2>/dev/null || true; done
    for c in "${children[@]}"; do kill "$c" 2>/dev/null || true; done
    for c in "${children[@]}"; do wait "$c" 2>/dev/null || true; done
    children=()
}

mkdir -p deploy
# Any free RTMP port (the publish URL the API gives names it); no RTMPS.
printf 'port=0\ntlsPort=-1\nbindAddress=127.0.0.1\n' > deploy/io.lectern.ingest.rtmp.cfg
start_lectern

urls=()
for i in $(seq 1 "$n"); do
    answer=$(curl -sf -u admin:bench-password -H 'Content-Type: application/json' "$api/streams" \
        -d "{\"name\":\"pass$i\",\"ingest\":\"rtmp\",\"latencyMode\":\"tutorial\",\"ladder\":[\"source\"]}")
    if [ "$record" != 1 ]; then
        curl -sf -u admin:bench-password -H 'Content-Type: application/json' "$api/streams/pass$i/destinations" \
            -d '{"id":"recording","platform":"tutorial","enabled":false}' > /dev/null
    fi
    curl -sf -u admin:bench-password -X POST "$api/streams/pass$i/start" > /dev/null
    urls+=("$(grep -o 'rtmp://[^"]*' <<<"$answer" | head -1 | sed 's/localhost/127.0.0.1/')")
done

# Lectern: N publishers; measure after every stream is live and has settled.
for url in "${urls[@]}"; do loop -f flv "$url"; done
for i in $(seq 1 "$n"); do
    until curl -s -u admin:bench-password "$api/pipelines/pass$i" | grep -q '"state":"live"'; do
        kill -0 "$pid" || { cat lectern.log >&2; exit 1; }
        sleep 0.2
    done
done
sleep "$warmup"
before=$(cpu_ticks "$pid")
sleep "$seconds"
after=$(cpu_ticks "$pid")
lectern=$(seconds_of $((after - before)))
live=$(for i in $(seq 1 "$n"); do curl -s -u admin:bench-password "$api/pipelines/pass$i" | grep -c '"state":"live"' || true; done | awk '{s += $1} END {print s + 0}')
stop_children

# ffmpeg: one -c copy HLS (fMP4) writer per stream. By default each takes its stream over RTMP
# (-listen 1) from a publisher like Lectern's, so both sides receive the same TCP traffic;
# BENCH_FFMPEG_INPUT=file has each read the clip itself (no network: the cheaper work).
hls=(-c copy -f hls -hls_segment_type fmp4 -hls_time 2 -hls_list_size 6 -hls_flags delete_segments)
ffmpeg_pids=()
for i in $(seq 1 "$n"); do
    mkdir -p "hls$i"
    if [ "${BENCH_FFMPEG_INPUT:-rtmp}" = file ]; then
        loop "${hls[@]:2}" -hls_segment_filename "hls$i/seg%05d.m4s" "hls$i/index.m3u8"
        ffmpeg_pids+=("${children[-1]}")
    else
        port=$(free_port)
        ffmpeg -v error -nostdin -listen 1 -i "rtmp://127.0.0.1:$port/live/s$i" "${hls[@]}" \
            -hls_segment_filename "hls$i/seg%05d.m4s" "hls$i/index.m3u8" &
        children+=($!)
        ffmpeg_pids+=($!)
        until ss -ltn "sport = :$port" | grep -q LISTEN; do sleep 0.1; done
        loop -f flv "rtmp://127.0.0.1:$port/live/s$i"
    fi
done
sleep "$warmup"
total() { local s=0; for p in "${ffmpeg_pids[@]}"; do s=$((s + $(cpu_ticks "$p"))); done; echo "$s"; }
before=$(total)
sleep "$seconds"
after=$(total)
ffmpeg_cpu=$(seconds_of $((after - before)))
stop_children

awk -v l="$lectern" -v f="$ffmpeg_cpu" -v n="$n" -v s="$seconds" -v live="$live" -v rec="$record" 'BEGIN {
    lc = l / (n * s); fc = f / (n * s)
    printf "passthrough_streams %d\n", n
    printf "passthrough_lectern_recording %d\n", rec
    printf "passthrough_streams_live_at_end %d\n", live
    printf "passthrough_lectern_cpu_per_stream %.4f\n", lc
    printf "passthrough_ffmpeg_cpu_per_stream %.4f\n", fc
    printf "passthrough_streams_per_core_lectern %.1f\n", 1 / lc
    printf "passthrough_streams_per_core_ffmpeg %.1f\n", 1 / fc
    printf "passthrough_streams_at_80_percent_of_a_core_lectern %d\n", 0.8 / lc
    printf "passthrough_streams_at_80_percent_of_a_core_ffmpeg %d\n", 0.8 / fc
    printf "passthrough_streams_per_core_ratio %.2f  (target >= 3)\n", fc / lc
}'
