#!/usr/bin/env bash
# Builder benchmark on a real base: a debootstrap Debian (minbase, bookworm) served by a local berth serve, and two
# Dockerfiles, each built cold, again with no change, and with one context file changed, by Berth (runc) and buildah
# (Debian's; vfs, chroot isolation) in one run:
#   big-layers  a RUN writing 40 MB in 59 incompressible files, and COPY --from of them into another stage
#   apt         apt-get install of a few packages (downloads from the Debian mirror this machine reaches)
# The Debian rootfs is made once and kept in ~/.cache/berth-bench. Prints seconds; nothing is asserted.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/builds.sh"

for tool in buildah runc debootstrap bc; do
  if ! command -v "$tool" >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null
    else
      echo "bench: $tool is missing; install it" >&2; exit 1
    fi
  fi
done

cache="${XDG_CACHE_HOME:-$HOME/.cache}/berth-bench"
debian="$cache/debian-bookworm-minbase"
if [ ! -f "$debian/etc/debian_version" ]; then
  echo "bench: making the Debian base with debootstrap (once)..." >&2
  rm -rf "$debian"; mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$debian" http://deb.debian.org/debian >/dev/null
fi

start_work_and_serve 17100

mkdir -p "$work/base"
printf 'FROM scratch\nCOPY rootfs/ /\n' > "$work/base/Dockerfile"
cp -a "$debian" "$work/base/rootfs"
base="127.0.0.1:$port/bench/debian:bookworm"
"$root/berth" build --no-daemon --progress quiet --data "$work/base-data" -t "$base" --push "$work/base" >/dev/null

# run_case NAME DOCKERFILE: the three builds of one Dockerfile by each builder; the context's "marker" is the file
# the one-changed build changes, copied first so that every step after it runs again.
run_case() {
  local name="$1" context="$work/$1"
  mkdir -p "$context"
  echo 1 > "$context/marker"
  printf '%s\n' "$2" > "$context/Dockerfile"
  berth_build() { "$root/berth" build --progress quiet --data "$work/berth-data" -t "bench/$name:1" "$context"; }
  buildah_build() {
    buildah --storage-driver vfs --root "$work/buildah-root" --runroot "$work/buildah-run" \
      bud --layers --isolation chroot --tls-verify=false -t "bench/$name:1" "$context"
  }
  echo "== $name"
  compare_builds "$context/marker"
}

run_case big-layers "FROM $base AS builder
COPY marker /marker
RUN mkdir /out && for i in \$(seq 1 59); do head -c 680000 /dev/urandom > /out/f\$i; done
FROM $base
COPY marker /marker
COPY --from=builder /out /app"

run_case apt "FROM $base
COPY marker /marker
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq curl \\
    >/dev/null && rm -rf /var/lib/apt/lists/*"
