#!/usr/bin/env bash
# Web UI benchmark: the repository list over 10,000 repositories (each one small image), fifty to a page, as an
# administrator logged in to Berth (access control on, so every repository is checked against the rules): the server
# time of the first page, a page in the middle, the last page and a search that reads every name, from Berth's
# Server-Timing header (the target is under 100 ms a page); the first fetch of a page, before anything about its
# repositories is remembered; and the time to the last byte. CNCF Distribution has no UI: its catalog page of the
# same repositories (names only, JSON) is beside them as the nearest thing. One run on this machine, medians of 11.
# Prints numbers; asserts nothing.
#
#   bench/ui.sh [REPOSITORIES]      default: 10,000
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/lib.sh"
repository_count="${1:-10000}"

require_tools curl docker-registry sha256sum htpasswd

"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing
htpasswd -B -b -c "$work/users" admin admin-password 2>/dev/null
printf 'admins: [admin]\n' > "$work/rules.yaml"
berth_port=$(free_port 16300)
"$root/berth" serve --listen "127.0.0.1:$berth_port" --data "$work/berth" --htpasswd "$work/users" \
  --access "$work/rules.yaml" > "$work/berth.log" 2>&1 &
pids+=("$!")
dist_port=$(free_port $((berth_port + 1)))
start_distribution "$dist_port"
await "127.0.0.1:$berth_port"
await "127.0.0.1:$dist_port"

printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > "$work/config"
config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[]}' \
  "$config_digest" "$(stat -c %s "$work/config")" > "$work/manifest"

setup() { # address credentials: REPOSITORY_COUNT repositories, each with the config (mounted) and the manifest
  echo "bench: $repository_count repositories in $1"
  repository=bench/seed push "$1" "$work/config" "$config_digest"
  seq 1 "$repository_count" | xargs -P 8 -I{} sh -c '
    curl -sf -u "$3" -X POST -o /dev/null "http://$0/v2/bench/repo-{}/blobs/uploads/?mount=$1&from=bench/seed" &&
    curl -sf -u "$3" -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary "@$2" \
      -o /dev/null "http://$0/v2/bench/repo-{}/manifests/latest"' "$1" "$config_digest" "$work/manifest" "$2"
}
auth=(-u admin:admin-password)
setup "127.0.0.1:$berth_port" admin:admin-password
auth=()
setup "127.0.0.1:$dist_port" anonymous:none

# Logged in as the administrator, as a browser is: the form token from the login page, then the session cookie.
jar="$work/cookies"
token=$(curl -sf -c "$jar" -b "$jar" "http://127.0.0.1:$berth_port/ui/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
curl -sf -c "$jar" -b "$jar" -o /dev/null --data-urlencode "csrf=$token" --data-urlencode username=admin \
  --data-urlencode password=admin-password "http://127.0.0.1:$berth_port/ui/login"

server_ms() { # url: the page's own server time, from Server-Timing (once)
  curl -sf -b "$jar" -D - -o "$work/page.html" "$1" | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: page;dur=//p'
}
median_of_11() { # command...: the median of 11 runs of a command that prints a number
  for _ in $(seq 1 11); do "$@"; echo; done | grep -v '^$' | sort -g | sed -n 6p
}
total_ms() { # url [curl options]: the time to the last byte (once)
  curl -sf -b "$jar" -o /dev/null -w '%{time_total}' "$@" | awk '{ printf "%.1f", $1 * 1000 }'
}

ui="http://127.0.0.1:$berth_port/ui/repositories"
half="bench/repo-$((repository_count / 2))"
server_ms "$ui?after=$half" > /dev/null
rows=$(grep -o 'href="/ui/repositories/bench/repo-[0-9]*"' "$work/page.html" | wc -l)
[ "$rows" -eq 50 ] || { echo "bench: the middle page lists $rows repositories, not 50" >&2; exit 1; }
for _ in $(seq 1 20); do server_ms "$ui" > /dev/null; done   # the server warmed up on another page
cold=$(server_ms "$ui?after=bench/repo-$((repository_count / 4))")
first=$(median_of_11 server_ms "$ui")
middle=$(median_of_11 server_ms "$ui?after=$half")
last=$(median_of_11 server_ms "$ui?after=bench/repo-9999")
search=$(median_of_11 server_ms "$ui?q=repo-99")
middle_total=$(median_of_11 total_ms "$ui?after=$half")
catalog=$(median_of_11 total_ms "http://127.0.0.1:$dist_port/v2/_catalog?n=50&last=$half")
berth_catalog=$(median_of_11 total_ms "http://127.0.0.1:$berth_port/v2/_catalog?n=50&last=$half" \
  -u admin:admin-password)

echo
echo "$repository_count repositories, 50 to a page; milliseconds, medians of 11"
printf '%-44s %10s\n' "what" "ms"
printf '%-44s %10.1f\n' "berth: first page, server time" "$first" \
  "berth: middle page, server time" "$middle" \
  "berth: a page never read before, server time" "$cold" \
  "berth: last page, server time" "$last" \
  "berth: search reading every name, server time" "$search" \
  "berth: middle page, to the last byte" "$middle_total" \
  "berth: catalog page (JSON), to the last byte" "$berth_catalog" \
  "distribution: catalog page (JSON), last byte" "$catalog"
