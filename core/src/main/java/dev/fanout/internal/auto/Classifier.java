package dev.fanout.internal.auto;

import dev.fanout.Model;
import java.util.List;

/**
 * auto's rules, as pure functions of the measurements: when it has seen enough, what class of work
 * it saw, and which model and size fit. Kept apart from the engine so that tests can feed it
 * synthetic measurements.
 *
 * <p>Stateless and thread-safe.
 */
public final class Classifier {
  /** Below this CPU share the work is I/O-bound. */
  public static final double IO_BELOW = 0.2;

  /** From this CPU share up the work is CPU-bound. */
  public static final double CPU_FROM = 0.6;

  /**
   * A CPU share this close to a threshold (in absolute terms, 0.05 = 5 points) is not trusted on
   * its own: auto waits for it to move clear of the threshold, or samples more tasks, so that the
   * same work gets the same answer run after run.
   */
  public static final double MARGIN = 0.05;

  /** Watch at least this long before deciding on unfinished tasks. */
  public static final long MIN_WATCH_NANOS = 5_000_000L;

  /** Decide on what was seen by then, even if the sampled tasks still run. */
  public static final long MAX_WATCH_NANOS = 300_000_000L;

  /**
   * On a machine so busy that no sampled task has begun by {@link #MAX_WATCH_NANOS}, auto waits up
   * to this long for one to begin before deciding without evidence.
   */
  public static final long MAX_WAIT_TO_BEGIN_NANOS = 5_000_000_000L;

  /** At most this many tasks are sampled: the first ones of a run. */
  public static final int MAX_SAMPLES = 8;

  /**
   * Over-provisioning of in-flight I/O costs little; under-provisioning costs rounds of latency.
   */
  static final int HEADROOM = 4;

  private Classifier() {}

  /**
   * The facts about the run that the choice depends on besides the measurements.
   *
   * @param cores cores of this machine
   * @param asyncTask the task is non-blocking ({@link dev.fanout.AsyncTask})
   * @param isolate the user prefers processes (memory, crash and GC isolation)
   * @param processesAvailable the processes model is in this build
   * @param namedTask the task is a named class another JVM can load (not a lambda)
   * @param limit the user's bound on tasks in flight (default 1000)
   */
  public record Facts(
      int cores,
      boolean asyncTask,
      boolean isolate,
      boolean processesAvailable,
      boolean namedTask,
      int limit) {}

  /** How many of the first tasks to sample on a machine with {@code cores} cores: one per core. */
  public static int sampleSize(int cores) {
    return Math.clamp(cores, 2, MAX_SAMPLES);
  }

  /** CPU time over runnable wall time, summed over the samples. */
  public static double cpuShare(List<Measurement> samples) {
    long cpu = 0;
    long runnable = 0;
    for (Measurement m : samples) {
      cpu += m.cpuNanos();
      runnable += m.runnableNanos();
    }
    return runnable == 0 ? 0 : Math.min(1.0, (double) cpu / runnable);
  }

  /** True when {@code cpuShare} lies within {@link #MARGIN} of a threshold. */
  public static boolean nearThreshold(double cpuShare) {
    return Math.abs(cpuShare - IO_BELOW) < MARGIN || Math.abs(cpuShare - CPU_FROM) < MARGIN;
  }

  /**
   * True when the finished samples landed near a threshold and more of the batch may be sampled:
   * {@code started} tasks sampled so far, at most twice {@code sampleSize}.
   */
  public static boolean wantsMoreSamples(List<Measurement> samples, int started, int sampleSize) {
    return !samples.isEmpty()
        && samples.stream().allMatch(Measurement::done)
        && started < 2 * sampleSize
        && nearThreshold(cpuShare(samples));
  }

  /** The class of work a CPU share shows. */
  public static WorkKind kind(double cpuShare) {
    if (cpuShare < IO_BELOW) {
      return WorkKind.IO_BOUND;
    }
    return cpuShare >= CPU_FROM ? WorkKind.CPU_BOUND : WorkKind.MIXED;
  }

  /**
   * True when auto has seen enough: every started sample ended, or each has run at least {@link
   * #MIN_WATCH_NANOS} and their CPU share is I/O-bound by more than the {@link #MARGIN}, or {@link
   * #MAX_WATCH_NANOS} passed. Deciding early on I/O is what keeps sampling from costing a whole
   * round of latency; CPU-bound and mixed work wait for the samples to end, since a task's first
   * milliseconds are often CPU (class loading, connecting) whatever the rest of it does, and
   * sampling one task per core already runs CPU-bound work as fast as it can go.
   */
  public static boolean settled(List<Measurement> samples, long watchedNanos) {
    if (samples.isEmpty()) {
      return false;
    }
    if (samples.stream().allMatch(Measurement::done)) {
      return true;
    }
    if (watchedNanos >= MAX_WATCH_NANOS) {
      // a decision needs something measured: on a very busy machine the sample threads may not
      // have begun yet, and "nothing seen" would read as "no CPU used"
      boolean begun = samples.stream().anyMatch(m -> m.wallNanos() > 0);
      return begun || watchedNanos >= MAX_WAIT_TO_BEGIN_NANOS;
    }
    // each running sample must be seen asleep: one still queued for a core looks idle too
    boolean longEnough =
        samples.stream()
            .allMatch(m -> m.done() || (m.wallNanos() >= MIN_WATCH_NANOS && m.blocked()));
    // a share just under the threshold is mostly the task's start-up (class loading, connecting):
    // watching longer lets the waiting show
    return longEnough && cpuShare(samples) < IO_BELOW - MARGIN;
  }

  /** The model and size for the rest of the batch. */
  public static Decision decide(List<Measurement> seen, Facts facts, long watchedNanos) {
    // samples that never got to run tell nothing
    List<Measurement> samples = seen.stream().filter(m -> m.done() || m.wallNanos() > 0).toList();
    if (samples.isEmpty()) {
      int cores = Math.max(1, facts.cores());
      return new Decision(
          Model.THREADS,
          cores,
          cores,
          WorkKind.MIXED,
          0,
          0,
          0,
          0,
          0,
          watchedNanos,
          "no sampled task had begun after "
              + watchedNanos / 1_000_000
              + " ms (a very busy machine?): threads, one per core, by default");
    }
    double share = cpuShare(samples);
    WorkKind kind = kind(share);
    int n = Math.max(1, samples.size());
    long wall = samples.stream().mapToLong(Measurement::wallNanos).sum() / n;
    long cpu = samples.stream().mapToLong(Measurement::cpuNanos).sum() / n;
    int finished = (int) samples.stream().filter(Measurement::done).count();
    boolean latencyKnown = finished == samples.size();
    int cores = Math.max(1, facts.cores());
    // tasks in flight that keep one core busy: each uses the CPU `share` of its time
    double perCore = 1 / Math.max(share, 1e-6);
    int limit = Math.max(1, facts.limit());
    String note = "";
    if (samples.size() > sampleSize(cores)) {
      note =
          "the first "
              + sampleSize(cores)
              + " samples were within "
              + Math.round(MARGIN * 100)
              + " points of a threshold: sampled "
              + samples.size()
              + " in all";
    }
    if (nearThreshold(share)) {
      note =
          join(
              note,
              String.format(
                  java.util.Locale.ROOT,
                  "CPU share %.1f%% is within %d points of the %.0f%% threshold: another run may"
                      + " choose otherwise",
                  share * 100,
                  Math.round(MARGIN * 100),
                  (Math.abs(share - IO_BELOW) < MARGIN ? IO_BELOW : CPU_FROM) * 100));
    }

    Model model;
    int workers;
    int concurrency;
    if (facts.isolate() && facts.processesAvailable() && facts.namedTask()) {
      model = Model.PROCESSES;
      workers = cores;
      int each = kind == WorkKind.CPU_BOUND ? 1 : (int) Math.clamp(Math.ceil(perCore), 1, 64);
      concurrency = Math.min(limit, workers * each);
    } else {
      if (facts.isolate()) {
        note =
            !facts.processesAvailable()
                ? "--isolate ignored: the processes model is not in this build"
                : "--isolate ignored: the task is a lambda; processes need a named class";
      }
      switch (kind) {
        case IO_BOUND -> {
          model = facts.asyncTask() ? Model.ASYNC : Model.VIRTUAL;
          workers = facts.asyncTask() ? 1 : cores;
          if (latencyKnown) {
            double need = HEADROOM * perCore * (facts.asyncTask() ? 1 : cores);
            concurrency = (int) Math.clamp(Math.ceil(need), Math.min(limit, 2 * cores), limit);
            note =
                join(
                    note,
                    String.format(
                        java.util.Locale.ROOT,
                        "latency %.0f ms per task: %d in flight keep %s busy with room to spare",
                        wall / 1e6,
                        concurrency,
                        facts.asyncTask() ? "the loop" : "every core"));
          } else {
            concurrency = limit;
            note =
                join(
                    note,
                    "latency not known yet (over "
                        + watchedNanos / 1_000_000
                        + " ms): concurrency at the limit, "
                        + limit);
          }
        }
        case CPU_BOUND -> {
          model = Model.THREADS;
          workers = cores;
          concurrency = cores;
        }
        default -> {
          model = Model.THREADS;
          // the pool-sizing rule: cores x (1 + wait/compute) = cores / share
          workers = (int) Math.clamp(Math.ceil(cores * perCore), cores, Math.min(256, limit));
          concurrency = workers;
        }
      }
    }
    return new Decision(
        model,
        workers,
        concurrency,
        kind,
        share,
        samples.size(),
        finished,
        wall,
        cpu,
        watchedNanos,
        note);
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "; " + b;
  }
}
