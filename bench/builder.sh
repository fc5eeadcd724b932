#!/usr/bin/env bash
# Builder benchmark: a multi-stage Dockerfile over a 10,000-file context, built cold, rebuilt with no change, and
# rebuilt with one file changed, by Berth and by buildah (Debian's, vfs storage), in one run on this machine.
# Prints seconds; asserts nothing. Berth's times include JVM start-up, as a user sees them.
#
#   bench/builder.sh [FILES]      default 10000
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/builds.sh"
files="${1:-10000}"

if ! command -v buildah >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah >/dev/null
  else
    echo "bench: buildah is missing; install it" >&2; exit 1
  fi
fi

work="$(mktemp -d)"
export BERTH_DAEMON_DIR="$work/daemons"
trap 'stop_berth_daemon "$work/daemons"; rm -rf "$work"' EXIT
context="$work/context"
mkdir -p "$context/deps" "$context/src"
per_dir=100
for ((d = 0; d < files / per_dir / 2; d++)); do
  mkdir -p "$context/deps/d$d" "$context/src/s$d"
  for ((f = 0; f < per_dir; f++)); do
    echo "dependency $d $f" > "$context/deps/d$d/f$f.txt"
    echo "source $d $f" > "$context/src/s$d/f$f.txt"
  done
done
echo "setting=1" > "$context/config.txt"
cat > "$context/Dockerfile" <<'DOCKERFILE'
FROM scratch AS deps
COPY deps/ /deps/
FROM scratch AS app
COPY src/ /src/
FROM scratch
COPY --from=deps /deps /opt/deps
COPY --from=app /src /opt/app
COPY config.txt /etc/app/config.txt
CMD ["/opt/app/run"]
DOCKERFILE

"$root/berth" --version >/dev/null   # builds Berth and its class caches if needed, before any timing

berth_build() { "$root/berth" build --progress quiet --data "$work/berth-data" -t bench/app:1 "$context"; }
buildah_build() {
  buildah --storage-driver vfs --root "$work/buildah-root" --runroot "$work/buildah-run" \
    bud --layers --isolation chroot -t bench/app:1 "$context"
}

compare_builds "$context/src/s0/f0.txt"
