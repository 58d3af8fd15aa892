#!/usr/bin/env bash
# Makes the cluster's private CA (once) and a certificate per process, for mutual TLS between
# the hotline's silos and gateways (Hotline:Cluster:Tls). Run it where the CA key may live,
# then copy each process's .pem and .key, and authority.pem, to that process's machine.
#
#   deploy/make-certs.sh FOLDER NAME...      e.g. deploy/make-certs.sh ./certs silo-1 silo-2 gateway-1
#
# A process then runs with
#   Hotline__Cluster__Tls__Certificate=FOLDER/NAME.pem Hotline__Cluster__Tls__Key=FOLDER/NAME.key
#   Hotline__Cluster__Tls__Authority=FOLDER/authority.pem
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 FOLDER NAME..." >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
folder="$1"
shift
names=()
for name in "$@"; do names+=(--name "$name"); done
dotnet run --project "$root/src/Hotline.Silo" -c Release -v q -- certs --out "$folder" "${names[@]}"
