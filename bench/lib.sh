# Shared by the benchmarks: ports, readiness, medians and a server's CPU time per request. Sourced, not run.

free_port() { local port=$1; while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done; echo "$port"; }
await() { for _ in $(seq 1 300); do curl -s -o /dev/null "http://$1/v2/" && return 0; sleep 0.1; done; echo "bench: $1 did not start" >&2; exit 1; }

median() { # file column
  cut -d' ' -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

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

# A scratch directory and the servers started (append their PIDs to pids), removed and stopped on exit.
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
