# Shared by the benchmarks: ports, readiness, medians and a server's CPU time per request. Sourced, not run.

free_port() { local port=$1; while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done; echo "$port"; }
await() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://$1/v2/" && return 0; sleep 0.1; done; echo "bench: $1 did not start" >&2; exit 1; }

median() { # file column
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Pushing over the registry API with curl, as $auth (curl's credentials for the registry at hand, none by default)
# allows, into bench/app unless $repository says otherwise.
auth=()
wrk_auth=()   # and wrk's
repository=bench/app
push() { # address file [digest]
  local location digest="${3:-sha256:$(sha256sum "$2" | cut -d' ' -f1)}"
  location=$(curl -sf "${auth[@]}" -X POST -D - -o /dev/null "http://$1/v2/$repository/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$location" in http*) ;; *) location="http://$1$location" ;; esac
  case "$location" in *\?*) location="$location&digest=$digest" ;; *) location="$location?digest=$digest" ;; esac
  curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$2" -o /dev/null "$location"
}
put_manifest() { # address reference: $work/manifest
  curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" \
    -o /dev/null "http://$1/v2/$repository/manifests/$2"
}
now() { date +%s.%N; }
make_content() { # MiB: $work/blob of that size ($digest), $work/small/1..200 of 64 KiB, an image config ($config_digest)
  echo "bench: making a $1 MiB random blob, 200 blobs of 64 KiB and a manifest"
  head -c "$(($1 * 1024 * 1024))" /dev/urandom > "$work/blob"
  digest="sha256:$(sha256sum "$work/blob" | cut -d' ' -f1)"
  mkdir "$work/small"
  for i in $(seq 1 200); do head -c 65536 /dev/urandom > "$work/small/$i"; done
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' > "$work/config"
  config_digest="sha256:$(sha256sum "$work/config" | cut -d' ' -f1)"
}
rate() { echo "$1 / ($3 - $2)" | bc -l; }   # amount start end

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
per_request() { # pid url [wrk options...]: CPU ticks per 1,000 requests over a 2 s run
  local pid=$1 url=$2 before after requests
  shift 2
  before=$(cpu_ticks "$pid")
  requests=$(wrk -t2 -c16 -d2s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$@" "$url" \
    | awk '/requests in/ { print $1 }')
  after=$(cpu_ticks "$pid")
  echo "($after - $before) * 1000 / $requests" | bc -l
}

require_tools() { # tool...: installs each missing one from Debian when root, else says which is missing
  local tool package
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    if [ "$(id -u)" != 0 ]; then
      echo "bench: $tool is missing; install it" >&2; exit 1
    fi
    case "$tool" in sha256sum) package=coreutils ;; htpasswd) package=apache2-utils ;; busybox) package=busybox-static ;;
      *) package=$tool ;; esac
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  done
}

start_distribution() { # port: CNCF Distribution on local disk under $work/distribution, deletes on; sets dist_pid
  cat > "$work/distribution.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/distribution}, delete: {enabled: true}}
http: {addr: "127.0.0.1:$1"}
YAML
  docker-registry serve "$work/distribution.yml" > "$work/distribution.log" 2>&1 &
  dist_pid=$!
  pids+=("$dist_pid")
}

# A scratch directory and the servers started (append their PIDs to pids), removed and stopped on exit.
work="$(mktemp -d)"
pids=()
cleanup() { [ -n "${BENCH_KEEP:-}" ] && { echo "bench: kept $work"; return; }; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
