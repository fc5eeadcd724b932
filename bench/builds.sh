# Shared by the builder benchmarks: times each builder's cold build, no-change rebuild and one-file-changed
# rebuild. Sourced; expects functions berth_build and buildah_build.

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

# compare_builds FILE: FILE is the context file each builder's third build changes (and restores after).
compare_builds() {
  local file="$1" original cold again changed tool
  command -v bc >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq bc >/dev/null; }
  original="$(cat "$file")"
  printf '%-12s %10s %12s %14s\n' builder cold no-change one-changed
  for tool in berth buildah; do
    cold=$(seconds "${tool}_build")
    again=$(seconds "${tool}_build")
    echo "$original changed by $tool" > "$file"
    changed=$(seconds "${tool}_build")
    echo "$original" > "$file"
    printf '%-12s %10.2f %12.2f %14.2f\n' "$tool" "$cold" "$again" "$changed"
  done
}
