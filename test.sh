#!/usr/bin/env bash
# Runs every test of Berth: unit tests, the conformance suites and the client interoperability tests against Berth,
# then the conformance suites against CNCF Distribution (Debian's docker-registry) as a reference.
# As root it first installs the Debian packages the tests use.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
cd "$root"
. scripts/env.sh

packages=(maven skopeo containerd runc slirp4netns buildah podman uidmap docker-registry docker.io busybox-static attr
          openssl openssh-client apache2-utils gnupg nginx-light chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: the interoperability tests need these Debian packages: ${missing[*]} (run as root to install)" >&2
  fi
fi
berth_find_jdk
berth_ensure_maven
echo "test.sh: using JDK $JAVA_HOME"

# The last line says how many tests passed and failed over everything this script ran, counted from the JUnit
# reports, whether it ends green or not.
tally() {
  find . -path '*/target/*-reports*' -name 'TEST-*.xml' -print0 | xargs -0 -r grep -ho '<testsuite [^>]*>' | awk '
    { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) { gsub(/[">\/]/, "", kv[2]); n[kv[1]] += kv[2] } }
    END { printf "test.sh: %d passed, %d failed, %d skipped\n", n["tests"] - n["failures"] - n["errors"] - n["skipped"],
                 n["failures"] + n["errors"], n["skipped"] }'
}
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports ./*/target/failsafe-reports-berth*
trap tally EXIT

mvn -B -ntp install
# The runs below write their reports where these are.
mv conformance-tests/target/failsafe-reports conformance-tests/target/failsafe-reports-berth

suites='PullIT,PushIT,ContentDiscoveryIT,ContentManagementIT,ReferrersIT'
echo "test.sh: conformance suites against Berth with authentication on (the suites log in with tokens)"
BERTH_CONFORMANCE_AUTH=token mvn -B -ntp -q -pl conformance-tests verify -Dit.test="$suites"
mv conformance-tests/target/failsafe-reports conformance-tests/target/failsafe-reports-berth-auth

# The conformance suites, the client interop suites and the crash test again with the registry's data in S3 (a real
# S3 server, S3Proxy, that the tests start), as several nodes behind a load balancer keep it.
echo "test.sh: conformance, client interop and crash suites against Berth on S3"
BERTH_CONFORMANCE_STORAGE=s3 BERTH_INTEROP_STORAGE=s3 mvn -B -ntp -q -pl conformance-tests verify \
  -Dit.test="$suites,HostileClientsIT,DockerIT,SkopeoIT,BuildahIT,ContainerdIT,CrashSafetyIT"
mv conformance-tests/target/failsafe-reports conformance-tests/target/failsafe-reports-berth-s3

# The launcher, as users run it: with the jars just built it builds nothing, prepares its class archives, and builds
# an image twice, the second time in the build daemon the first started.
echo "test.sh: the berth launcher"
touch cli/target/.built
launcher="$(mktemp -d)"
mkdir "$launcher/context"
echo launched > "$launcher/context/file"
printf 'FROM scratch\nCOPY file /\n' > "$launcher/context/Dockerfile"
export BERTH_DAEMON_DIR="$launcher/daemons"
first="$(./berth build --progress quiet --data "$launcher/data" --source-date-epoch 0 "$launcher/context")"
daemon="$(cat "$launcher"/daemons/daemon-*/daemon.pid)"
second="$(./berth build --progress quiet --data "$launcher/data" --source-date-epoch 0 "$launcher/context")"
./berth daemon status | grep -q "^builds 2" || { echo "test.sh: berth daemon status does not count the build" >&2; exit 1; }
kill "$daemon"
while kill -0 "$daemon" 2>/dev/null; do sleep 0.05; done
unset BERTH_DAEMON_DIR
rm -rf "$launcher"
if [ "$first" != "$second" ] || [[ "$first" != sha256:* ]]; then
  echo "test.sh: the launcher's builds gave '$first' and '$second', not one image digest" >&2; exit 1
fi
if [ "$BERTH_JDK_VERSION" -ge 25 ] && [ ! -f cli/target/berth-build.aot ]; then
  echo "test.sh: the launcher did not write the build client's AOT cache (cli/target/berth-build.aot)" >&2; exit 1
fi
if [ ! -f cli/target/berth-daemon.jsa ]; then
  echo "test.sh: the build daemon did not write its class archive (cli/target/berth-daemon.jsa)" >&2; exit 1
fi

# The same conformance suites against the reference implementation, CNCF Distribution 2.8.
work="$(mktemp -d)"
port=15000
while (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
cat > "$work/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
docker-registry serve "$work/config.yml" > "$work/distribution.log" 2>&1 &
distribution=$!
trap 'kill "$distribution" 2>/dev/null || true; wait "$distribution" 2>/dev/null || true; rm -rf "$work"; tally' EXIT
for _ in $(seq 1 100); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
echo "test.sh: conformance suites against CNCF Distribution on 127.0.0.1:$port"
BERTH_CONFORMANCE_URL="http://127.0.0.1:$port" BERTH_CONFORMANCE_TARGET=distribution \
  mvn -B -ntp -pl conformance-tests verify \
  -Dit.test="$suites"
