#!/usr/bin/env bash
# Footprint: start-up time until the dashboard's sign-in page answers, idle heap and RSS, and how long a plugin
# bundle dropped into deploy/ takes until the registry lists it. Runs the built distro
# (mvn -B -DskipTests install first) in a temporary folder; prints one line per figure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/distro/target/lectern.jar"
plugin="$(ls "$root"/itests/io.lectern.itests.plugin/target/io.lectern.itests.plugin-*.jar | head -1)"
port="${BENCH_HTTP_PORT:-18080}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir deploy
start=$(date +%s%N)
LECTERN_ADMIN_PASSWORD=bench-password java -Dgosh.args=--nointeractive -Dorg.osgi.service.http.port="$port" -Dlectern.data="$work/data" \
    -Dorg.osgi.framework.storage="$work/data/framework" -jar "$jar" > lectern.log 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 "$pid" || { cat lectern.log; exit 1; }
    sleep 0.02
done
ready=$(date +%s%N)
echo "startup_to_dashboard_ready_ms $(( (ready - start) / 1000000 ))"
sleep 5
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "idle_rss_mb $(( rss_kb / 1024 ))"
heap_kb=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {gsub("K","",$(i+1)); print $(i+1); exit}}')
echo "idle_heap_used_mb $(( ${heap_kb:-0} / 1024 ))"
t0=$(date +%s%N)
cp "$plugin" deploy/
until grep -q "plugin added: ingest itest-source" lectern.log; do
    sleep 0.01
    [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 30 ] || { echo "hot install timed out"; exit 1; }
done
t1=$(date +%s%N)
echo "hot_install_ms $(( (t1 - t0) / 1000000 ))  (includes FileInstall's 1 s poll)"
