package dev.fanout;

import dev.fanout.internal.Engines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs batches of tasks under one concurrency {@link Model}: the seed's executor. Build one, call
 * {@link #map} or {@link #stream} as often as you like, then close it.
 *
 * <pre>{@code
 * try (Fanout fanout = Fanout.builder().model(Model.THREADS).workers(8).build()) {
 *   List<Outcome<String, Integer>> outcomes = fanout.map((url, w) -> fetch(url), urls);
 * }
 * }</pre>
 *
 * <p>Thread-safe: several batches may run at once on one instance and share its workers. {@link
 * #close()} cancels what is still running, waits a bounded time for it, and closes the workers and
 * their resources.
 */
public interface Fanout extends AutoCloseable {

  /** A builder with every default: model {@code threads}, no retries, no per-key limit. */
  static Builder builder() {
    return new Builder();
  }

  /** A fanout for {@code model} with every other default. */
  static Fanout of(Model model) {
    return builder().model(model).build();
  }

  /** The settings this fanout runs with. */
  Options options();

  /**
   * Runs {@code task} on every input and returns one outcome per input, in input order. Failures
   * are outcomes. If the run is closed or the caller interrupted, tasks not finished by then are
   * {@link Outcome.Failure}s with a {@link java.util.concurrent.CancellationException}, and the
   * interrupt flag is kept.
   */
  <I, R> List<Outcome<I, R>> map(Task<I, R> task, Iterable<? extends I> inputs);

  /**
   * Runs {@code task} on one input, like {@link java.util.concurrent.ExecutorService#submit}: the
   * future completes with its outcome (a failure is an outcome, never an exceptional completion).
   * Cancelling the future cancels the task; its outcome is then a {@link Outcome.Failure} with a
   * {@link java.util.concurrent.CancellationException}. The task runs under this fanout's model,
   * limits and retries; its index is 0.
   */
  <I, R> CompletableFuture<Outcome<I, R>> submit(Task<I, R> task, I input);

  /** {@link #submit} for a non-blocking task. */
  <I, R> CompletableFuture<Outcome<I, R>> submitAsync(AsyncTask<I, R> task, I input);

  /** {@link #map} for a non-blocking task. */
  <I, R> List<Outcome<I, R>> mapAsync(AsyncTask<I, R> task, Iterable<? extends I> inputs);

  /**
   * Runs {@code task} on the inputs as they are pulled, with a bounded number in flight, and yields
   * outcomes in completion order: an input of 10 million items runs in constant memory. Closing the
   * returned stream cancels what is left. The returned stream must be consumed by one thread.
   */
  <I, R> Stream<Outcome<I, R>> stream(Task<I, R> task, Stream<? extends I> inputs);

  /** {@link #stream} for a non-blocking task. */
  <I, R> Stream<Outcome<I, R>> streamAsync(AsyncTask<I, R> task, Stream<? extends I> inputs);

  /** Cancels running batches, then closes workers and their resources. Idempotent. */
  @Override
  void close();

  /**
   * Collects a fanout's settings; {@link #build()} validates them and starts the workers.
   *
   * <p>Not thread-safe; use it from one thread.
   */
  final class Builder {
    private Model model = Model.THREADS;
    private int workers;
    private int concurrency;
    private Function<Object, String> keyOf;
    private int perKey;
    private RetryPolicy retry = RetryPolicy.none();
    private Resource<?> resource;
    private final List<Listener> listeners = new ArrayList<>();
    private Clock clock = Clock.system();
    private static final Duration DEFAULT_BLOCKED_LOOP_THRESHOLD = Duration.ofMillis(100);
    private Duration blockedLoopThreshold = DEFAULT_BLOCKED_LOOP_THRESHOLD;
    private int chunkSize;
    private int maxTasksPerWorker;
    private int threadsPerWorker = 1;
    private final List<String> members = new ArrayList<>();
    private String clusterName = "fanout";
    private boolean isolate;
    private Consumer<String> log = line -> System.err.println("fanout: " + line);
    private Duration taskTimeout = Duration.ZERO;
    private boolean failFast;
    private boolean measureCpu;
    private Function<Object, String> rateKeyOf;
    private double ratePerSecond;
    private byte[] clusterSecret;
    private Boolean concurrencyGiven; // null: given when concurrency is set
    private final List<String> workerJvmArgs = new ArrayList<>();
    private boolean workerCds = true;
    private java.nio.file.Path cacheDir;
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private Duration clusterConnectTimeout = DEFAULT_CONNECT_TIMEOUT;

    Builder() {}

    /**
     * A builder holding {@code o}'s settings, which {@link #options()} gives back as they were: the
     * one copy path from settings to settings ({@link Options#withModel}).
     */
    static Builder from(Options o) {
      Builder b = new Builder();
      b.model = o.model();
      b.workers = o.workers();
      b.concurrency = o.concurrency();
      b.keyOf = o.keyOf();
      b.perKey = o.perKey();
      b.retry = o.retry();
      b.resource = o.resource();
      b.listeners.addAll(o.listeners());
      b.clock = o.clock();
      b.blockedLoopThreshold = o.blockedLoopThreshold();
      b.chunkSize = o.chunkSize();
      b.maxTasksPerWorker = o.maxTasksPerWorker();
      b.threadsPerWorker = o.threadsPerWorker();
      b.members.addAll(o.members());
      b.clusterName = o.clusterName();
      b.isolate = o.isolate();
      b.log = o.log();
      b.taskTimeout = o.taskTimeout();
      b.failFast = o.failFast();
      b.measureCpu = o.measureCpu();
      b.rateKeyOf = o.rateKeyOf();
      b.ratePerSecond = o.ratePerSecond();
      b.clusterSecret = o.clusterSecret();
      b.concurrencyGiven = o.concurrencyGiven();
      b.workerJvmArgs.addAll(o.workerJvmArgs());
      b.workerCds = o.workerCds();
      b.cacheDir = o.cacheDir();
      b.clusterConnectTimeout = o.clusterConnectTimeout();
      return b;
    }

    /** The concurrency model; default {@code threads}. */
    public Builder model(Model model) {
      this.model = model;
      return this;
    }

    /** Threads, processes or members; default per {@link Model#defaultWorkers(int)}. */
    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /**
     * Tasks in flight at most; default workers (threads, processes), 1000 (virtual, async, and
     * cluster, whose engine then runs at most {@code workers} tasks per member, however many
     * members). Given explicitly on {@code cluster}, that many tasks are kept in flight across the
     * members, each running its share at once on virtual threads (or on {@link #threadsPerWorker}
     * platform threads).
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * At most {@code limit} tasks in flight per key, the key computed from the input (for HTTP, the
     * URL's host). The function is applied to the inputs of the batches this fanout runs.
     */
    @SuppressWarnings("unchecked")
    public <I> Builder perKey(Function<? super I, String> keyOf, int limit) {
      this.keyOf = (Function<Object, String>) keyOf;
      this.perKey = limit;
      return this;
    }

    /**
     * At most {@code permitsPerSecond} attempts start per second for each key, the key computed
     * from the input (for HTTP, the URL's host): attempts of one key start at least {@code 1 /
     * permitsPerSecond} seconds apart, retries included. Shared by every batch of this fanout. 0
     * for no rate (the default), else between 0.001 and 1,000,000.
     */
    @SuppressWarnings("unchecked")
    public <I> Builder rate(Function<? super I, String> keyOf, double permitsPerSecond) {
      this.rateKeyOf = (Function<Object, String>) keyOf;
      this.ratePerSecond = permitsPerSecond;
      return this;
    }

    /**
     * How long one attempt may run: past it, the attempt fails with a {@link
     * java.util.concurrent.TimeoutException} (then is retried per the policy). The attempt is
     * interrupted ({@code async}: its stage cancelled; {@code cluster}: cancelled on its member);
     * one that ignores its interrupt is abandoned after a short grace ({@code processes}: its
     * worker JVM is killed and replaced), so the run never waits on it. {@link Duration#ZERO} (the
     * default) for no limit; at most 365 days. On {@code sequential} the task runs on the caller's
     * thread: a task that ignores its interrupt cannot be abandoned there.
     */
    public Builder taskTimeout(Duration timeout) {
      this.taskTimeout = timeout;
      return this;
    }

    /**
     * When true, the first failure (after its retries) cancels the rest of the batch, like {@code
     * invokeAny} or GNU parallel's {@code --halt now,fail=1}: {@code map} returns promptly, and
     * every unfinished input is a {@link Outcome.Failure} with a {@link
     * java.util.concurrent.CancellationException}; {@code stream} yields the cancelled tasks it had
     * pulled, then ends. Default false: every input runs.
     */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    /**
     * When true, every attempt's CPU time is measured for {@link Outcome.Stats#cpuNanos()} even
     * with no listener (it is whenever a listener is added). Default false: a thread's CPU clock is
     * a system call per attempt, which costs more than the rest of a tiny task's bookkeeping.
     */
    public Builder measureCpu(boolean measureCpu) {
      this.measureCpu = measureCpu;
      return this;
    }

    /** The retry policy; default {@link RetryPolicy#none()}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** The per-worker resource. */
    public Builder resource(Resource<?> resource) {
      this.resource = resource;
      return this;
    }

    /** Adds a receiver of every event. */
    public Builder listener(Listener listener) {
      this.listeners.add(listener);
      return this;
    }

    /** The time source of events; default {@link Clock#system()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** On {@code async}, warn when a task holds the loop this long; default 100 ms. */
    public Builder blockedLoopThreshold(Duration threshold) {
      this.blockedLoopThreshold = threshold;
      return this;
    }

    /** On {@code processes}/{@code cluster}, inputs per message; default automatic. */
    public Builder chunkSize(int chunkSize) {
      this.chunkSize = chunkSize;
      return this;
    }

    /** On {@code processes}, replace a worker after this many tasks; default never. */
    public Builder maxTasksPerWorker(int max) {
      this.maxTasksPerWorker = max;
      return this;
    }

    /**
     * On {@code processes} and {@code cluster}, run each worker's (member's) share of {@link
     * #concurrency} on this many platform threads instead of virtual threads; default 1 (virtual
     * threads for a share above one).
     */
    public Builder threadsPerWorker(int threads) {
      this.threadsPerWorker = threads;
      return this;
    }

    /** On {@code cluster}, members to join (host:port); default an embedded member. */
    public Builder members(List<String> addresses) {
      this.members.clear();
      this.members.addAll(addresses);
      return this;
    }

    /** On {@code cluster}, the cluster's name; default {@code fanout}. */
    public Builder clusterName(String name) {
      this.clusterName = name;
      return this;
    }

    /** On {@code auto}, prefer {@code processes} for CPU-bound work. */
    public Builder isolate(boolean isolate) {
      this.isolate = isolate;
      return this;
    }

    /**
     * On {@code cluster}, the shared secret that authenticates every job message (HMAC-SHA256):
     * members started with the same secret run only authenticated work. Default: the {@code
     * FANOUT_CLUSTER_SECRET} environment variable if set, else none.
     */
    public Builder clusterSecret(byte[] secret) {
      this.clusterSecret = secret == null ? null : secret.clone();
      return this;
    }

    /**
     * On {@code processes}, extra flags for every worker JVM (one flag each, e.g. {@code
     * -Xmx256m}); they are added to fanout's own.
     */
    public Builder workerJvmArgs(List<String> args) {
      this.workerJvmArgs.clear();
      this.workerJvmArgs.addAll(args);
      return this;
    }

    /**
     * On {@code processes}, whether worker JVMs start from a class-data-sharing archive, recorded
     * by the first run in {@link #cacheDir}; default true (it applies when the classpath holds jars
     * only).
     */
    public Builder workerCds(boolean cds) {
      this.workerCds = cds;
      return this;
    }

    /**
     * Where fanout keeps what makes later runs start faster (the worker JVMs' CDS archive); default
     * {@code $XDG_CACHE_HOME/fanout}, else {@code ~/.cache/fanout}.
     */
    public Builder cacheDir(java.nio.file.Path dir) {
      this.cacheDir = dir;
      return this;
    }

    /** On {@code cluster}, how long to try to reach the members before failing; default 10 s. */
    public Builder clusterConnectTimeout(Duration timeout) {
      this.clusterConnectTimeout = timeout;
      return this;
    }

    /** Where warnings go, a line each; default stderr. */
    public Builder log(Consumer<String> log) {
      this.log = log;
      return this;
    }

    /** The settings, validated, with defaults filled in. */
    public Options options() {
      int cores = Runtime.getRuntime().availableProcessors();
      int w = workers > 0 ? workers : model.defaultWorkers(cores);
      if (workers < 0) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      if (concurrency < 0) {
        throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
      }
      int c = concurrency > 0 ? concurrency : model.defaultConcurrency(w, threadsPerWorker);
      return new Options(
          model,
          w,
          c,
          keyOf,
          perKey,
          retry,
          resource,
          listeners,
          clock,
          blockedLoopThreshold,
          chunkSize,
          maxTasksPerWorker,
          threadsPerWorker,
          members,
          clusterName,
          isolate,
          log,
          taskTimeout,
          failFast,
          measureCpu,
          rateKeyOf,
          ratePerSecond,
          clusterSecret,
          concurrencyGiven != null ? concurrencyGiven : concurrency > 0,
          workerJvmArgs,
          workerCds,
          cacheDir,
          clusterConnectTimeout);
    }

    /**
     * Validates the settings and starts the workers. A setting the model does not use is a warning
     * ({@link Event.Warning.Kind#NO_EFFECT}), one per setting.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public Fanout build() {
      Options o = options();
      List<String> noEffect = new ArrayList<>();
      noEffect(noEffect, Model.Setting.WORKERS, workers > 0, workers);
      noEffect(noEffect, Model.Setting.CONCURRENCY, concurrency > 0, concurrency);
      noEffect(noEffect, Model.Setting.CHUNK_SIZE, chunkSize > 0, chunkSize);
      noEffect(
          noEffect, Model.Setting.MAX_TASKS_PER_WORKER, maxTasksPerWorker > 0, maxTasksPerWorker);
      noEffect(noEffect, Model.Setting.THREADS_PER_WORKER, threadsPerWorker != 1, threadsPerWorker);
      noEffect(noEffect, Model.Setting.MEMBERS, !members.isEmpty(), String.join(",", members));
      noEffect(noEffect, Model.Setting.CLUSTER_NAME, !clusterName.equals("fanout"), clusterName);
      noEffect(noEffect, Model.Setting.ISOLATE, isolate, isolate);
      noEffect(
          noEffect,
          Model.Setting.WORKER_JVM_ARGS,
          !workerJvmArgs.isEmpty(),
          String.join(" ", workerJvmArgs));
      noEffect(noEffect, Model.Setting.WORKER_CDS, !workerCds, workerCds);
      noEffect(noEffect, Model.Setting.CACHE_DIR, cacheDir != null, cacheDir);
      noEffect(
          noEffect,
          Model.Setting.CLUSTER_CONNECT_TIMEOUT,
          !clusterConnectTimeout.equals(DEFAULT_CONNECT_TIMEOUT),
          clusterConnectTimeout);
      noEffect(noEffect, Model.Setting.CLUSTER_SECRET, clusterSecret != null, "(given)");
      noEffect(
          noEffect,
          Model.Setting.BLOCKED_LOOP_THRESHOLD,
          !blockedLoopThreshold.equals(DEFAULT_BLOCKED_LOOP_THRESHOLD),
          blockedLoopThreshold);
      return Engines.open(o, noEffect);
    }

    private void noEffect(List<String> out, Model.Setting setting, boolean set, Object value) {
      if (set && !model.uses(setting)) {
        out.add(setting.noEffect(value, model));
      }
    }
  }
}
