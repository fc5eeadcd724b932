#!/usr/bin/env bash
# Maintenance benchmark: Berth's push and pull throughput while garbage collection runs (a collection a second after
# the last one ended, each with unreferenced content to reclaim, far more often than a schedule would; and, as a
# stress, collections back to back), against the
# same load without it (the target is within 10%), with CNCF Distribution's throughput for the same load beside
# them (its garbage collection needs the registry stopped or read-only, so it cannot run during the load); then
# 200 concurrent pushes into one repository against 200 pushes into 200 repositories, for both registries (Harbor's
# throughput collapses when pushes concentrate on one repository). One run on this machine, medians of the rounds.
# Prints numbers; asserts nothing.
#
#   bench/gc.sh [IMAGES] [ROUNDS]      defaults: 40 images of one 4 MiB layer per load, 3 rounds
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/lib.sh"
images="${1:-40}"
rounds="${2:-3}"
layer_mib=4

require_tools curl docker-registry sha256sum bc

"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing
berth_port=$(free_port 16200)
# Collections reclaim anything unreferenced for 5 s, untagged manifests included, so each one has work to do.
cat > "$work/berth.yaml" <<YAML
gc: {grace: 0, push-deadline: 5s, delete-untagged: true}
YAML
"$root/berth" serve --listen "127.0.0.1:$berth_port" --data "$work/berth" --config "$work/berth.yaml" \
  > "$work/berth.log" 2>&1 &
pids+=("$!")
dist_port=$(free_port $((berth_port + 1)))
start_distribution "$dist_port"
await "127.0.0.1:$berth_port"
await "127.0.0.1:$dist_port"

echo "bench: making $images layers of $layer_mib MiB and 200 small images"
mkdir -p "$work/layers" "$work/small"
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > "$work/config"
config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
config_size=$(stat -c %s "$work/config")
for i in $(seq 1 "$images"); do head -c $((layer_mib * 1024 * 1024)) /dev/urandom > "$work/layers/$i"; done
for i in $(seq 1 200); do head -c 65536 /dev/urandom > "$work/small/$i"; done

push_image() { # address repository tag layer-file: the config, the layer and a manifest tagged so
  local layer_digest manifest
  layer_digest="sha256:$(sha256sum "$4" | cut -d' ' -f1)"
  repository="$2" push "$1" "$work/config" "$config_digest"
  repository="$2" push "$1" "$4" "$layer_digest"
  manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d}]}' \
    "$config_digest" "$config_size" "$layer_digest" "$(stat -c %s "$4")")
  curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "$manifest" \
    -o /dev/null "http://$1/v2/$2/manifests/$3"
}
export -f push_image push
export work config_digest config_size

load() { # address repository: prints "push-MiB/s pull-MiB/s" for $images images from 4 clients each way
  local start end push_rate pull_rate clients=()
  start=$(now)
  for client in 0 1 2 3; do
    (for i in $(seq $((client + 1)) 4 "$images"); do push_image "$1" "$2" "t$i" "$work/layers/$i"; done) &
    clients+=($!)
  done
  wait "${clients[@]}"; end=$(now); push_rate=$(rate "$((images * layer_mib))" "$start" "$end")
  clients=()
  start=$(now)
  for client in 0 1 2 3; do
    (for i in $(seq $((client + 1)) 4 "$images"); do
       digest="sha256:$(sha256sum "$work/layers/$i" | cut -d' ' -f1)"
       curl -sf -o /dev/null "http://$1/v2/$2/blobs/$digest"
     done) &
    clients+=($!)
  done
  wait "${clients[@]}"; end=$(now); pull_rate=$(rate "$((images * layer_mib))" "$start" "$end")
  echo "$push_rate $pull_rate"
}

collecting() { # address pause: collects PAUSE seconds after the last collection ended, until stopped; counts them
  while :; do curl -sf -X POST -o /dev/null "http://$1/v2/_berth/gc" && echo >> "$work/collections-$2"; sleep "$2"; done
}

echo "bench: garbage for the collections: 200 blobs nothing references"
for i in $(seq 1 200); do repository=bench/garbage push "127.0.0.1:$berth_port" "$work/small/$i"; done
sleep 6

: > "$work/collections-1"; : > "$work/collections-0"
for round in $(seq 1 "$rounds"); do
  echo "bench: round $round of $rounds"
  load "127.0.0.1:$berth_port" "bench/quiet-$round" >> "$work/berth-quiet.rounds"
  for pause in 1 0; do
    collecting "127.0.0.1:$berth_port" "$pause" & collector=$!
    load "127.0.0.1:$berth_port" "bench/gc-$pause-$round" >> "$work/berth-gc-$pause.rounds"
    kill "$collector"; wait "$collector" 2>/dev/null || true
  done
  load "127.0.0.1:$dist_port" "bench/quiet-$round" >> "$work/distribution.rounds"
done

concurrent() { # address mode: 200 clients at once each push one small image, into one repository or one each
  local start end
  start=$(now)
  seq 1 200 | xargs -P 200 -I{} bash -c 'push_image "$0" "$( [ "$1" = one ] && echo bench/one || echo bench/many-{} )" "c{}" "$work/small/{}"' "$1" "$2"
  end=$(now)
  rate 200 "$start" "$end"
}

echo "bench: 200 concurrent pushes"
berth_one=$(concurrent "127.0.0.1:$berth_port" one); berth_many=$(concurrent "127.0.0.1:$berth_port" many)
dist_one=$(concurrent "127.0.0.1:$dist_port" one); dist_many=$(concurrent "127.0.0.1:$dist_port" many)

quiet_push=$(median "$work/berth-quiet.rounds" 1); quiet_pull=$(median "$work/berth-quiet.rounds" 2)
gc_push=$(median "$work/berth-gc-1.rounds" 1); gc_pull=$(median "$work/berth-gc-1.rounds" 2)
stress_push=$(median "$work/berth-gc-0.rounds" 1); stress_pull=$(median "$work/berth-gc-0.rounds" 2)
echo
echo "medians of $rounds rounds; $images images of one $layer_mib MiB layer pushed and pulled by 4 clients each way"
printf '%-34s %12s %12s\n' "" "push MiB/s" "pull MiB/s"
printf '%-34s %12.1f %12.1f\n' "berth" "$quiet_push" "$quiet_pull"
printf '%-34s %12.1f %12.1f\n' "berth, collecting every second" "$gc_push" "$gc_pull"
printf '%-34s %12.1f %12.1f\n' "berth, collecting back to back" "$stress_push" "$stress_pull"
printf '%-34s %12.1f %12.1f\n' "distribution (no online gc)" "$(median "$work/distribution.rounds" 1)" \
  "$(median "$work/distribution.rounds" 2)"
printf 'collecting every second: push %+.1f%%, pull %+.1f%% (%d collections during the loads)\n' \
  "$(echo "($gc_push / $quiet_push - 1) * 100" | bc -l)" "$(echo "($gc_pull / $quiet_pull - 1) * 100" | bc -l)" \
  "$(wc -l < "$work/collections-1")"
printf 'collecting back to back: push %+.1f%%, pull %+.1f%% (%d collections during the loads)\n' \
  "$(echo "($stress_push / $quiet_push - 1) * 100" | bc -l)" \
  "$(echo "($stress_pull / $quiet_pull - 1) * 100" | bc -l)" "$(wc -l < "$work/collections-0")"
echo
echo "200 concurrent pushes of a small image (images/s)"
printf '%-14s %16s %16s\n' "" "one repository" "200 repositories"
printf '%-14s %16.1f %16.1f\n' "berth" "$berth_one" "$berth_many"
printf '%-14s %16.1f %16.1f\n' "distribution" "$dist_one" "$dist_many"
