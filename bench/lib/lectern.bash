# Shared by the bench scripts that run Lectern with a stream: source it, then call the functions.
# Needs $work (a fresh folder, the current directory: bench_folder makes one) and $jar; sets $pid,
# $base and $api.

# bench_folder: makes $work, a fresh folder, the current directory; on exit stops the processes in
# $stop_first (space-separated ids), then Lectern ($pid), then removes $work.
bench_folder() {
    work="$(mktemp -d)"
    pid=""
    stop_first=""
    trap bench_cleanup EXIT
    cd "$work"
}

bench_cleanup() {
    local p
    for p in $stop_first $pid; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

lectern_launcher="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/distro/bin/lectern"

# lectern_command DATA HTTP_PORT [JAVA_OPTION...] &: runs $jar as users do, through distro/bin/lectern (its
# JVM options), with data in DATA; the shared JavaCPP cache (no natives unpacked per run) and no shell.
# No class data sharing archive unless LECTERN_CDS is set: a fresh data folder would only write one at exit.
# Run it in the background: it execs, so $! is the JVM's pid.
lectern_command() {
    local data=$1 port=$2
    shift 2
    LECTERN_ADMIN_PASSWORD=bench-password LECTERN_JAR="$jar" LECTERN_DATA="$data" LECTERN_HTTP_PORT="$port" \
        LECTERN_CDS="${LECTERN_CDS:-off}" LECTERN_JAVA_OPTS="${LECTERN_JAVA_OPTS:-} -Dgosh.args=--nointeractive -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache $*" \
        exec "$lectern_launcher" < /dev/null
}

# sign_in_start DATA LOG: runs $jar on $port through lectern_command, class data sharing on as
# bin/lectern has it, and returns once the sign-in page answers; sets $pid, $started_ns (when the
# command started) and $signin_ms (how long until the page answered).
sign_in_start() {
    started_ns=$(date +%s%N)
    LECTERN_CDS=on lectern_command "$1" "$port" > "$2" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
        kill -0 "$pid" || { cat "$2"; exit 1; }
        sleep 0.02
    done
    signin_ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
}

# start_lectern [JAVA_OPTION...]: runs the product with its data in $work/data, log in $work/lectern.log,
# on a free HTTP port and, unless $work/deploy has RTMP settings already, any free RTMP port without
# RTMPS; returns once the API answers 200 (503 while the database starts) and every plugin has started.
start_lectern() {
    local http_port
    http_port=$(free_port)
    base="http://127.0.0.1:$http_port"
    api="$base/api/v1"
    mkdir -p "$work/deploy" "$work/data"
    [ -f "$work/deploy/io.lectern.ingest.rtmp.cfg" ] ||
        printf 'port=0\ntlsPort=-1\nbindAddress=127.0.0.1\n' > "$work/deploy/io.lectern.ingest.rtmp.cfg"
    lectern_command "$work/data" "$http_port" "$@" > "$work/lectern.log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null -u admin:bench-password "$api/streams" && curl -sf "$api/health" | grep -q '"status":"ok"'; do
        kill -0 "$pid" || { cat "$work/lectern.log" >&2; exit 1; }
        sleep 0.2
    done
}

# start_testpattern NAME MODE: a 640x360 25 fps test pattern stream with the 240p ladder, started.
start_testpattern() {
    curl -sf -o /dev/null -u admin:bench-password -H 'Content-Type: application/json' "$api/streams" \
        -d "{\"name\":\"$1\",\"ingest\":\"testpattern\",\"latencyMode\":\"$2\",\"ladder\":[\"240p\"],\"settings\":{\"width\":\"640\",\"height\":\"360\",\"fps\":\"25\"}}"
    curl -sf -o /dev/null -u admin:bench-password -X POST "$api/streams/$1/start"
}

# cpu_ticks PID...: CPU time (user + system, in clock ticks) the processes have used so far.
cpu_ticks() {
    local total=0 p t
    for p in "$@"; do
        t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
        total=$((total + t))
    done
    echo "$total"
}

# wait_until WHAT SECONDS COMMAND...: runs COMMAND every half second until it succeeds; if Lectern
# exits, or COMMAND still fails after SECONDS, prints "no WHAT after SECONDS s" and the log, and exits.
wait_until() {
    local what=$1 limit=$2
    local deadline=$((SECONDS + limit))
    shift 2
    until "$@"; do
        kill -0 "$pid" || { cat "$work/lectern.log" >&2; exit 1; }
        [ "$SECONDS" -lt "$deadline" ] || { echo "no $what after $limit s" >&2; tail -50 "$work/lectern.log" >&2; exit 1; }
        sleep 0.5
    done
}

# jar_ffmpeg: unpacks the ffmpeg CLI that comes in Lectern's FFmpeg natives jar (the same FFmpeg and
# x264 build Lectern runs in-process) into $work/ffmpeg-jar and prints the path of a command that runs it.
# The jar is taken from the local Maven repository, in the version the root pom names.
jar_ffmpeg() {
    local version natives dir
    version=$(sed -n 's:.*<ffmpeg.version>\(.*\)</ffmpeg.version>.*:\1:p' "$root/pom.xml")
    natives="$HOME/.m2/repository/org/bytedeco/ffmpeg/$version/ffmpeg-$version-linux-x86_64-gpl.jar"
    [ -f "$natives" ] || { echo "$natives is missing: build first (mvn -B -DskipTests install)" >&2; exit 1; }
    dir="$work/ffmpeg-jar"
    mkdir -p "$dir"
    unzip -q -o -j "$natives" 'org/bytedeco/ffmpeg/linux-x86_64-gpl/*' -d "$dir"
    ln -sf libva.so "$dir/libva.so.2"
    ln -sf libva-drm.so "$dir/libva-drm.so.2"
    chmod +x "$dir/ffmpeg"
    printf '#!/bin/sh\nLD_LIBRARY_PATH="%s" exec "%s/ffmpeg" "$@"\n' "$dir" "$dir" > "$dir/run-ffmpeg"
    chmod +x "$dir/run-ffmpeg"
    echo "$dir/run-ffmpeg"
}
