# Sourced by ./fanout and the release's bin/fanout.
#   fanout_startup_cache DIR JAVA CLASSPATH MAIN_JAR FLAGS...
# sets FANOUT_CACHE_FLAGS to the JVM flags that map the CLI's start-up cache, a static CDS archive
# in DIR. When it is missing or older than MAIN_JAR (a rebuild), it makes it first: a training run
# (dev.fanout.cli.Training: a few seconds, silent, since what a command prints must not depend on
# the cache) lists the classes it loaded, then the JVM dumps them (-Xshare:dump), all under the
# same FLAGS. A static archive, because picocli's classes are Java 5 class files: CDS stores those
# only if they were never linked, so a dynamic archive (-XX:ArchiveClassesAtExit) and JDK 25's AOT
# cache, both recorded from a run that used them, leave picocli out, and it was the largest part of
# start-up not in the cache. For the same reason the list's resolution lines for picocli (@cp,
# @lambda-proxy), which would link its classes during the dump, are dropped. Measured against both
# (scripts/startup-bench.sh, docs/BENCHMARKS.md). No writable DIR, or a failed step: no flags,
# just a slower start.
fanout_startup_cache() {
  local dir="$1" java="$2" cp="$3" jar="$4" key file tmp
  shift 4
  FANOUT_CACHE_FLAGS=()
  { { [ -d "$dir" ] || mkdir -p "$dir"; } && [ -w "$dir" ]; } 2>/dev/null || return 0
  key="${java//[^A-Za-z0-9]/_}${jar//[^A-Za-z0-9]/_}"
  [ ${#key} -le 150 ] || key="${key: -150}"
  file="$dir/cli$key.jsa"
  if [ ! -s "$file" ] || [ "$jar" -nt "$file" ]; then
    tmp="$file.$$.tmp"
    if "$java" "$@" -XX:DumpLoadedClassList="$tmp.loaded" -cp "$cp" dev.fanout.cli.Training \
      </dev/null >/dev/null 2>&1 &&
      grep -v '^@.*picocli' "$tmp.loaded" >"$tmp.list" &&
      "$java" "$@" -Xshare:dump -XX:SharedClassListFile="$tmp.list" -XX:SharedArchiveFile="$tmp" \
        -Xlog:cds=off -cp "$cp" </dev/null >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$file"
    fi
    rm -f "$tmp" "$tmp.loaded" "$tmp.list"
  fi
  if [ -s "$file" ]; then
    FANOUT_CACHE_FLAGS=(-XX:SharedArchiveFile="$file" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}
