# Sourced by ./fanout and the release's bin/fanout. fanout_startup_cache DIR JAVA MAJOR CLASSPATH
# MAIN_JAR FLAGS... sets FANOUT_CACHE_FLAGS to the JVM flags that map the CLI's start-up cache:
# on JDK 25+ an AOT cache (JEP 483/514/515: classes loaded and linked, method profiles), else a
# CDS archive. When the cache is missing or older than MAIN_JAR (a rebuild), it makes it first
# with a training run (dev.fanout.cli.Training, a few seconds, silent: what a command prints must
# not depend on the cache) under the same FLAGS, which the
# cache requires. No cache directory, or a failed training run: no flags, just a slower start.
fanout_startup_cache() {
  local dir="$1" java="$2" major="$3" cp="$4" jar="$5" key file kind
  shift 5
  FANOUT_CACHE_FLAGS=()
  { mkdir -p "$dir" && [ -w "$dir" ]; } 2>/dev/null || return 0
  key="${java//[^A-Za-z0-9]/_}${jar//[^A-Za-z0-9]/_}"
  [ ${#key} -le 150 ] || key="${key: -150}"
  if [ "${major:-0}" -ge 25 ]; then kind=aot; else kind=jsa; fi
  file="$dir/cli$key.$kind"
  if [ ! -s "$file" ] || [ "$jar" -nt "$file" ]; then
    local tmp="$file.$$.tmp" record
    if [ "$kind" = aot ]; then record=(-XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off)
    else record=(-XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off); fi
    if "$java" "$@" "${record[@]}" -cp "$cp" dev.fanout.cli.Training </dev/null >/dev/null 2>&1 &&
      [ -s "$tmp" ]; then
      mv -f "$tmp" "$file"
    fi
    rm -f "$tmp" "$tmp.config"
  fi
  if [ -s "$file" ]; then
    if [ "$kind" = aot ]; then FANOUT_CACHE_FLAGS=(-XX:AOTCache="$file" -Xlog:aot=off -Xlog:cds=off)
    else FANOUT_CACHE_FLAGS=(-XX:SharedArchiveFile="$file" -Xlog:cds=off -Xlog:cds+dynamic=off); fi
  fi
}
