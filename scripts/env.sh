# Shared by ./berth and ./test.sh: finds a JDK 21+ and makes sure Maven is there.
# Sourced, not run.

berth_find_jdk() {
  local candidate version best="" best_version=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(berth_jdk_version "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "berth: no JDK 21 or newer found in JAVA_HOME or /usr/lib/jvm; install one (such as Temurin 21+) there" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  BERTH_JDK_VERSION="$best_version"
  if [ "$best_version" -ge 24 ]; then
    # Maven's own Guava warns on these JDKs; the flag only quiets that.
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

# berth_jdk_version DIR: the JDK's feature version, from its release file (read by the shell itself: the launcher
# runs this on every command), else by asking its java.
berth_jdk_version() {
  local line pattern='^JAVA_VERSION="([0-9]+)'
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      if [[ "$line" =~ $pattern ]]; then
        echo "${BASH_REMATCH[1]}"; return 0
      fi
    done < "$1/release"
  fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

berth_ensure_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  else
    echo "berth: Maven (mvn) is needed to build; install it (apt-get install maven)" >&2
    return 1
  fi
}
