#!/usr/bin/env bash
# Build daemon benchmark: the same small Dockerfile in ten directories (ten checkouts, say), each with its own
# environment variable, built one after another. One daemon serves them all, so only the first build pays for a JVM;
# prints each build's seconds and how many build daemons ran. Nothing is asserted.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/builds.sh"

work="$(mktemp -d)"
export BERTH_DAEMON_DIR="$work/daemons"
trap 'stop_berth_daemon "$work/daemons"; rm -rf "$work"' EXIT
"$root/berth" --version >/dev/null   # builds Berth and its class caches if needed, before any timing

for i in $(seq 1 10); do
  mkdir -p "$work/checkout-$i/src"
  for f in $(seq 1 200); do echo "file $f" > "$work/checkout-$i/src/f$f.txt"; done
  printf 'FROM scratch\nARG CHECKOUT\nCOPY src/ /src/\nLABEL checkout=$CHECKOUT\n' > "$work/checkout-$i/Dockerfile"
done

printf '%-12s %12s %12s\n' directory first-build rebuild
for i in $(seq 1 10); do
  cd "$work/checkout-$i"
  first=$(CHECKOUT=$i seconds "$root/berth" build --progress quiet --data "$work/data" --build-arg CHECKOUT .)
  again=$(CHECKOUT=$i seconds "$root/berth" build --progress quiet --data "$work/data" --build-arg CHECKOUT .)
  printf '%-12s %12.2f %12.2f\n' "checkout-$i" "$first" "$again"
done
echo "build daemons that ran: $(ls -d "$work"/daemons/daemon-* 2>/dev/null | wc -l)"
"$root/berth" daemon status | sed 's/^/  /'
