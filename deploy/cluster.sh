#!/usr/bin/env bash
# A Hotline cluster on this machine, for trying it: a throwaway PostgreSQL (or the one named by
# HOTLINE_PG, an Npgsql connection string), three silos and two gateways on loopback ports.
# Ctrl+C (or SIGTERM) stops them all cleanly: gateways first, then silos, then PostgreSQL.
#
#   deploy/cluster.sh                                   # gateways on http://127.0.0.1:5081 and :5082
#   HOTLINE_PORT_OFFSET=100 deploy/cluster.sh           # a second cluster beside it: :5181 and :5182
#
# Keys by need: the silos share keys/silo (caller-hash key, key ring, key-ring certificate),
# the gateways keys/gateway (the public token key only), and tokens are minted with the
# private key in keys/token.
#
# Two database roles: the schema is applied by its owner (hotline_owner in the throwaway
# database), the silos run as hotline_app, which may read and write grain state and the indexes
# but only read and append to the audit, and owns nothing (no ALTER TABLE, no DROP TRIGGER).
#
# Environment (every port is HOTLINE_PORT_OFFSET, default 0, plus the default shown, unless set):
#   HOTLINE_PG                 use this database instead of starting one (the silos' connection string)
#   HOTLINE_PG_OWNER           with HOTLINE_PG: the owner's connection string that applies the schema (default HOTLINE_PG)
#   HOTLINE_PG_ROLE            with HOTLINE_PG: the role of HOTLINE_PG to grant the runtime rights to (default none)
#   HOTLINE_CLUSTER_DIR        where logs, keys, pid files and the throwaway database go (default a new folder under /tmp)
#   HOTLINE_PG_PORT            the throwaway PostgreSQL (55432)
#   HOTLINE_SILO_PORT          silo-to-silo port of silo 1; silos 2 and 3 take the next two (11111)
#   HOTLINE_SILO_GATEWAY_PORT  Orleans client port of silo 1; likewise (30001)
#   HOTLINE_GRPC_PORT          gRPC port of gateway 1; gateway 2 takes the next (5081)
#   HOTLINE_METRICS_PORT       Prometheus port of gateway 1; likewise (9464)
#   HOTLINE_RESTART_DELAY      seconds before a silo or gateway that exited is started again (2)
# Each cluster has its own database, so two side by side need no ClusterId of their own.
#
# Process ids: each is printed and written to $HOTLINE_CLUSTER_DIR/pids/<name>.pid (postgres,
# silo1-3, gateway1-2, and cluster, watchdog, supervisor-silo1 ... for this script's own).
# A silo or gateway that exits while the cluster runs is started again with the same settings
# after HOTLINE_RESTART_DELAY, and its pid file is rewritten. A watchdog in its own session stops
# everything if this script dies without cleaning up (kill -9).
set -euo pipefail

script=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Running, and not a child that ended and waits to be reaped.
alive() {
  local state
  state=$(ps -o stat= -p "${1:-0}" 2>/dev/null) && [ "${state#Z}" = "$state" ]
}

# Gives the process named by a pid file up to 20 s to end, then KILL.
await_end() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  for _ in $(seq 200); do alive "$pid" || break; sleep 0.1; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$file"
}

# Ends the process named by a pid file: TERM, then as await_end.
end_process() {
  if [ -f "$1" ]; then kill -TERM "$(cat "$1")" 2>/dev/null || true; fi
  await_end "$1"
}

stop_database() {
  local pg_data=$1
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    as_postgres pg_ctl -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$(dirname "$pg_data")/pids/postgres.pid"
}

# The watchdog: waits for the script to end and stops whatever it left (supervisors first, so
# nothing is restarted). It ignores the terminal's signals and has its own session; USR1 (from
# stop_all, which has done its work) ends it.
if [ "${1:-}" = --watchdog ]; then
  set +e
  trap '' INT TERM HUP
  trap 'exit 0' USR1
  parent=$2 run=$3 pg_data=${4:-}
  while alive "$parent"; do sleep 1; done
  for f in "$run"/pids/supervisor-*.pid; do [ -f "$f" ] && kill -KILL "$(cat "$f")" 2>/dev/null; rm -f "$f"; done
  for name in gateway1 gateway2 silo1 silo2 silo3; do end_process "$run/pids/$name.pid"; done
  stop_database "$pg_data"
  rm -f "$run/pids/cluster.pid" "$run/pids/watchdog.pid"
  exit 0
fi

root=$(cd "$(dirname "$script")/.." && pwd)
run=${HOTLINE_CLUSTER_DIR:-$(mktemp -d /tmp/hotline-cluster.XXXXXX)}
offset=${HOTLINE_PORT_OFFSET:-0}
pg_port=${HOTLINE_PG_PORT:-$((55432 + offset))}
silo_port=${HOTLINE_SILO_PORT:-$((11111 + offset))}
silo_gateway_port=${HOTLINE_SILO_GATEWAY_PORT:-$((30001 + offset))}
grpc_port=${HOTLINE_GRPC_PORT:-$((5081 + offset))}
metrics_port=${HOTLINE_METRICS_PORT:-$((9464 + offset))}
restart_delay=${HOTLINE_RESTART_DELAY:-2}
connection=${HOTLINE_PG:-}
owner_connection=${HOTLINE_PG_OWNER:-$connection}
runtime_role=${HOTLINE_PG_ROLE:-}
pids="$run/pids"
pg_data=""
stopping=""

# Runs one process and starts it again whenever it exits, until this subshell gets TERM; then
# it stops the process and waits for it.
supervise() {
  local name=$1 label=$2 log=$3 pid="" status
  shift 3
  # Ctrl+C reaches every process of the terminal's group: only the script acts on it.
  trap '' INT
  trap 'alive "$pid" && kill -TERM "$pid"; wait "$pid" 2>/dev/null; rm -f "$pids/$name.pid"; exit 0' TERM
  while true; do
    "$@" >>"$log" 2>&1 &
    pid=$!
    echo "$pid" >"$pids/$name.pid"
    echo "$label: pid $pid"
    status=0
    wait "$pid" || status=$?
    echo "$label (pid $pid) exited; restarting in ${restart_delay} s (exit status $status)"
    sleep "$restart_delay" &
    wait $! || true
  done
}

# TERM to the supervisors named, each of which stops its process. Polled rather than waited
# for: bash's wait in a trap can miss a child that ended meanwhile and block on the next.
stop_supervised() {
  local name
  for name in "$@"; do
    [ -f "$pids/supervisor-$name.pid" ] && kill -TERM "$(cat "$pids/supervisor-$name.pid")" 2>/dev/null || true
  done
  for name in "$@"; do
    await_end "$pids/supervisor-$name.pid"
    end_process "$pids/$name.pid"
  done
}

stop_all() {
  [ -n "$stopping" ] && return
  stopping=1
  trap '' INT TERM
  echo "stopping gateways, silos, database ..."
  # Gateways first: silos keep serving until no gateway can call them.
  stop_supervised gateway1 gateway2
  stop_supervised silo1 silo2 silo3
  stop_database "$pg_data"
  [ -f "$pids/watchdog.pid" ] && kill -USR1 "$(cat "$pids/watchdog.pid")" 2>/dev/null || true
  rm -f "$pids/watchdog.pid" "$pids/cluster.pid"
  echo "stopped; logs and keys are in $run"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The keys are the hotline's alone (a key folder others can read is refused at start); the
# PostgreSQL user only needs to pass through the run folder to its own.
mkdir -p -m 700 "$run/keys"
mkdir -p "$pids"
if [ "$(id -u)" = 0 ]; then chmod 711 "$run"; fi
if [ -z "$connection" ]; then pg_data="$run/postgres"; fi
echo $$ >"$pids/cluster.pid"
setsid "$BASH" "$script" --watchdog $$ "$run" "$pg_data" </dev/null >>"$run/watchdog.log" 2>&1 &
echo $! >"$pids/watchdog.pid"
echo "cluster script: pid $$; watchdog: pid $! (pid files in $pids)"

if [ -n "$pg_data" ]; then
  mkdir -p "$pg_data"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_data"; fi
  as_postgres initdb -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 >"$run/initdb.log"
  # pg_ctl puts PostgreSQL in a session of its own: Ctrl+C does not reach it, stop_all does.
  as_postgres pg_ctl -D "$pg_data" -l "$pg_data/server.log" -w \
    -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  head -1 "$pg_data/postmaster.pid" >"$pids/postgres.pid"
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE hotline_owner LOGIN" -c "CREATE ROLE hotline_app LOGIN" -c "CREATE DATABASE hotline OWNER hotline_owner"
  pg_settings="Host=127.0.0.1;Port=$pg_port;Database=hotline;No Reset On Close=true;Max Auto Prepare=20;Maximum Pool Size=60"
  owner_connection="$pg_settings;Username=hotline_owner"
  connection="$pg_settings;Username=hotline_app"
  runtime_role=hotline_app
  echo "PostgreSQL on 127.0.0.1:$pg_port: pid $(cat "$pids/postgres.pid") (data in $pg_data; schema owner hotline_owner, silos run as hotline_app)"
fi

echo "building ..."
dotnet build "$root/src/Hotline.Silo" -c Release -v q --nologo >"$run/build-silo.log"
dotnet build "$root/src/Hotline.Gateway" -c Release -v q --nologo >"$run/build-gateway.log"
silo_dll="$root/src/Hotline.Silo/bin/Release/net10.0/Hotline.Silo.dll"
gateway_dll="$root/src/Hotline.Gateway/bin/Release/net10.0/Hotline.Gateway.dll"

export Hotline__Storage__Provider=Postgres
export Hotline__Storage__ConnectionString="$connection"
export Hotline__Storage__DataDirectory="$run/data"

Hotline__Storage__ConnectionString="$owner_connection" Hotline__Storage__RuntimeRole="$runtime_role" dotnet "$silo_dll" schema apply

# Each process gets the keys it needs and no others.
silo_keys="$run/keys/silo"
gateway_keys="$run/keys/gateway"
token_keys="$run/keys/token"
dotnet "$silo_dll" key-ring-certificate --out "$silo_keys" >/dev/null
# The token command makes the ES256 pair in its folder on first use; gateways get the public half.
admin_token=$(dotnet "$gateway_dll" token --keys "$token_keys" --create --role admin --subject you)
mkdir -p -m 700 "$gateway_keys"
cp "$token_keys/token-signing.public.pem" "$gateway_keys/"
silo_env="Hotline__Security__KeyDirectory=$silo_keys Hotline__Security__KeyRingCertificate=$silo_keys/key-ring.pem Hotline__Security__KeyRingCertificateKey=$silo_keys/key-ring.key"

# Mutual TLS between the processes: a private CA and a certificate for each.
certs="$run/certs"
dotnet "$silo_dll" certs --out "$certs" --name silo1 --name silo2 --name silo3 --name gateway1 --name gateway2 >/dev/null
export Hotline__Cluster__Tls__Authority="$certs/authority.pem"
tls() { echo "Hotline__Cluster__Tls__Certificate=$certs/$1.pem Hotline__Cluster__Tls__Key=$certs/$1.key"; }

# The supervisors run in the background, where a script's children ignore Ctrl+C; the script's
# own trap stops them, and each stops its process.
for i in 1 2 3; do
  # shellcheck disable=SC2046,SC2086 # word splitting of the variable lists is wanted
  supervise "silo$i" "silo $i" "$run/silo$i.log" \
    env $(tls "silo$i") $silo_env Hotline__Storage__ApplySchema=false \
    Hotline__Cluster__SiloPort=$((silo_port + i - 1)) Hotline__Cluster__GatewayPort=$((silo_gateway_port + i - 1)) \
    dotnet "$silo_dll" &
  echo $! >"$pids/supervisor-silo$i.pid"
done
echo "silos: ports $silo_port-$((silo_port + 2)), Orleans client ports $silo_gateway_port-$((silo_gateway_port + 2))"

for j in 1 2; do
  # shellcheck disable=SC2046 # word splitting of the variable list is wanted
  supervise "gateway$j" "gateway $j" "$run/gateway$j.log" \
    env $(tls "gateway$j") Hotline__Security__KeyDirectory="$gateway_keys" Hotline__Cluster__Mode=Client \
    Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$((grpc_port + j - 1))" \
    Hotline__Telemetry__MetricsUrl="http://127.0.0.1:$((metrics_port + j - 1))" \
    dotnet "$gateway_dll" &
  echo $! >"$pids/supervisor-gateway$j.pid"
done
echo "gateways: http://127.0.0.1:$grpc_port and http://127.0.0.1:$((grpc_port + 1)) (metrics on :$metrics_port and :$((metrics_port + 1)))"
echo "an admin token (12 hours): $admin_token"
echo "tokens:   dotnet run --project src/Hotline.Gateway -- token --keys $token_keys --role admin --subject you"
echo "logs:     $run; Ctrl+C stops everything"
# wait (not a plain sleep) so a signal runs the trap at once
while true; do sleep 3600 & wait $! || true; done
