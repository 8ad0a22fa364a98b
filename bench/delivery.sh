#!/usr/bin/env bash
# Delivery: playlist and segment requests per second and latency percentiles from Lectern's Jetty
# (/live/<stream>/...) against nginx serving the same files on loopback, in the same run, and the ratio.
# One testpattern stream (640x360 at 25 fps, ladder ["240p"], tutorial mode) keeps running during
# both measurements, so both servers share the machine with the same encoder. Lectern answers the media
# playlist from its packager session (rendered once per change); nginx serves a copy fetched over HTTP
# once (tutorial mode keeps a 2 h window, so Lectern's grows by a line per segment meanwhile).
# wrk, nginx and Lectern share the machine's cores: requests/s say what one box serves with the load
# generator on it; CPU time per request (server CPU during the run over requests answered, Lectern's
# idle CPU taken off) says what each server costs, and depends less on what else the machine runs.
# Load: wrk (Debian package `wrk`), keep-alive HTTP/1.1, N connections. Prints "name value" lines.
#   BENCH_CLIENTS   concurrent connections (default 32)
#   BENCH_SECONDS   seconds per measurement (default 10)
#   BENCH_THREADS   wrk threads (default: the number of cores, at most BENCH_CLIENTS)
#   BENCH_WARMUP    seconds of load on each of Lectern's URLs before measuring (default 15)
#   LECTERN_JAR     the product to run (default distro/target/lectern.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${LECTERN_JAR:-$root/distro/target/lectern.jar}"
clients="${BENCH_CLIENTS:-32}"
seconds="${BENCH_SECONDS:-10}"
threads="${BENCH_THREADS:-$(nproc)}"
[ "$threads" -le "$clients" ] || threads=$clients
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
# shellcheck source=lib/lectern.bash
. "$root/bench/lib/lectern.bash"
bench_folder
start_lectern

name=delivery
start_testpattern "$name" tutorial

# Wait until the media playlist lists at least 3 segments.
playlist_path="/live/$name/240p.m3u8"
three_segments() { [ "$(curl -s "$base$playlist_path" | grep -c '^[^#].*\.m4s' || true)" -ge 3 ]; }
wait_until "3 segments" 120 three_segments

# nginx's document root: the stream's folder as Lectern wrote it, and the manifests as Lectern answered them.
mkdir -p www/live
cp -r "data/live/$name" "www/live/$name"
curl -sf -o "www/live/$name/master.m3u8" "$base/live/$name/master.m3u8"
curl -sf -o "www/live/$name/240p.m3u8" "$base$playlist_path"
# One existing segment: the first the playlist lists (tutorial mode keeps 2 h, so it stays), resolved
# relative to the playlist's folder.
segment_ref=$(grep -m1 '^[^#].*\.m4s' "www/live/$name/240p.m3u8" | tr -d '\r')
segment_path="/live/$name/$segment_ref"
[ -f "www$segment_path" ] || { echo "segment $segment_path is not in the copied folder:" >&2; find "www/live/$name" >&2; exit 1; }
segment_bytes=$(stat -c %s "www$segment_path")
curl -sf -o lectern-segment "$base$segment_path"
cmp -s lectern-segment "www$segment_path" || { echo "Lectern's $segment_path differs from the file on disk" >&2; exit 1; }

# nginx's workers run as an unprivileged user when started as root: let them read the copy.
chmod a+rx "$work"
chmod -R a+rX www
nginx_port=$(free_port)
mkdir -p nginx/logs nginx/tmp
cat > nginx/nginx.conf <<EOF
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    types {
        application/vnd.apple.mpegurl m3u8;
        video/iso.segment m4s;
        video/mp4 mp4;
        application/dash+xml mpd;
    }
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
        location ~ \.m3u8\$ { add_header Cache-Control no-cache; }
    }
}
EOF
"$nginx_bin" -c "$work/nginx/nginx.conf" -p "$work/nginx" 2> nginx/stderr &
nginx_pid=$!
stop_first=$nginx_pid
deadline=$((SECONDS + 20))
until curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$playlist_path"; do
    if ! kill -0 "$nginx_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
        cat nginx/stderr nginx/logs/error.log >&2
        exit 1
    fi
    sleep 0.1
done

# wrk reports through a done() hook only (a response() hook would run Lua on every answer and slow
# wrk down): errors are socket errors plus answers with status >= 400.
cat > report.lua <<'EOF'
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT %d %.6f %.3f %.3f %.3f %d %d %d\n",
        summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        latency.mean / 1000, e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
EOF

server_pids() {
    if [ "$1" = lectern ]; then echo "$pid"; else echo "$nginx_pid" $(pgrep -P "$nginx_pid"); fi
}
hz=$(getconf CLK_TCK)
# Lectern's own CPU while nobody asks (the stream's encoder, timers), taken off its figure per request.
idle_before=$(cpu_ticks "$pid")
sleep 5
idle_ticks_per_s=$(awk -v a="$idle_before" -v b="$(cpu_ticks "$pid")" 'BEGIN {print (b - a) / 5}')

# load SERVER KIND URL: one wrk run; prints the figures as name value lines. CPU per request is the
# server's CPU time during the run (less Lectern's idle CPU) over the requests answered: unlike
# requests/s it hardly depends on what else the machine runs meanwhile.
load() {
    local server=$1 kind=$2 url=$3 out result requests duration p50 p99 mean socket bad bytes t0 t1 idle=0
    t0=$(cpu_ticks $(server_pids "$server"))
    out=$(wrk -t "$threads" -c "$clients" -d "${seconds}s" --latency -s report.lua "$url")
    t1=$(cpu_ticks $(server_pids "$server"))
    [ "$server" = lectern ] && idle=$idle_ticks_per_s
    result=$(grep '^RESULT' <<<"$out") || { echo "$out" >&2; exit 1; }
    read -r _ requests duration p50 p99 mean socket bad bytes <<<"$result"
    awk -v s="$server" -v k="$kind" -v r="$requests" -v d="$duration" -v p50="$p50" -v p99="$p99" -v m="$mean" \
        -v e=$((socket + bad)) -v b="$bytes" -v t=$((t1 - t0)) -v idle="$idle" -v hz="$hz" 'BEGIN {
        printf "delivery_%s_cpu_us_per_request_%s %.1f\n", k, s, (t - idle * d) / hz * 1e6 / r
        printf "delivery_%s_rps_%s %.0f\n", k, s, r / d
        printf "delivery_%s_p50_ms_%s %.3f\n", k, s, p50
        printf "delivery_%s_p99_ms_%s %.3f\n", k, s, p99
        printf "delivery_%s_mean_ms_%s %.3f\n", k, s, m
        printf "delivery_%s_mbytes_per_s_%s %.1f\n", k, s, b / d / 1e6
        printf "delivery_%s_errors_%s %d\n", k, s, e
    }'
}

# A warm-up on each URL so the JIT has compiled Lectern's paths, as a server that has run a while
# has (after 3 s the compiler was still busy for a tenth of the measured time).
for url in "$base$playlist_path" "$base$segment_path"; do
    wrk -t "$threads" -c "$clients" -d "${BENCH_WARMUP:-15}s" "$url" > /dev/null
done

results=$(
    load lectern playlist "$base$playlist_path"
    load nginx playlist "http://127.0.0.1:$nginx_port$playlist_path"
    load lectern segment "$base$segment_path"
    load nginx segment "http://127.0.0.1:$nginx_port$segment_path"
)
state=$(curl -s -u admin:bench-password "$api/pipelines/$name" | grep -o '"state":"[a-z]*"' | head -1 | cut -d'"' -f4)

echo "delivery_clients $clients"
echo "delivery_seconds $seconds"
echo "delivery_segment_bytes $segment_bytes"
echo "delivery_playlist_bytes $(stat -c %s "www/live/$name/240p.m3u8")"
echo "delivery_stream_state_at_end ${state:-unknown}"
echo "$results"
echo "delivery_lectern_idle_cpu_percent $(awk -v t="$idle_ticks_per_s" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz * 100}')"
figure() { awk -v k="$1" '$1 == k {print $2}' <<<"$results"; }
for kind in playlist segment; do
    echo "delivery_${kind}_rps_ratio $(awk -v l="$(figure "delivery_${kind}_rps_lectern")" -v n="$(figure "delivery_${kind}_rps_nginx")" \
        'BEGIN {printf "%.3f", l / n}')  (Lectern / nginx)"
    echo "delivery_${kind}_cpu_per_request_ratio $(awk -v l="$(figure "delivery_${kind}_cpu_us_per_request_lectern")" \
        -v n="$(figure "delivery_${kind}_cpu_us_per_request_nginx")" 'BEGIN {printf "%.3f", l / n}')  (Lectern / nginx, lower is better)"
done
