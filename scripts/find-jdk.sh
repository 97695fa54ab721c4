# Sourced by ./fanout and ./test: sets JAVA_HOME to a JDK >= 21 without the user's help.
# Order: JAVA_HOME when it is >= 21, else the newest JDK >= 21 in the usual JVM folders,
# else `java` on the PATH when it is >= 21, else a clear error naming what to install.

fanout_java_major() { # $1 = a java binary; prints its feature version (17, 21, 25, ...)
  # A JDK's `release` file says its version without starting a JVM; read with bash builtins
  # only (no sed, no subshell per line): this runs for every JDK on every ./fanout
  local release line v
  release="${1%/bin/java}/release"
  if [ -r "$release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*)
          v="${line#JAVA_VERSION=}"; v="${v//\"/}"; v="${v#1.}"; v="${v%%[!0-9]*}"
          if [ -n "$v" ]; then echo "$v"; return 0; fi ;;
      esac
    done <"$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9.]*\).*/\1/p' | head -n 1 |
    sed 's/^1\.//; s/\..*//'
}

fanout_is_jdk() { # a JDK, not a JRE: the build needs javac (a release only needs java)
  [ -x "$1/bin/java" ] && { [ -n "${FANOUT_JAVA_RUNTIME_OK:-}" ] || [ -x "$1/bin/javac" ]; }
}

fanout_find_jdk() {
  local need=21 best="" best_major=0 dir major
  if [ -n "${JAVA_HOME:-}" ] && fanout_is_jdk "$JAVA_HOME"; then
    major=$(fanout_java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge "$need" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  # FANOUT_JDK_DIRS (space-separated globs) replaces the usual folders; the tests use it
  local dirs="${FANOUT_JDK_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home $HOME/.sdkman/candidates/java/* $HOME/.jdks/*}"
  for dir in $dirs; do
    [ -d "$dir" ] || continue
    fanout_is_jdk "$dir" || continue
    major=$(fanout_java_major "$dir/bin/java")
    if [ "${major:-0}" -ge "$need" ] && [ "$major" -gt "$best_major" ]; then
      best="$dir"; best_major="$major"
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if { [ -n "${FANOUT_JAVA_RUNTIME_OK:-}" ] || command -v javac >/dev/null 2>&1; } &&
    command -v java >/dev/null 2>&1; then
    major=$(fanout_java_major "$(command -v java)")
    if [ "${major:-0}" -ge "$need" ]; then
      dir=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
      echo "$dir"; return 0
    fi
  fi
  return 1
}

if ! FANOUT_JDK=$(fanout_find_jdk); then
  echo "fanout: needs a JDK 21 or newer, and found none." >&2
  echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm, /usr/java, /opt and the java on the PATH." >&2
  echo "  Install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless, or Temurin 21/25)," >&2
  echo "  or point JAVA_HOME at it." >&2
  exit 2
fi
export JAVA_HOME="$FANOUT_JDK"
FANOUT_JAVA_MAJOR=$(fanout_java_major "$JAVA_HOME/bin/java")
export FANOUT_JAVA_MAJOR
if [ "$FANOUT_JAVA_MAJOR" -ge 23 ]; then
  # Maven calls sun.misc.Unsafe through its own Guava: keep JDK 23+ quiet about it
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
export PATH="$JAVA_HOME/bin:$PATH"
