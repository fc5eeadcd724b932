#!/usr/bin/env bash
# S3 benchmark: Berth and CNCF Distribution 2.8 (its S3 driver), each over its own bucket of one S3 server (S3Proxy
# over its in-memory store, in a process of its own: its file-system stores lose Distribution's multipart uploads
# under concurrent pushes), measured in turn over several rounds and reported as medians, with the requests each
# registry failed. Prints numbers; asserts nothing.
#
# Both reach S3Proxy through one nginx, which adds the <IsTruncated>false</IsTruncated> that S3Proxy leaves out of
# ListParts answers: Distribution's S3 driver dereferences it and panics on every upload without it (the bug class of
# distribution/distribution#4411 and gofakes3#122); real S3 always sends it.
#
#   bench/s3.sh [BLOB_MIB] [ROUNDS] [TAGS] [REPOSITORIES]     defaults: 128 MiB, 3 rounds, 10,000 tags, 10,000 repositories
#
# Per registry: a big blob pushed and pulled (MiB/s), 64 KiB blobs pushed by 8 clients at once (blobs/s), manifest
# GETs with a warm cache (requests/s, wrk), the whole tag list of a repository with TAGS tags, again right after a tag
# push (which no cache may answer), and a page of 100 from its middle (ms), and a catalog page of 100 from the middle
# of REPOSITORIES repositories (ms).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
. "$root/scripts/env.sh"
. "$root/bench/lib.sh"
blob_mib="${1:-128}"
rounds="${2:-3}"
tag_count="${3:-10000}"
repository_count="${4:-10000}"

require_tools curl wrk docker-registry sha256sum bc nginx openssl
berth_find_jdk
berth_ensure_maven
"$root/berth" --version >/dev/null   # builds Berth if needed, before any timing

# S3Proxy from Maven Central (the version the tests use), in a process of its own.
(cd "$root" && mvn -B -ntp -q dependency:build-classpath -pl cache -Dmdep.outputFile="$work/s3proxy.classpath" >/dev/null)
s3_port=$(free_port 18000)
mkdir -p "$work/s3"
cat > "$work/s3/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=transient
CONF
printf '.level=WARNING\nhandlers=java.util.logging.FileHandler\njava.util.logging.FileHandler.pattern=%s/s3/jul.log\n' \
  "$work" > "$work/s3/logging.properties"
"$JAVA_HOME/bin/java" -Xmx4g -Djava.util.logging.config.file="$work/s3/logging.properties" \
  -cp "$(cat "$work/s3proxy.classpath")" org.gaul.s3proxy.Main --properties "$work/s3/s3proxy.conf" \
  > "$work/s3/s3proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do (echo > "/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break; sleep 0.1; done
front_port=$(free_port $((s3_port + 1)))
mkdir -p "$work/nginx/temp"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  upstream s3proxy { server 127.0.0.1:$s3_port; keepalive 32; }
  server {
    listen 127.0.0.1:$front_port;
    client_max_body_size 0;
    location / {
      proxy_pass http://s3proxy;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_request_buffering off;
      proxy_buffering off;
      sub_filter_types application/xml;
      sub_filter '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>';
    }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" > "$work/nginx/nginx.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$front_port") 2>/dev/null && break; sleep 0.1; done
s3_endpoint="http://127.0.0.1:$front_port"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
for bucket in berth distribution; do   # made with a SigV2-signed curl PUT: no AWS CLI needed
  date_header="$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')"
  signature="$(printf 'PUT\n\n\n%s\n/%s' "$date_header" "$bucket" | openssl dgst -sha1 -hmac bench-secret -binary | base64)"
  curl -sf -X PUT -H "Date: $date_header" -H "Authorization: AWS bench:$signature" "$s3_endpoint/$bucket" -o /dev/null
done

berth_port=$(free_port 16100)
BERTH_S3_BUCKET=berth BERTH_S3_ENDPOINT="$s3_endpoint" BERTH_S3_REGION=us-east-1 \
  "$root/berth" serve --listen "127.0.0.1:$berth_port" --data "$work/berth" > "$work/berth.log" 2>&1 &
berth_pid=$!
pids+=("$berth_pid")
dist_port=$(free_port $((berth_port + 1)))
cat > "$work/distribution.yml" <<YAML
version: 0.1
log: {level: error}
storage:
  s3: {accesskey: bench, secretkey: bench-secret, region: us-east-1, regionendpoint: "$s3_endpoint",
       bucket: distribution, secure: false, v4auth: true}
  delete: {enabled: true}
  redirect: {disable: true}
http: {addr: "127.0.0.1:$dist_port"}
YAML
# (Without AWS_CA_BUNDLE: Distribution's SDK refuses to start with one and a plain-HTTP endpoint.)
env -u AWS_CA_BUNDLE docker-registry serve "$work/distribution.yml" > "$work/distribution.log" 2>&1 &
dist_pid=$!
pids+=("$dist_pid")
await "127.0.0.1:$berth_port"
await "127.0.0.1:$dist_port"

make_content "$blob_mib"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%d},"layers":[]}' \
  "$config_digest" "$(stat -c %s "$work/config")" > "$work/manifest"

setup() { # address: the manifest under TAG_COUNT tags in bench/app, and REPOSITORY_COUNT repositories
  echo "bench: $tag_count tags and $repository_count repositories in $1"
  repository=bench/app
  push "$1" "$work/config" "$config_digest"
  seq 1 "$tag_count" | xargs -P 8 -I{} curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
    --data-binary "@$work/manifest" -o /dev/null "http://$1/v2/bench/app/manifests/tag-{}"
  seq 1 "$repository_count" | xargs -P 8 -I{} sh -c '
    curl -sf -X POST -o /dev/null "http://$0/v2/bench/repo-{}/blobs/uploads/?mount=$1&from=bench/app" &&
    curl -sf -X PUT -H "Content-Type: application/vnd.oci.image.manifest.v1+json" --data-binary "@$2" -o /dev/null \
      "http://$0/v2/bench/repo-{}/manifests/latest"' "$1" "$config_digest" "$work/manifest"
}

failed() { echo >> "$work/$1.failed"; }   # name: counts a request the registry failed
millis() { # url: the median of 11 fetches, in ms
  for _ in $(seq 1 11); do curl -sf -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | sed -n 6p \
    | awk '{ printf "%.1f", $1 * 1000 }'
}

round() { # name address: appends one line of numbers to $work/NAME.rounds
  local start end push pull small gets tags page catalog clients=()
  repository=bench/app
  start=$(now); push "$2" "$work/blob" "$digest" || failed "$1"; end=$(now); push=$(rate "$blob_mib" "$start" "$end")
  start=$(now); curl -sf -o /dev/null "http://$2/v2/bench/app/blobs/$digest" || failed "$1"; end=$(now)
  pull=$(rate "$blob_mib" "$start" "$end")
  start=$(now)
  for client in $(seq 0 7); do
    (for i in $(seq $((client * 25 + 1)) $((client * 25 + 25))); do push "$2" "$work/small/$i" || failed "$1"; done) &
    clients+=($!)
  done
  wait "${clients[@]}"; end=$(now); small=$(rate 200 "$start" "$end")
  curl -sf -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$2/v2/bench/app/manifests/tag-1"
  gets=$(wrk -t2 -c16 -d5s -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$2/v2/bench/app/manifests/tag-1" | sed -n 's/^Requests\/sec: *//p')
  tags=$(millis "http://$2/v2/bench/app/tags/list")
  cold=$(for i in $(seq 1 5); do   # the list right after a tag is pushed, which a cache must not answer
      curl -sf -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/manifest" \
        -o /dev/null "http://$2/v2/bench/app/manifests/cold-$i"
      curl -sf -o /dev/null -w '%{time_total}\n' "http://$2/v2/bench/app/tags/list"
    done | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 * 1000 }')
  page=$(millis "http://$2/v2/bench/app/tags/list?n=100&last=tag-5000")
  catalog=$(millis "http://$2/v2/_catalog?n=100&last=bench/repo-5000")
  echo "$push $pull $small $gets $tags $page $catalog $cold" >> "$work/$1.rounds"
}

setup "127.0.0.1:$berth_port"
setup "127.0.0.1:$dist_port"
for r in $(seq 1 "$rounds"); do
  echo "bench: round $r of $rounds"
  round berth "127.0.0.1:$berth_port"
  round distribution "127.0.0.1:$dist_port"
done

echo
echo "medians of $rounds rounds on S3Proxy; ${blob_mib} MiB blob; 200 blobs of 64 KiB from 8 clients;" \
  "$tag_count tags; $repository_count repositories"
printf '%-13s %10s %10s %13s %15s %13s %14s %14s %16s %7s\n' registry "push MiB/s" "pull MiB/s" "64K pushes/s" \
  "manifest GET/s" "all tags ms" "after push ms" "tag page ms" "catalog page ms" failed
for name in berth distribution; do
  printf '%-13s %10.1f %10.1f %13.1f %15.0f %13.1f %14.1f %14.1f %16.1f %7d\n' "$name" \
    "$(median "$work/$name.rounds" 1)" "$(median "$work/$name.rounds" 2)" "$(median "$work/$name.rounds" 3)" \
    "$(median "$work/$name.rounds" 4)" "$(median "$work/$name.rounds" 5)" "$(median "$work/$name.rounds" 8)" \
    "$(median "$work/$name.rounds" 6)" "$(median "$work/$name.rounds" 7)" \
    "$(cat "$work/$name.failed" 2>/dev/null | wc -l)"
done
