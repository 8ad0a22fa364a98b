#!/usr/bin/env bash
# Footprint: start-up time until the dashboard's sign-in page answers (first start on an empty data
# folder, and two restarts on the same folder, run by distro/bin/lectern as users run it), when each
# start-up step finished (from the log), idle heap and RSS, RSS with one tutorial-mode stream and its
# default ladder running, and how long a plugin bundle dropped into deploy/ takes until the registry
# lists it. Runs the built distro
# (mvn -B -DskipTests install first) in a temporary folder; prints one line per figure.
#   LECTERN_JAR         the product to run (default distro/target/lectern.jar)
#   LECTERN_JAVA_OPTS   extra JVM options, as bin/lectern takes them
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="${LECTERN_JAR:-$root/distro/target/lectern.jar}"
plugin="$(ls "$root"/itests/io.lectern.itests.plugin/target/io.lectern.itests.plugin-*.jar | head -1)"
# shellcheck source=lib/lectern.bash
. "$root/bench/lib/lectern.bash"
bench_folder
mkdir deploy
port=$(free_port)
printf 'port=0\ntlsPort=-1\nbindAddress=127.0.0.1\n' > deploy/io.lectern.ingest.rtmp.cfg

# run NAME: starts Lectern, waits for /login, prints NAME's start-up time.
run() {
    sign_in_start "$work/data" lectern.log
    echo "$1_to_dashboard_ready_ms $signin_ms"
    run_name=$1
}
# steps: when each start-up step of the last run was logged, in ms after the command started (the log
# has millisecond times); after the run, as the last steps come after the sign-in page answers.
steps() {
    local step pattern line
    for step in "jetty_started:Started Jetty" "pipeline_registry:pipeline registry ready" "database:Database schema at version" \
                "api:Recording stream statistics" "all_bundles:all bundles started"; do
        pattern=${step#*:}
        line=$(grep -m1 "$pattern" lectern.log || true)
        [ -n "$line" ] || continue
        echo "${run_name}_step_${step%%:*}_ms $(( $(date -d "${line:0:23}" +%s%3N) - started_ns / 1000000 ))"
    done
}
stop() {
    local t0
    t0=$(date +%s%N)
    kill "$pid"
    wait "$pid" || true
    pid=""
    echo "${run_name}_stop_ms $(( ($(date +%s%N) - t0) / 1000000 ))"
    steps
}

run startup
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
rm deploy/io.lectern.itests.plugin-*.jar
stop   # the JVM writes the class data sharing archive as it exits

# The same data folder again: the account and database exist, the JavaCPP cache is warm.
run restart
sleep 5
echo "restart_idle_rss_mb $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))  (the class archive mapped)"
stop

# Once more (a second figure of the same kind), then a stream.
run second_restart
api="http://127.0.0.1:$port/api/v1"
curl -sf -o /dev/null -u admin:bench-password -H 'Content-Type: application/json' "$api/streams" \
    -d '{"name":"footprint","ingest":"testpattern","latencyMode":"tutorial","settings":{"width":"1280","height":"720","fps":"30"}}'
curl -sf -o /dev/null -u admin:bench-password -X POST "$api/streams/footprint/start"
sleep 20
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "tutorial_ladder_rss_mb $(( rss_kb / 1024 ))  (720p30 test pattern, default tutorial ladder, after 20 s)"
stop
