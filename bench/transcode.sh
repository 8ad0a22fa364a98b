#!/usr/bin/env bash
# Transcoding cost: CPU seconds per media second for the 720p/480p/360p/240p ladder (tutorial mode),
# Lectern against the equivalent ffmpeg CLI command (decode once, split, scale, libx264 veryfast with
# the same bitrates, GOP and x264 settings, audio copied), in the same run on the same clips. (What a
# passthrough-only stream costs is measured by bench/passthrough.sh with BENCH_STREAMS=1, after the
# JIT has settled.) Runs the built distro
# (distro/target/lectern.jar, through distro/bin/lectern) in a temporary folder. Prints one "name value" line per figure.
#   BENCH_SECONDS   clip length (default 20)
#   BENCH_RUNS      blocks per clip (default 3). A block runs Lectern, ffmpeg, ffmpeg, Lectern, one after
#                   the other, and its ratio is Lectern's two figures over ffmpeg's two: this virtual
#                   machine's speed drifts by 20% over minutes, and the mirrored order cancels a steady
#                   drift within the block. The ratio printed is the median of the blocks'.
#   BENCH_FFMPEG    jar (default): the ffmpeg CLI from Lectern's own FFmpeg natives jar, the same FFmpeg 7.1
#                   and x264 build Lectern runs, so the ratio is what Lectern adds; debian: Debian's ffmpeg
#                   (5.1, its own x264 build, faster on this machine by a tenth or more)
#   BENCH_RTMP_SETTINGS  extra lines for the RTMP ingest's settings, e.g. "readIntervalMillis=20"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/distro/target/lectern.jar"
seconds="${BENCH_SECONDS:-20}"
hz=$(getconf CLK_TCK)
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# shellcheck source=lib/lectern.bash
source "$root/bench/lib/lectern.bash"
case "${BENCH_FFMPEG:-jar}" in
    jar) ff=$(jar_ffmpeg) ;;
    debian) ff=ffmpeg ;;
    *) echo "BENCH_FFMPEG is jar or debian" >&2; exit 1 ;;
esac
echo "transcode_ffmpeg_cli $("$ff" -version | head -1 | cut -d' ' -f1-3)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

# Two 720p30 H.264/AAC clips: slides and a terminal (flat colours, sharp text), and a camera-like
# picture (fine detail that moves everywhere). 2 s GOP like OBS's default.
text="drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:fontsize=28:fontcolor=white:box=1:boxcolor=black@0.6"
ffmpeg -v error -f lavfi -i "testsrc2=size=1280x720:rate=30,${text}:x=40:y=40:text='lectern \$ make test %{pts\\:hms}',${text}:x=40:y=100:text='frame %{n}'" \
    -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p \
    -b:v 4M -c:a aac -b:a 128k -f flv screen.flv
ffmpeg -v error -f lavfi -i "mandelbrot=size=1280x720:rate=30" -f lavfi -i "sine=frequency=220:sample_rate=48000" \
    -t "$seconds" -c:v libx264 -preset veryfast -g 60 -pix_fmt yuv420p -b:v 4M -c:a aac -b:a 128k -f flv camera.flv

mkdir -p deploy
# Any free RTMP port: the publish URL the API gives names it.
printf 'port=0\ntlsPort=0\nbindAddress=127.0.0.1\n%s\n' "${BENCH_RTMP_SETTINGS:-}" > deploy/io.lectern.ingest.rtmp.cfg
start_lectern

# Creates and starts a stream; prints its RTMP publish URL. The tutorial mode's recording is off: the
# ffmpeg command writes the renditions once too.
stream() {
    local name=$1 ladder=$2 answer
    answer=$(curl -sf -u admin:bench-password -H 'Content-Type: application/json' "$api/streams" \
        -d "{\"name\":\"$name\",\"ingest\":\"rtmp\",\"latencyMode\":\"tutorial\",\"ladder\":$ladder}")
    curl -sf -u admin:bench-password -H 'Content-Type: application/json' "$api/streams/$name/destinations" \
        -d '{"id":"recording","platform":"tutorial","enabled":false}' > /dev/null
    curl -sf -u admin:bench-password -X POST "$api/streams/$name/start" > /dev/null
    until curl -s -u admin:bench-password "$api/pipelines/$name" | grep -q '"state":"waiting"'; do
        sleep 0.2
    done
    grep -o 'rtmp://[^"]*' <<<"$answer" | head -1 | sed 's/localhost/127.0.0.1/'
}

# Lectern's CPU seconds while one clip is published in real time and its last frames are encoded.
lectern_cpu() {
    local url=$1 clip=$2 before after
    before=$(cpu_ticks "$pid")
    ffmpeg -v error -re -i "$clip" -c copy -f flv "$url"
    sleep 2
    after=$(cpu_ticks "$pid")
    awk -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.3f", t / hz}'
}

# The ffmpeg CLI doing the same work: the user+system seconds of the whole command.
ffmpeg_cpu() {
    local clip=$1 x264="scenecut=0:psy-rd=1.0,0.0:deblock=-1,-1"
    local common=(-c:v libx264 -preset veryfast -bf 2 -g 60 -keyint_min 60 -forced-idr 1 -x264-params "$x264" -an)
    /usr/bin/time -f "%U %S" -o time.txt "$ff" -v error -y -re -i "$clip" \
        -filter_complex "[0:v]split=4[a][b0][c0][d0];[b0]scale=-2:480[b];[c0]scale=-2:360[c];[d0]scale=-2:240[d]" \
        -map "[a]" "${common[@]}" -profile:v high -b:v 2800k -maxrate 2800k -bufsize 5600k -f mp4 -movflags frag_keyframe+empty_moov v720.mp4 \
        -map "[b]" "${common[@]}" -profile:v high -b:v 1400k -maxrate 1400k -bufsize 2800k -f mp4 -movflags frag_keyframe+empty_moov v480.mp4 \
        -map "[c]" "${common[@]}" -profile:v main -b:v 800k -maxrate 800k -bufsize 1600k -f mp4 -movflags frag_keyframe+empty_moov v360.mp4 \
        -map "[d]" "${common[@]}" -profile:v main -b:v 400k -maxrate 400k -bufsize 800k -f mp4 -movflags frag_keyframe+empty_moov v240.mp4 \
        -map 0:a -c:a copy -f mp4 -movflags frag_keyframe+empty_moov audio.mp4
    awk '{printf "%.3f", $1 + $2}' time.txt
}

sleep 5
idle_before=$(cpu_ticks "$pid")
sleep 5
idle_after=$(cpu_ticks "$pid")
echo "lectern_idle_core_percent $(awk -v t=$((idle_after - idle_before)) -v hz="$hz" 'BEGIN {printf "%.2f", 100 * t / hz / 5}')"

# A server that has run a while has compiled its hot paths: both clips through a ladder first, unmeasured
# (the JIT compilers took 5% of Lectern's CPU during the first clip, 3% during the second).
for source in screen camera; do
    url=$(stream "warm-up-$source" '["720p","480p","360p","240p"]')
    ffmpeg -v error -re -i "$source.flv" -c copy -f flv "$url"
    curl -sf -u admin:bench-password -X POST "$api/streams/warm-up-$source/stop" > /dev/null
done

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# One Lectern figure and the packets it dropped: a new stream (so each starts as a viewer's would), the clip, the stream stopped.
lectern_run() {
    local source=$1 name=$2 url l dropped
    url=$(stream "$name" '["720p","480p","360p","240p"]')
    l=$(lectern_cpu "$url" "$source.flv")
    dropped=$(curl -s -u admin:bench-password "$api/pipelines/$name" | grep -o '"dropped":[0-9]*' | awk -F: '{s += $2} END {print s + 0}')
    curl -sf -u admin:bench-password -X POST "$api/streams/$name/stop" > /dev/null
    echo "$l $dropped"
}
for source in screen camera; do
    ratios=()
    for run in $(seq 1 "${BENCH_RUNS:-3}"); do
        read -r l1 d1 <<<"$(lectern_run "$source" "ladder-$source-$run-a")"
        f1=$(ffmpeg_cpu "$source.flv")
        f2=$(ffmpeg_cpu "$source.flv")
        read -r l2 d2 <<<"$(lectern_run "$source" "ladder-$source-$run-b")"
        echo "transcode_${source}_run${run}_lectern_cpu_per_media_s $(ratio "$l1" "$seconds") $(ratio "$l2" "$seconds")"
        echo "transcode_${source}_run${run}_ffmpeg_cpu_per_media_s $(ratio "$f1" "$seconds") $(ratio "$f2" "$seconds")"
        r=$(awk -v a="$l1" -v b="$l2" -v c="$f1" -v d="$f2" 'BEGIN {printf "%.3f", (a + b) / (c + d)}')
        echo "transcode_${source}_run${run}_ratio $r"
        # Packets Lectern dropped because the machine could not keep up make its figure too low: rerun on a quieter machine.
        echo "transcode_${source}_run${run}_lectern_dropped_packets $((d1 + d2))"
        ratios+=("$r")
    done
    echo "transcode_${source}_ratio $(printf '%s\n' "${ratios[@]}" | median)  (median of ${#ratios[@]} blocks; target <= 1.05)"
done
