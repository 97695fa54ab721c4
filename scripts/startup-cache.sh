# Sourced by ./fanout and the release's bin/fanout.
#   fanout_startup_cache DIR JAVA CLASSPATH MAIN_JAR FLAGS...
# sets FANOUT_CACHE_FLAGS to the JVM flags that map the CLI's start-up cache, a dynamic CDS archive
# in DIR. When it is missing or older than MAIN_JAR (a rebuild), it makes it first with a training
# run (dev.fanout.cli.Training: a few seconds, silent, since what a command prints must not depend
# on the cache) under the same FLAGS. JDK 25's AOT cache (JEP 483/514/515), made by the same
# training run, measured slower here (scripts/startup-bench.sh, docs/BENCHMARKS.md). No writable
# DIR, or a failed training run: no flags, just a slower start.
fanout_startup_cache() {
  local dir="$1" java="$2" cp="$3" jar="$4" key file tmp
  shift 4
  FANOUT_CACHE_FLAGS=()
  { mkdir -p "$dir" && [ -w "$dir" ]; } 2>/dev/null || return 0
  key="${java//[^A-Za-z0-9]/_}${jar//[^A-Za-z0-9]/_}"
  [ ${#key} -le 150 ] || key="${key: -150}"
  file="$dir/cli$key.jsa"
  if [ ! -s "$file" ] || [ "$jar" -nt "$file" ]; then
    tmp="$file.$$.tmp"
    if "$java" "$@" -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
      -cp "$cp" dev.fanout.cli.Training </dev/null >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$file"
    fi
    rm -f "$tmp"
  fi
  if [ -s "$file" ]; then
    FANOUT_CACHE_FLAGS=(-XX:SharedArchiveFile="$file" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}
