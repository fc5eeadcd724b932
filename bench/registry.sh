#!/usr/bin/env bash
# Registry benchmark: blob push and pull throughput and manifest GETs per second, for Berth and for CNCF
# Distribution (Debian's docker-registry), in one run on this machine. Prints numbers; asserts nothing.
#
#   bench/registry.sh [BLOB_MIB] [SECONDS]     defaults: 512 MiB blob, 10 s of manifest GETs
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
blob_mib="${1:-512}"
seconds="${2:-10}"

for tool in curl wrk docker-registry sha256sum; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      package=$tool; [ "$tool" = sha256sum ] && package=coreutils
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    else
      echo "bench: $tool is missing; install it" >&2; exit 1
    fi
  fi
done

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { local port=$1; while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done; echo "$port"; }
await() { for _ in $(seq 1 300); do curl -sf "http://$1/v2/" >/dev/null && return 0; sleep 0.1; done; echo "bench: $1 did not start" >&2; exit 1; }

"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing
berth_port=$(free_port 16000)
"$root/berth" serve --listen "127.0.0.1:$berth_port" --data "$work/berth" > "$work/berth.log" 2>&1 &
pids+=($!)
dist_port=$(free_port $((berth_port + 1)))
cat > "$work/distribution.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/distribution}, delete: {enabled: true}}
http: {addr: "127.0.0.1:$dist_port"}
YAML
docker-registry serve "$work/distribution.yml" > "$work/distribution.log" 2>&1 &
pids+=($!)
await "127.0.0.1:$berth_port"
await "127.0.0.1:$dist_port"

echo "bench: making a ${blob_mib} MiB random blob"
head -c "$((blob_mib * 1024 * 1024))" /dev/urandom > "$work/blob"
digest="sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > "$work/config"
config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
  "$config_digest" "$(stat -c %s "$work/config")" "$digest" "$(stat -c %s "$work/blob")" > "$work/manifest"

push() { # address file digest
  local location
  location=$(curl -sf -X POST -D - -o /dev/null "http://$1/v2/bench/app/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$location" in http*) ;; *) location="http://$1$location" ;; esac
  case "$location" in *\?*) location="$location&digest=$3" ;; *) location="$location?digest=$3" ;; esac
  curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$2" -o /dev/null "$location"
}

measure() { # name address
  local start end push_s pull_s rps
  start=$(date +%s.%N); push "$2" "$work/blob" "$digest"; end=$(date +%s.%N)
  push_s=$(echo "$end - $start" | bc -l)
  start=$(date +%s.%N); curl -sf -o /dev/null "http://$2/v2/bench/app/blobs/$digest"; end=$(date +%s.%N)
  pull_s=$(echo "$end - $start" | bc -l)
  push "$2" "$work/config" "$config_digest"
  curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" \
    -o /dev/null "http://$2/v2/bench/app/manifests/latest"
  rps=$(wrk -t2 -c16 -d"${seconds}s" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$2/v2/bench/app/manifests/latest" | sed -n 's/^Requests\/sec: *//p')
  printf '%-14s %12.1f %12.1f %16s\n' "$1" "$(echo "$blob_mib / $push_s" | bc -l)" \
    "$(echo "$blob_mib / $pull_s" | bc -l)" "$rps"
}

command -v bc >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq bc >/dev/null; }
printf '%-14s %12s %12s %16s\n' registry "push MiB/s" "pull MiB/s" "manifest GET/s"
measure berth "127.0.0.1:$berth_port"
measure distribution "127.0.0.1:$dist_port"
