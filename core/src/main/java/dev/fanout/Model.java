package dev.fanout;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The concurrency models fanout can run a batch under: the single registry from which the CLI
 * option, the engine factory, the benchmarks and the report labels all come.
 *
 * <p>Immutable and thread-safe.
 */
public enum Model {
  /** A loop on the caller's thread: the baseline every speed-up is measured against. */
  SEQUENTIAL("sequential", "a loop on the caller's thread (the baseline)"),
  /** Pre-emptive multitasking: a fixed pool of platform threads doing blocking work. */
  THREADS("threads", "a fixed pool of platform threads, blocking I/O"),
  /** One virtual thread per task, bounded by the concurrency limit. */
  VIRTUAL("virtual", "one virtual thread per task, bounded by --concurrency"),
  /** Cooperative multitasking: exactly one Netty event-loop thread runs every task. */
  ASYNC("async", "one event-loop thread running non-blocking tasks"),
  /** Multiprocessing: a pool of worker JVMs, each with its own memory. */
  PROCESSES("processes", "a pool of worker JVM processes"),
  /** Multiprocessing across machines: Hazelcast members. */
  CLUSTER("cluster", "Hazelcast members (embedded one-member cluster by default)"),
  /** Samples the work, measures CPU against wall time, and picks one of the others. */
  AUTO("auto", "measures the first tasks and picks a model");

  private final String label;
  private final String description;

  Model(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** The name used on the command line, in reports and in JSON. */
  public String label() {
    return label;
  }

  /** One line saying what the model is. */
  public String description() {
    return description;
  }

  /** True when every task of the run shares one resource (one per run, not one per worker). */
  public boolean sharesOneResource() {
    return this == VIRTUAL || this == ASYNC;
  }

  /** True for models whose tasks run in another JVM and so must be named classes. */
  public boolean crossesProcesses() {
    return this == PROCESSES || this == CLUSTER;
  }

  /**
   * The settings of {@link Fanout.Builder} that only some models use. Setting one for a model that
   * ignores it is not an error, but {@link Fanout.Builder#build()} warns about it ({@link
   * Event.Warning.Kind#NO_EFFECT}).
   */
  public enum Setting {
    WORKERS("workers", "it sizes itself: use concurrency"),
    CONCURRENCY("concurrency", "it runs one task at a time"),
    CHUNK_SIZE("chunkSize", "it sends no chunks: only processes and cluster do"),
    MAX_TASKS_PER_WORKER("maxTasksPerWorker", "it replaces no workers: only processes does"),
    THREADS_PER_WORKER(
        "threadsPerWorker", "only processes and cluster run several tasks per worker JVM"),
    MEMBERS("members", "only cluster joins members"),
    CLUSTER_NAME("clusterName", "only cluster has a name"),
    CLUSTER_SECRET("clusterSecret", "only cluster sends job messages to members"),
    WORKER_JVM_ARGS("workerJvmArgs", "only processes starts worker JVMs"),
    WORKER_CDS("workerCds", "only processes starts worker JVMs"),
    CACHE_DIR("cacheDir", "only processes keeps its worker JVMs' archive there"),
    CLUSTER_CONNECT_TIMEOUT("clusterConnectTimeout", "only cluster connects to members"),
    ISOLATE("isolate", "only auto chooses a model"),
    BLOCKED_LOOP_THRESHOLD("blockedLoopThreshold", "only async has an event loop to block");

    private final String label;
    private final String why;

    Setting(String label, String why) {
      this.label = label;
      this.why = why;
    }

    /** The builder method's name. */
    public String label() {
      return label;
    }

    /** The warning for this setting, given as {@code value}, on {@code model}. */
    public String noEffect(Object value, Model model) {
      return label + " " + value + " has no effect on " + model.label() + ": " + why;
    }
  }

  /** True when the model reads {@code setting}; see {@link Setting}. */
  public boolean uses(Setting setting) {
    return switch (setting) {
      case WORKERS -> this == THREADS || this == PROCESSES || this == CLUSTER;
      case CONCURRENCY -> this != SEQUENTIAL;
      case CHUNK_SIZE -> this == PROCESSES || this == CLUSTER || this == AUTO;
      case MAX_TASKS_PER_WORKER -> this == PROCESSES || this == AUTO;
      case THREADS_PER_WORKER -> this == PROCESSES || this == CLUSTER || this == AUTO;
      case MEMBERS, CLUSTER_NAME, CLUSTER_SECRET, CLUSTER_CONNECT_TIMEOUT -> this == CLUSTER;
      case WORKER_JVM_ARGS, WORKER_CDS, CACHE_DIR -> this == PROCESSES || this == AUTO;
      case ISOLATE -> this == AUTO;
      case BLOCKED_LOOP_THRESHOLD -> this == ASYNC || this == AUTO;
    };
  }

  /**
   * True when this build can run the model: its engine is built in, or provided by a module on the
   * class path ({@code cluster} needs fanout-cluster).
   */
  public boolean isAvailable() {
    return dev.fanout.internal.Engines.available(this);
  }

  /**
   * On {@code auto}: how many first tasks it samples before it decides, on this machine. Other
   * models sample nothing: 0.
   */
  public int sampleSize() {
    return this == AUTO ? dev.fanout.internal.auto.AutoEngine.sampleSize() : 0;
  }

  /** True when tasks run on the thread that calls {@code map} ({@code sequential}). */
  public boolean runsOnCaller() {
    return this == SEQUENTIAL;
  }

  /**
   * True when one thread starts every task ({@code async}): a blocking task holds the others, and
   * blocking work should be an {@link AsyncTask}.
   */
  public boolean runsOnOneThread() {
    return this == ASYNC;
  }

  /**
   * True when an attempt that ignores its interrupt past the task timeout is abandoned and its
   * worker's place taken by a new one, so the run keeps its size. Not on {@code sequential} (the
   * caller's thread runs it), {@code async} (it holds the one loop), {@code cluster} (the member's
   * thread stays busy until the task returns) or {@code auto} (its sampling phase runs the first
   * tasks on threads of its own).
   */
  public boolean abandonsStuckTasks() {
    return this == THREADS || this == VIRTUAL || this == PROCESSES;
  }

  /**
   * True when a task's crash (the JVM exiting, out of memory) ends only its worker, which is
   * replaced: {@code processes}. (A {@code cluster} member is a JVM too, but the default one is
   * embedded in the caller's.)
   */
  public boolean isolatesCrashes() {
    return this == PROCESSES;
  }

  /**
   * True when an attempt's CPU time can be measured: not on {@code virtual} (a virtual thread has
   * no CPU clock of its own) nor on {@code auto} (it depends on the model chosen).
   */
  public boolean measuresCpu() {
    return this != VIRTUAL && this != AUTO;
  }

  /**
   * The default bound on tasks in flight, given the workers and the tasks each runs at once. {@code
   * cluster} does not know its member count until connected: its engine limits each member to
   * {@code workers} instead.
   */
  public int defaultConcurrency(int workers, int threadsPerWorker) {
    return switch (this) {
      case SEQUENTIAL -> 1;
      case THREADS -> workers;
      case PROCESSES -> (int) Math.min(Options.MAX_CONCURRENCY, (long) workers * threadsPerWorker);
      case VIRTUAL, ASYNC, CLUSTER, AUTO -> 1000;
    };
  }

  /**
   * The most workers this model accepts: far above any machine's useful size, well below what fails
   * (a platform thread reserves a stack; a worker JVM its heap). Models that do not use {@code
   * workers} accept any number (a warning says it has no effect).
   */
  public int maxWorkers() {
    return switch (this) {
      case THREADS, CLUSTER -> 4096;
      case PROCESSES, AUTO -> 256;
      case SEQUENTIAL, VIRTUAL, ASYNC -> Integer.MAX_VALUE;
    };
  }

  /**
   * A run's size in this model's words: workers for pools ({@code 6 workers}), concurrency for
   * {@code virtual} and {@code async} ({@code concurrency 1000}), workers and tasks each for {@code
   * processes}.
   */
  public String size(int workers, int concurrency) {
    return switch (this) {
      case VIRTUAL, ASYNC -> "concurrency " + concurrency;
      case PROCESSES -> {
        int each = Math.max(1, concurrency / Math.max(1, workers));
        yield workers + " workers x " + each + (each == 1 ? " task" : " tasks") + " each";
      }
      default -> workers + " workers";
    };
  }

  /** The default number of workers on a machine with {@code cores} cores. */
  public int defaultWorkers(int cores) {
    return switch (this) {
      case SEQUENTIAL, ASYNC -> 1;
      case THREADS -> cores + 4; // Python's ThreadPoolExecutor default, min(32, cores + 4)
      case VIRTUAL -> 1000;
      case PROCESSES, CLUSTER, AUTO -> cores;
    };
  }

  /**
   * Parses a label ({@code threads}) or enum name ({@code THREADS}).
   *
   * @throws IllegalArgumentException naming the bad value and the valid ones
   */
  public static Model parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Model m : values()) {
      if (m.label.equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + text + "': use one of " + labels());
  }

  /** Every label, comma separated, in registry order. */
  public static String labels() {
    return Arrays.stream(values()).map(Model::label).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return label;
  }
}
