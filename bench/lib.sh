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
