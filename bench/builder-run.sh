#!/usr/bin/env bash
# Builder benchmark with RUN steps: cold build, no-change rebuild and one-file-changed rebuild of a Dockerfile with
# several RUN steps on a busybox base, Berth (runc) against buildah (Debian's; vfs, chroot isolation), in one run.
# The base is built offline from Debian's busybox-static and served by a local berth serve. Prints seconds.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/builds.sh"

for tool in buildah runc busybox bc; do
  if ! command -v "$tool" >/dev/null; then
    package=$tool; [ "$tool" = busybox ] && package=busybox-static
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    else
      echo "bench: $tool is missing; install $package" >&2; exit 1
    fi
  fi
done

start_work_and_serve 17000

base="$work/base"
mkdir -p "$base/rootfs/bin" "$base/rootfs/sbin" "$base/rootfs/usr/bin" "$base/rootfs/usr/sbin" "$base/rootfs/etc"
cp "$(command -v busybox)" "$base/rootfs/bin/busybox"
for applet in $("$base/rootfs/bin/busybox" --list-full); do
  [ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$base/rootfs/$applet"
done
printf 'FROM scratch\nCOPY rootfs/ /\n' > "$base/Dockerfile"
"$root/berth" build --no-daemon --progress quiet --data "$work/base-data" -t "127.0.0.1:$port/bench/busybox:1" --push "$base" >/dev/null

context="$work/context"
mkdir -p "$context/src"
for i in $(seq 1 500); do echo "source $i" > "$context/src/file$i.txt"; done
cat > "$context/Dockerfile" <<DOCKERFILE
FROM 127.0.0.1:$port/bench/busybox:1
RUN mkdir -p /app/data && for i in \$(seq 1 300); do echo "\$i" > /app/data/f\$i; done
RUN tar -cf /app/data.tar /app/data && rm -rf /app/data
COPY src/ /app/src/
RUN ls /app/src | wc -l > /app/count && cat /app/src/* | md5sum > /app/digest
RUN echo built > /app/done
DOCKERFILE

berth_build() { "$root/berth" build --progress quiet --data "$work/berth-data" -t bench/run:1 "$context"; }
buildah_build() {
  buildah --storage-driver vfs --root "$work/buildah-root" --runroot "$work/buildah-run" \
    bud --layers --isolation chroot --tls-verify=false -t bench/run:1 "$context"
}

compare_builds "$context/src/file1.txt"
