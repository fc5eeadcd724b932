#!/usr/bin/env bash
# Registry benchmark: Berth against CNCF Distribution (Debian's docker-registry), in one run on this machine, the
# two measured in turn over several rounds (so a noisy moment hurts both alike) and reported as medians. Prints
# numbers; asserts nothing.
#
#   bench/registry.sh [BLOB_MIB] [ROUNDS]     defaults: 256 MiB blob, 3 rounds
#
# Per registry: a big blob pushed (MiB/s), pulled over one stream and over four at once (MiB/s), 64 KiB blobs
# pushed by 8 clients at once (blobs/s), manifest GETs (requests/s, wrk), a list of 1,000 tags (ms), and the peak
# resident memory of the server process (VmHWM) after all of it; then what a bearer token costs per manifest GET.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/lib.sh"
blob_mib="${1:-256}"
rounds="${2:-3}"

require_tools curl wrk docker-registry sha256sum bc htpasswd

"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing
berth_port=$(free_port 16000)
# The launcher execs the JVM, so this PID is the server's own.
"$root/berth" serve --listen "127.0.0.1:$berth_port" --data "$work/berth" > "$work/berth.log" 2>&1 &
berth_pid=$!
pids+=("$berth_pid")
auth_port=$(free_port $((berth_port + 1)))
htpasswd -B -b -c "$work/users" bench bench-password 2>/dev/null
"$root/berth" serve --listen "127.0.0.1:$auth_port" --data "$work/berth-auth" --htpasswd "$work/users" \
  > "$work/berth-auth.log" 2>&1 &
auth_pid=$!
pids+=("$auth_pid")
dist_port=$(free_port $((auth_port + 1)))
start_distribution "$dist_port"
await "127.0.0.1:$berth_port"
await "127.0.0.1:$auth_port"
await "127.0.0.1:$dist_port"

make_content "$blob_mib"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d}]}' \
  "$config_digest" "$(stat -c %s "$work/config")" "$digest" "$(stat -c %s "$work/blob")" > "$work/manifest"

use_token() { # address: a bearer token for pulling and pushing bench/app (tokens last five minutes: one per round)
  local token
  token=$(curl -sf -u bench:bench-password "http://$1/token?service=berth&scope=repository:bench/app:pull,push" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  auth=(-H "Authorization: Bearer $token"); wrk_auth=(-H "Authorization: Bearer $token")
}
no_auth() { auth=(); wrk_auth=(); }

setup() { # address: the blob, its manifest and 1,000 tags, before any round
  push "$1" "$work/blob" "$digest"
  push "$1" "$work/config" "$config_digest"
  for i in $(seq 1 1000); do echo "tag-$i"; done | xargs -P 8 -I{} curl -sf "${auth[@]}" -X PUT \
    -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" -o /dev/null \
    "http://$1/v2/bench/app/manifests/{}"
}

round() { # name address: appends one line of numbers to $work/NAME.rounds
  local start end push pull pull4 small gets tags
  start=$(now); push "$2" "$work/blob" "$digest"; end=$(now); push=$(rate "$blob_mib" "$start" "$end")
  start=$(now); curl -sf "${auth[@]}" -o /dev/null "http://$2/v2/bench/app/blobs/$digest"; end=$(now)
  pull=$(rate "$blob_mib" "$start" "$end")
  local clients=()   # waited for by PID: a bare wait would wait for the servers too
  start=$(now)
  for _ in 1 2 3 4; do curl -sf "${auth[@]}" -o /dev/null "http://$2/v2/bench/app/blobs/$digest" & clients+=($!); done
  wait "${clients[@]}"; end=$(now); pull4=$(rate "$((4 * blob_mib))" "$start" "$end")
  clients=()
  start=$(now)
  for client in $(seq 0 7); do
    (for i in $(seq $((client * 25 + 1)) $((client * 25 + 25))); do push "$2" "$work/small/$i"; done) &
    clients+=($!)
  done
  wait "${clients[@]}"; end=$(now); small=$(rate 200 "$start" "$end")
  gets=$(wrk -t2 -c16 -d5s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "${wrk_auth[@]}" \
    "http://$2/v2/bench/app/manifests/latest" | sed -n 's/^Requests\/sec: *//p')
  tags=$(for _ in $(seq 1 21); do curl -sf "${auth[@]}" -o /dev/null -w '%{time_total}\n' "http://$2/v2/bench/app/tags/list?n=1000"; done \
    | sort -n | sed -n 11p)
  echo "$push $pull $pull4 $small $gets $(echo "$tags * 1000" | bc -l)" >> "$work/$1.rounds"
}

peak_rss_mib() { echo $(( $(awk '/^VmHWM:/ { print $2 }' "/proc/$1/status") / 1024 )); }

setup "127.0.0.1:$berth_port"
setup "127.0.0.1:$dist_port"
put_manifest "127.0.0.1:$berth_port" latest
put_manifest "127.0.0.1:$dist_port" latest
auth=(-u bench:bench-password)   # the token-protected server takes Basic credentials too
setup "127.0.0.1:$auth_port"
put_manifest "127.0.0.1:$auth_port" latest
no_auth
for r in $(seq 1 "$rounds"); do
  echo "bench: round $r of $rounds"
  round berth "127.0.0.1:$berth_port"
  use_token "127.0.0.1:$auth_port"
  round berth+token "127.0.0.1:$auth_port"
  no_auth
  round distribution "127.0.0.1:$dist_port"
done

echo
echo "medians of $rounds rounds; ${blob_mib} MiB blob; 200 blobs of 64 KiB from 8 clients; 1,000 tags"
printf '%-13s %10s %10s %12s %13s %15s %10s %9s\n' registry "push MiB/s" "pull MiB/s" "pull×4 MiB/s" \
  "64K pushes/s" "manifest GET/s" "tags ms" "peak MiB"
for name in berth berth+token distribution; do
  case "$name" in berth) pid=$berth_pid ;; berth+token) pid=$auth_pid ;; *) pid=$dist_pid ;; esac
  printf '%-13s %10.1f %10.1f %12.1f %13.1f %15.0f %10.1f %9d\n' "$name" \
    "$(median "$work/$name.rounds" 1)" "$(median "$work/$name.rounds" 2)" "$(median "$work/$name.rounds" 3)" \
    "$(median "$work/$name.rounds" 4)" "$(median "$work/$name.rounds" 5)" "$(median "$work/$name.rounds" 6)" \
    "$(peak_rss_mib "$pid")"
done

# What a bearer token costs, measured apart: throughput per round swings by ±10% on a two-core virtual machine, more
# than the effect, so the two Berth servers answer manifest GETs in short alternating runs, and the cost is the
# server's CPU time per request (user + system, from /proc), which other tenants' load disturbs less; the ratios'
# median is kept.
pairs=15
use_token "127.0.0.1:$auth_port"
for _ in $(seq 1 "$pairs"); do
  plain=$(per_request "$berth_pid" "http://127.0.0.1:$berth_port/v2/bench/app/manifests/latest")
  token=$(per_request "$auth_pid" "http://127.0.0.1:$auth_port/v2/bench/app/manifests/latest" "${wrk_auth[@]}")
  echo "$token / $plain" | bc -l >> "$work/token-cost"
done
printf 'a bearer token costs %+.1f%% CPU per manifest GET (median of %d alternating 2 s runs of each server)\n' \
  "$(echo "($(median "$work/token-cost" 1) - 1) * 100" | bc -l)" "$pairs"
