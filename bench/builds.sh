# Shared by the builder benchmarks: times each builder's cold build, no-change rebuild and one-file-changed
# rebuild. Sourced; expects functions berth_build and buildah_build.

# Berth's builds run in the build daemon that its first build starts (and counts), one per user and Berth, under
# BERTH_DAEMON_DIR when set; stop_berth_daemon DIR stops the daemons under DIR by their pid files.
stop_berth_daemon() {
  local file pid
  for file in "$1"/daemon-*/daemon.pid; do
    pid="$(cat "$file" 2>/dev/null || true)"
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  done
  return 0
}

# start_work_and_serve FIRST_PORT: a work directory ($work, removed on exit with the daemons and server in it) and
# berth serve on the first free loopback port from FIRST_PORT ($port), data in $work/registry.
start_work_and_serve() {
  work="$(mktemp -d)"
  export BERTH_DAEMON_DIR="$work/daemons"
  server=""
  trap 'stop_berth_daemon "$work/daemons"; [ -n "$server" ] && kill "$server" 2>/dev/null \
    && { wait "$server" 2>/dev/null || true; }; rm -rf "$work"' EXIT
  port="$1"
  while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  "$root/berth" --version >/dev/null   # builds Berth and its class caches if needed, before any timing
  "$root/berth" serve --listen "127.0.0.1:$port" --data "$work/registry" > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
}

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

# median COMMAND...: the median of five timed runs (a no-change rebuild takes a fraction of a second, where one
# run's noise would decide the comparison).
median() {
  local runs=() i
  for i in 1 2 3 4 5; do runs+=("$(seconds "$@")"); done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

# compare_builds FILE: FILE is the context file each builder's third build changes (and restores after).
compare_builds() {
  local file="$1" original cold again changed tool
  command -v bc >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq bc >/dev/null; }
  original="$(cat "$file")"
  printf '%-12s %10s %12s %14s\n' builder cold no-change one-changed
  for tool in berth buildah; do
    cold=$(seconds "${tool}_build")
    again=$(median "${tool}_build")
    echo "$original changed by $tool" > "$file"
    changed=$(seconds "${tool}_build")
    echo "$original" > "$file"
    printf '%-12s %10.2f %12.2f %14.2f\n' "$tool" "$cold" "$again" "$changed"
  done
  echo "(no-change: the median of five runs)"
}
