#!/usr/bin/env bash
# Statistics ingest: sustained samples/s that the store writes in batches (one transaction per round
# of BENCH_STREAMS samples, as the recorder does), on an embedded H2 file and on a PostgreSQL server
# this script starts on loopback (default settings, fsync on). Needs the store module built
# (mvn -B install -pl bundles/io.lectern.store) and the Debian postgresql binaries.
# Prints stats_ingest_h2_samples_per_s N and stats_ingest_postgresql_samples_per_s N.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/bundles/io.lectern.store"
seconds="${BENCH_SECONDS:-10}"
streams="${BENCH_STREAMS:-100}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
work="$(mktemp -d)"
run_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
    run_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

cp_file="$work/classpath"
(cd "$root" && mvn -B -q -Dstyle.color=never dependency:build-classpath -pl bundles/io.lectern.store -Dmdep.outputFile="$cp_file" >/dev/null)
classpath="$module/target/classes:$module/target/test-classes:$(cat "$cp_file")"
bench() {
    java -cp "$classpath" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.lectern.store.internal.StatsIngestBench \
        "$1" "$2" lectern "$seconds" "$streams"
}

bench h2 "jdbc:h2:file:$work/h2/lectern"

mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work" "$work/pg"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
run_pg "$pg_bin/initdb" -D "$work/pg" -A trust -U lectern -E UTF8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work/pg" start >/dev/null
bench postgresql "jdbc:postgresql://127.0.0.1:$port/postgres"
