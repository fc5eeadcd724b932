#!/usr/bin/env bash
# Trust benchmark: what signature checks cost in Berth, on this machine. Prints numbers; asserts nothing.
#
#   bench/trust.sh [PAIRS]      default: 15 alternating pairs of 2 s runs
#
# 1. The registry's own enforcement once a verdict is cached: the server's CPU time per manifest GET of a signed image
#    with a signature policy, against a server without one (alternating 2 s wrk runs; the ratios' median), and the
#    throughput of each. Distribution has no signature enforcement to compare with.
# 2. A cold verification of a keyless Sigstore bundle (Fulcio certificate, SCT, Rekor signed entry timestamp,
#    inclusion proof and checkpoint, identity), with nothing cached: the first in a fresh JVM and the median after.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/lib.sh"
pairs="${1:-15}"

require_tools curl wrk bc skopeo busybox

"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing
plain_port=$(free_port 17000)
policy_port=$(free_port $((plain_port + 1)))
COSIGN_PASSWORD= "$root/berth" keygen --output-key-prefix "$work/trusted" >/dev/null
cat > "$work/policy.json" <<JSON
{"default": [{"type": "insecureAcceptAnything"}],
 "transports": {"docker": {"127.0.0.1:$policy_port/bench": [{"type": "sigstoreSigned", "keyPath": "$work/trusted.pub",
   "signedIdentity": {"type": "matchRepository"}}]}}}
JSON
printf 'signatures:\n  policy: policy.json\n' > "$work/berth.yaml"
"$root/berth" serve --listen "127.0.0.1:$plain_port" --data "$work/plain" > "$work/plain.log" 2>&1 &
plain_pid=$!
pids+=("$plain_pid")
"$root/berth" serve --listen "127.0.0.1:$policy_port" --data "$work/policy" --config "$work/berth.yaml" \
  > "$work/policy.log" 2>&1 &
policy_pid=$!
pids+=("$policy_pid")
await "127.0.0.1:$plain_port"
await "127.0.0.1:$policy_port"

echo "bench: a busybox image pushed to both servers and signed (a Sigstore bundle) on the one with a policy"
mkdir -p "$work/rootfs/bin" "$work/layout"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
tar -C "$work/rootfs" -czf "$work/layer.tar.gz" .
skopeo copy -q "tarball:$work/layer.tar.gz" "oci:$work/layout:latest" >/dev/null
for port in "$plain_port" "$policy_port"; do
  skopeo copy -q --dest-tls-verify=false "oci:$work/layout:latest" "docker://127.0.0.1:$port/bench/app:latest"
done
COSIGN_PASSWORD= "$root/berth" sign --key "$work/trusted.key" "127.0.0.1:$policy_port/bench/app:latest" >/dev/null
url() { echo "http://127.0.0.1:$1/v2/bench/app/manifests/latest"; }
curl -sf -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$(url "$policy_port")" \
  || { echo "bench: the signed image is refused by the policy server" >&2; exit 1; }

for _ in $(seq 1 "$pairs"); do
  plain=$(per_request "$plain_pid" "$(url "$plain_port")")
  checked=$(per_request "$policy_pid" "$(url "$policy_port")")
  echo "$checked / $plain" | bc -l >> "$work/verdict-cost"
done
for port in "$plain_port" "$policy_port"; do
  wrk -t2 -c16 -d5s -H 'Accept: application/vnd.oci.image.manifest.v1+json' "$(url "$port")" \
    | sed -n 's/^Requests\/sec: *//p' >> "$work/gets-$port"
done
printf 'a cached signature verdict costs %+.1f%% CPU per manifest GET (median of %d alternating 2 s runs); GET/s %.0f with the policy, %.0f without\n' \
  "$(echo "($(median "$work/verdict-cost" 1) - 1) * 100" | bc -l)" "$pairs" \
  "$(cat "$work/gets-$policy_port")" "$(cat "$work/gets-$plain_port")"

berth_find_jdk
"$JAVA_HOME/bin/java" -cp "$root/cli/target/lib/*" "$root/bench/TrustTimings.java" \
  "$root/trust/src/test/resources/vectors/sigstore-bundle" 200
