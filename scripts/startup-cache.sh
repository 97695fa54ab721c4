# Sourced by ./fanout and the release's bin/fanout (and scripts/startup-bench.sh).
#   fanout_jvm_flags MAJOR
# sets FANOUT_JVM_FLAGS to the launchers' JVM flags for a Java of feature version MAJOR.
#   fanout_startup_cache DIR JAVA MAJOR CLASSPATH MAIN_JAR KIND FLAGS...
# sets FANOUT_CACHE_FLAGS to the JVM flags that map the CLI's start-up cache of KIND (what
# fanout_cache_kind says of the command line) in DIR, making it first when it is missing or was
# made from other jars than CLASSPATH holds now (fanout_cache_stale), all under the same FLAGS;
# MAIN_JAR names it. MAJOR is JAVA's feature version. The
# training runs (dev.fanout.cli.Training) take seconds, print nothing, and a failed step only
# means no flags, a slower start. Measured against the alternatives in docs/BENCHMARKS.md.
#
# KIND fetch or fetch-async on JDK 25+: JDK 25's AOT cache (-XX:AOTCacheOutput) of a training run
# that fetches thousands of URLs with the blocking client (virtual, threads) or on async: it holds
# the classes linked and the methods' profiles, so a large fetch JIT-compiles its hot code at once
# (a fifth to a quarter less CPU for 10,000 URLs). Its classes are loaded at every start, so each
# holds one client's alone: a fetch on cluster or processes gets the static archive below, which
# holds Hazelcast's client and the processes parent's classes.
#
# Every other command, and fetch before JDK 25: a static CDS archive (-Xshare:dump) of the classes
# a training run of the common commands loaded. Static, because an AOT cache loads every class it
# holds at start: made from the same training, it made `--version` take 100 ms instead of 50
# (scripts/startup-bench.sh, docs/BENCHMARKS.md, session 5).

# Serial GC: the CLI is short-lived with small heaps; it starts faster and stays smaller.
# JIT thresholds x4: most commands end within a second, where compiling code run a few hundred
# times costs more CPU than it saves; a long run's hot code is compiled moments later
# (docs/BENCHMARKS.md, start-up)
fanout_jvm_flags() {
  local major="${1:-21}"
  FANOUT_JVM_FLAGS=(-XX:+UseSerialGC -XX:CompileThresholdScaling=4)
  if [ "$major" -ge 23 ]; then
    # Hazelcast's shaded JCTools uses sun.misc.Unsafe, and run on async loads Netty's epoll
    # library: JDK 23+ would warn about either on every such run
    FANOUT_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
  fi
  if [ "$major" -ge 25 ]; then
    # at exit the JVM waits up to 300 ms for threads inside native code to stop, and a thread
    # blocked in epoll_wait or read (virtual threads' poller, a pipe reader) never does
    FANOUT_JVM_FLAGS+=(-XX:UserThreadWaitAttemptsAtExit=0)
  fi
}

# The cache a command line gets (a hint: a wrong guess costs time, nothing else): "fetch-async" for
# a fetch on async, "fetch" for a fetch in this JVM on another model, else nothing: the static
# archive, which holds Hazelcast's client and the processes parent's classes.
fanout_cache_kind() {
  [ "${1:-}" = fetch ] || return 0
  local a prev="" model=""
  for a in "$@"; do
    case "$prev" in -m | --model) model="$a" ;; esac
    case "$a" in
      --model=* | -m=*) model="${a#*=}" ;;
      -m?*) model="${a#-m}" ;;
    esac
    prev="$a"
  done
  case "$model" in
    async) echo fetch-async ;;
    cluster | processes) ;;
    *) echo fetch ;;
  esac
}

# Says, on a terminal, that a training is under way (it takes seconds, once per build and Java).
fanout_cache_notice() {
  if [ -t 2 ]; then
    echo "fanout: making $1 (once per build and Java, about 10 s) ..." >&2
  fi
}

# Deletes what a training killed midway left of FILE (not one still running: 10 minutes old).
fanout_cache_leftovers() {
  find "$(dirname "$1")" -maxdepth 1 -name "$(basename "$1").*.tmp*" -mmin +10 -delete \
    2>/dev/null || true
}

# Trains into TMP the AOT cache of KIND: fanout_make_aot TMP KIND JAVA CLASSPATH FLAGS...
fanout_make_aot() {
  local tmp="$1" kind="$2" java="$3" cp="$4"
  shift 4
  "$java" "$@" -XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off -cp "$cp" \
    dev.fanout.cli.Training "$kind" </dev/null >/dev/null 2>&1
}

# Trains into TMP the static CDS archive: fanout_make_static TMP KIND JAVA CLASSPATH FLAGS...
fanout_make_static() {
  local tmp="$1" java="$3" cp="$4"
  shift 4
  "$java" "$@" -XX:DumpLoadedClassList="$tmp.loaded" -cp "$cp" dev.fanout.cli.Training \
    </dev/null >/dev/null 2>&1 &&
    "$java" "$@" -Xshare:dump -XX:SharedClassListFile="$tmp.loaded" -XX:SharedArchiveFile="$tmp" \
      -Xlog:cds=off -cp "$cp" </dev/null >/dev/null 2>&1
}

# Sets FANOUT_CACHE_STAMP to what the cache made from CLASSPATH (entries split on ':', each
# glob expanded, as java expands lib/*) must match: each file's name, size and modification time.
# A rebuild that changes one module's jar, or a release unpacked over another, older or newer,
# changes it. JDK 25 does not check this itself: an AOT cache made before a jar changed still
# loads that jar's old classes, silently. One stat process: 2-3 ms.
fanout_cache_stamp() {
  local IFS=: e files=()
  for e in $1; do
    # shellcheck disable=SC2206 # split on ':' only, and glob-expanded, on purpose
    files+=($e)
  done
  FANOUT_CACHE_STAMP="$(stat -L -c '%n %s %Y' -- "${files[@]}" 2>&1)"
}

# True (0) when the cache FILE is missing, or was made from other jars than CLASSPATH holds now
# (its stamp, FILE.stamp, differs): fanout_cache_stale FILE CLASSPATH. Sets FANOUT_CACHE_STAMP.
fanout_cache_stale() {
  fanout_cache_stamp "$2"
  [ -s "$1" ] && [ -f "$1.stamp" ] || return 0
  [ "$(<"$1.stamp")" != "$FANOUT_CACHE_STAMP" ]
}

fanout_startup_cache() {
  local dir="$1" java="$2" major="$3" cp="$4" jar="$5" kind="$6" key file tmp make what use
  shift 6
  FANOUT_CACHE_FLAGS=()
  { { [ -d "$dir" ] || mkdir -p "$dir"; } && [ -w "$dir" ]; } 2>/dev/null || return 0
  key="${java//[^A-Za-z0-9]/_}${jar//[^A-Za-z0-9]/_}"
  [ ${#key} -le 150 ] || key="${key: -150}"
  if [ -n "$kind" ] && [ "$major" -ge 25 ]; then
    file="$dir/$kind$key.aot" make=fanout_make_aot what="fetch's start-up cache ($kind)"
    use=(-XX:AOTCache="$file" -Xlog:aot=off -Xlog:cds=off)
  else
    file="$dir/cli$key.jsa" make=fanout_make_static what="the start-up cache"
    use=(-XX:SharedArchiveFile="$file" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  if fanout_cache_stale "$file" "$cp"; then
    fanout_cache_leftovers "$file"
    fanout_cache_notice "$what"
    tmp="$file.$$.tmp"
    if "$make" "$tmp" "$kind" "$java" "$cp" "$@" && [ -s "$tmp" ] &&
      printf '%s' "$FANOUT_CACHE_STAMP" >"$tmp.stamp"; then
      # the stamp first: a cache without its stamp is remade, never trusted
      rm -f "$file.stamp" && mv -f "$tmp" "$file" && mv -f "$tmp.stamp" "$file.stamp"
    fi
    rm -f "$tmp" "$tmp".*
  fi
  if [ -s "$file" ]; then
    FANOUT_CACHE_FLAGS=("${use[@]}")
  fi
}
