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
 * @param clusterSecret on {@code cluster}, the secret that authenticates job messages, or null
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
    byte[] clusterSecret) {

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
    requireAtLeast("workers", workers, 1);
    requireAtLeast("concurrency", concurrency, 1);
    requireAtLeast("perKey", perKey, 0);
    requireAtLeast("chunkSize", chunkSize, 0);
    requireAtLeast("maxTasksPerWorker", maxTasksPerWorker, 0);
    requireAtLeast("threadsPerWorker", threadsPerWorker, 1);
    if (perKey > 0 && keyOf == null) {
      throw new IllegalArgumentException("a per-key limit needs a key function (keyOf)");
    }
    if (clusterName == null || clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
  }

  private static void requireAtLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
  }
}
