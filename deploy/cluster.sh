#!/usr/bin/env bash
# A Hotline cluster on this machine, for trying it: a throwaway PostgreSQL (or the one named by
# HOTLINE_PG, an Npgsql connection string), three silos and two gateways on loopback ports.
# Ctrl+C (or SIGTERM) stops them all cleanly: gateways first, then silos, then PostgreSQL.
#
#   deploy/cluster.sh                 # gateways on http://127.0.0.1:5081 and :5082
#
# Keys by need: the silos share keys/silo (caller-hash key, key ring, key-ring certificate),
# the gateways keys/gateway (the public token key only), and tokens are minted with the
# private key in keys/token.
#
# Environment: HOTLINE_PG (use this database instead of starting one), HOTLINE_CLUSTER_DIR
# (where logs, keys and the throwaway database go; default a new folder under /tmp),
# HOTLINE_PG_PORT (port of the throwaway PostgreSQL, default 55432).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
run=${HOTLINE_CLUSTER_DIR:-$(mktemp -d /tmp/hotline-cluster.XXXXXX)}
pg_port=${HOTLINE_PG_PORT:-55432}
connection=${HOTLINE_PG:-}
gateway_pids=()
silo_pids=()
pg_data=""

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
  trap - EXIT INT TERM
  echo "stopping gateways, silos, database ..."
  for pid in "${gateway_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${gateway_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for pid in "${silo_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${silo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pg_data" ]; then as_postgres pg_ctl -D "$pg_data" -m fast -w stop >/dev/null || true; fi
  echo "stopped; logs and keys are in $run"
}
trap stop_all EXIT INT TERM

# The keys are the hotline's alone (a key folder others can read is refused at start); the
# PostgreSQL user only needs to pass through the run folder to its own.
mkdir -p -m 700 "$run/keys"
if [ "$(id -u)" = 0 ]; then chmod 711 "$run"; fi
if [ -z "$connection" ]; then
  pg_data="$run/postgres"
  mkdir -p "$pg_data"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_data"; fi
  as_postgres initdb -D "$pg_data" -U postgres --auth=trust --encoding=UTF8 >"$run/initdb.log"
  as_postgres pg_ctl -D "$pg_data" -l "$pg_data/server.log" -w \
    -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;No Reset On Close=true;Max Auto Prepare=20"
  echo "PostgreSQL on 127.0.0.1:$pg_port (data in $pg_data)"
fi

echo "building ..."
dotnet build "$root/src/Hotline.Silo" -c Release -v q --nologo >"$run/build-silo.log"
dotnet build "$root/src/Hotline.Gateway" -c Release -v q --nologo >"$run/build-gateway.log"
silo_dll="$root/src/Hotline.Silo/bin/Release/net10.0/Hotline.Silo.dll"
gateway_dll="$root/src/Hotline.Gateway/bin/Release/net10.0/Hotline.Gateway.dll"

export Hotline__Storage__Provider=Postgres
export Hotline__Storage__ConnectionString="$connection"
export Hotline__Storage__DataDirectory="$run/data"

dotnet "$silo_dll" schema apply

# Each process gets the keys it needs and no others.
silo_keys="$run/keys/silo"
gateway_keys="$run/keys/gateway"
token_keys="$run/keys/token"
dotnet "$silo_dll" key-ring-certificate --out "$silo_keys" >/dev/null
# The token command makes the ES256 pair in its folder on first use; gateways get the public half.
admin_token=$(dotnet "$gateway_dll" token --keys "$token_keys" --role admin --subject you)
mkdir -p -m 700 "$gateway_keys"
cp "$token_keys/token-signing.public.pem" "$gateway_keys/"
silo_env="Hotline__Security__KeyDirectory=$silo_keys Hotline__Security__KeyRingCertificate=$silo_keys/key-ring.pem Hotline__Security__KeyRingCertificateKey=$silo_keys/key-ring.key"

# Mutual TLS between the processes: a private CA and a certificate for each.
certs="$run/certs"
dotnet "$silo_dll" certs --out "$certs" --name silo1 --name silo2 --name silo3 --name gateway1 --name gateway2 >/dev/null
export Hotline__Cluster__Tls__Authority="$certs/authority.pem"
tls() { echo "Hotline__Cluster__Tls__Certificate=$certs/$1.pem Hotline__Cluster__Tls__Key=$certs/$1.key"; }

for i in 1 2 3; do
  env $(tls "silo$i") $silo_env Hotline__Storage__ApplySchema=false Hotline__Cluster__SiloPort=$((11110 + i)) Hotline__Cluster__GatewayPort=$((30000 + i)) \
    dotnet "$silo_dll" >"$run/silo$i.log" 2>&1 &
  silo_pids+=($!)
done
echo "silos: ${silo_pids[*]} (ports 11111-11113, gateways 30001-30003)"

for j in 1 2; do
  env $(tls "gateway$j") Hotline__Security__KeyDirectory="$gateway_keys" Hotline__Cluster__Mode=Client Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$((5080 + j))" \
    Hotline__Telemetry__MetricsUrl="http://127.0.0.1:$((9463 + j))" \
    dotnet "$gateway_dll" >"$run/gateway$j.log" 2>&1 &
  gateway_pids+=($!)
done
echo "gateways: http://127.0.0.1:5081 and http://127.0.0.1:5082 (metrics on :9464 and :9465)"
echo "an admin token (12 hours): $admin_token"
echo "tokens:   dotnet run --project src/Hotline.Gateway -- token --keys $token_keys --role admin --subject you"
echo "logs:     $run; Ctrl+C stops everything"
# wait (not a plain sleep) so a signal runs the trap at once
while true; do sleep 3600 & wait $!; done
