package dev.fanout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A run's settings, validated once by {@link Fanout.Builder#build()} and sealed from then on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the concurrency model
 * @param workers threads, processes or members; for {@code virtual} and {@code async}, unused
 * @param concurrency tasks in flight at most, over the whole run
 * @param keyOf the key of an input for the per-key limit (a URL's host), or null for none
 * @param perKey tasks in flight at most per key; 0 for no per-key limit
 * @param retry the retry policy
 * @param resource the per-worker resource, or null
 * @param listeners receivers of every event
 * @param clock the time source of events
 * @param blockedLoopThreshold on {@code async}, how long a task may hold the loop before a warning
 * @param chunkSize on {@code processes}/{@code cluster}, inputs sent per message; 0 for automatic
 * @param maxTasksPerWorker on {@code processes}, tasks before a worker is replaced; 0 for never
 * @param threadsPerWorker on {@code processes}, tasks a worker runs at once
 * @param members on {@code cluster}, addresses (host:port) of members to join; empty for embedded
 * @param clusterName on {@code cluster}, the name that keeps other clusters out
 * @param isolate on {@code auto}, prefer processes for CPU-bound work
 * @param log where warnings go (a line each); stderr by default
 * @param taskTimeout how long one attempt may run before it fails with a {@link
 *     java.util.concurrent.TimeoutException}; {@link Duration#ZERO} for no limit
 * @param failFast the first failure (after its retries) cancels the rest of the batch
 * @param measureCpu measure every attempt's CPU time even when no listener reads it
 * @param rateKeyOf the key of an input for the per-key rate, or null for none
 * @param ratePerSecond attempts started per second at most, per rate key; 0 for no rate
 * @param clusterSecret on {@code cluster}, the secret that authenticates job messages, or null
 * @param concurrencyGiven the caller set {@code concurrency} (not the model's default): on {@code
 *     cluster}, that many tasks are then kept in flight across the members, each running its share
 *     at once; by default each member runs {@code workers} at a time
 * @param workerJvmArgs on {@code processes}, extra flags for each worker JVM ({@code -Xmx256m})
 * @param workerCds on {@code processes}, start workers from a class-data-sharing archive (kept in
 *     {@code cacheDir}) when the classpath allows it
 * @param cacheDir where fanout keeps what makes later runs start faster (the workers' CDS archive),
 *     or null for {@code $XDG_CACHE_HOME/fanout} or {@code ~/.cache/fanout}
 * @param clusterConnectTimeout on {@code cluster}, how long to try to reach the members before
 *     failing
 */
public record Options(
    Model model,
    int workers,
    int concurrency,
    Function<Object, String> keyOf,
    int perKey,
    RetryPolicy retry,
    Resource<?> resource,
    List<Listener> listeners,
    Clock clock,
    Duration blockedLoopThreshold,
    int chunkSize,
    int maxTasksPerWorker,
    int threadsPerWorker,
    List<String> members,
    String clusterName,
    boolean isolate,
    Consumer<String> log,
    Duration taskTimeout,
    boolean failFast,
    boolean measureCpu,
    Function<Object, String> rateKeyOf,
    double ratePerSecond,
    byte[] clusterSecret,
    boolean concurrencyGiven,
    List<String> workerJvmArgs,
    boolean workerCds,
    java.nio.file.Path cacheDir,
    Duration clusterConnectTimeout) {

  /** The most tasks in flight: a million, about what a JVM holds as virtual threads. */
  public static final int MAX_CONCURRENCY = 1_000_000;

  /** The most inputs per message to a worker. */
  public static final int MAX_CHUNK_SIZE = 1_000_000;

  /** The most tasks one worker JVM runs at once. */
  public static final int MAX_THREADS_PER_WORKER = 4096;

  /** The longest task timeout: a year, far from a {@code long} of nanoseconds' overflow. */
  public static final Duration MAX_TASK_TIMEOUT = Duration.ofDays(365);

  /** The highest per-key rate, in attempts per second. */
  public static final double MAX_RATE = 1_000_000;

  /** The longest a cluster client tries to reach its members. */
  public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofHours(1);

  /** The lowest per-key rate but none: one attempt per 1000 s. */
  public static final double MIN_RATE = 0.001;

  public Options {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(blockedLoopThreshold, "blockedLoopThreshold");
    Objects.requireNonNull(log, "log");
    listeners = List.copyOf(listeners);
    clusterSecret = clusterSecret == null ? null : clusterSecret.clone();
    if (clusterSecret != null && clusterSecret.length == 0) {
      throw new IllegalArgumentException("the cluster secret must not be empty");
    }
    members = List.copyOf(members);
    workerJvmArgs = List.copyOf(workerJvmArgs);
    for (String arg : workerJvmArgs) {
      if (arg.isBlank()) {
        throw new IllegalArgumentException("a worker JVM argument must not be blank");
      }
    }
    Objects.requireNonNull(clusterConnectTimeout, "clusterConnectTimeout");
    if (clusterConnectTimeout.toMillis() < 1
        || clusterConnectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "clusterConnectTimeout must be between 1 ms and 1 hour, got " + clusterConnectTimeout);
    }
    requireWithin("workers", workers, 1, model.maxWorkers(), " on " + model.label());
    requireWithin("concurrency", concurrency, 1, MAX_CONCURRENCY, "");
    requireWithin("perKey", perKey, 0, MAX_CONCURRENCY, "");
    requireWithin("chunkSize", chunkSize, 0, MAX_CHUNK_SIZE, "");
    requireWithin("maxTasksPerWorker", maxTasksPerWorker, 0, Integer.MAX_VALUE, "");
    requireWithin("threadsPerWorker", threadsPerWorker, 1, MAX_THREADS_PER_WORKER, "");
    Objects.requireNonNull(blockedLoopThreshold, "blockedLoopThreshold");
    if (blockedLoopThreshold.isNegative() || blockedLoopThreshold.compareTo(MAX_TASK_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "blockedLoopThreshold must be between 0 and 365 days, got " + blockedLoopThreshold);
    }
    if (perKey > 0 && keyOf == null) {
      throw new IllegalArgumentException("a per-key limit needs a key function (keyOf)");
    }
    Objects.requireNonNull(taskTimeout, "taskTimeout");
    if (taskTimeout.isNegative() || taskTimeout.compareTo(MAX_TASK_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "taskTimeout must be between 0 (none) and 365 days, got " + taskTimeout);
    }
    if (ratePerSecond != 0 && !(ratePerSecond >= MIN_RATE && ratePerSecond <= MAX_RATE)) {
      throw new IllegalArgumentException(
          "rate must be 0 (none) or between "
              + MIN_RATE
              + " and "
              + (long) MAX_RATE
              + " per second, got "
              + ratePerSecond);
    }
    if (ratePerSecond > 0 && rateKeyOf == null) {
      throw new IllegalArgumentException("a per-key rate needs a key function (keyOf)");
    }
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
  }

  /**
   * These settings for another model and size, everything else kept: how {@code auto} hands the
   * rest of a batch to the model it chose.
   */
  public Options withModel(Model model, int workers, int concurrency, int threadsPerWorker) {
    return Fanout.Builder.from(this)
        .model(model)
        .workers(workers)
        .concurrency(concurrency)
        .threadsPerWorker(threadsPerWorker)
        .isolate(false)
        .options();
  }

  private static void requireWithin(String name, int value, int min, int max, String where) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name
              + " must be "
              + (max == Integer.MAX_VALUE ? ">= " + min : "between " + min + " and " + max)
              + where
              + ", got "
              + value);
    }
  }
}
