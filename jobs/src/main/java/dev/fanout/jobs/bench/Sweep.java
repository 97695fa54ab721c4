package dev.fanout.jobs.bench;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code bench --sweep}: {@code threads} at 1, 2, 4... up to 1,000 workers, and {@code virtual} and
 * {@code async} at the same bounds on tasks in flight, on an I/O batch and a CPU batch of as many
 * tasks as the largest count, measuring wall time, the JVM's CPU time and its peak resident memory
 * at each: where adding workers stops helping, and where it starts to hurt. A point that takes
 * under a second is run three times and the fastest run kept.
 *
 * <p>Not thread-safe: one sweep at a time.
 */
public final class Sweep {
  /**
   * Which counts, and how big the batches.
   *
   * @param counts the worker counts, ascending; empty for no sweep
   * @param tasks tasks per batch
   * @param delayMs how long each download of the I/O batch waits
   * @param n the size of each sum of the CPU batch
   */
  public record Levels(List<Integer> counts, int tasks, int delayMs, long n) {
    /** No sweep. */
    public static final Levels NONE = new Levels(List.of(), 0, 0, 0);

    /**
     * The default report's section: four counts, 1,000 short tasks, so that 1,000 workers all get
     * one (about 15 s on a quiet 2-core machine).
     */
    public static final Levels QUICK = new Levels(List.of(1, 10, 100, 1000), 1000, 1, 100_000);

    /** {@code --sweep}: every power of two up to 512, then 1,000, on longer tasks. */
    public static final Levels FULL =
        new Levels(List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000), 1000, 5, 300_000);

    /** A rough guess of how long the sweep takes here, to leave it room in a time budget. */
    public long estimatedNanos() {
      long io = 0;
      for (int c : counts) {
        io += (long) Math.ceil((double) tasks / c) * (delayMs + 2) * 1_000_000L; // + HTTP work
      }
      // about 1 ns a step on two cores or more, and quick points are run three times
      long cpu = (long) counts.size() * tasks * n / 2 * REPEATS;
      return MODELS.size() * (io + cpu) + 5_000_000_000L; // + warm-ups and garbage collection
    }

    public Levels {
      counts = List.copyOf(counts);
      if (!counts.isEmpty() && (tasks < 1 || delayMs < 0 || n < 1)) {
        throw new IllegalArgumentException("a sweep needs tasks, a delay >= 0 and n >= 1");
      }
    }
  }

  /** A point whose run takes less than this is run {@link #REPEATS} times and the fastest kept. */
  static final long QUICK_POINT_NANOS = 1_000_000_000L;

  /** Runs of a quick point: other processes' load only ever adds time, so the fastest is truest. */
  static final int REPEATS = 3;

  /** The models swept: a pool of platform threads against the two that do not need one. */
  static final List<Model> MODELS = List.of(Model.THREADS, Model.VIRTUAL, Model.ASYNC);

  private final Levels levels;
  private final Consumer<String> progress;
  private final Phases phases;

  public Sweep(Levels levels, Consumer<String> progress) {
    this(levels, progress, new Phases());
  }

  /** A sweep that adds its time to {@code phases}: per workload and model, warm-up apart. */
  Sweep(Levels levels, Consumer<String> progress, Phases phases) {
    if (levels.counts().isEmpty()) {
      throw new IllegalArgumentException("no levels to sweep");
    }
    this.levels = levels;
    this.progress = progress;
    this.phases = phases;
  }

  /** Sweeps every model over the counts, I/O first. */
  public SweepResult run() {
    List<SweepResult.Series> series = new ArrayList<>();
    try (Workload io = IoWorkload.embedded(levels.tasks(), levels.delayMs(), 1024)) {
      sweep(io, series);
    }
    List<Long> sums = java.util.Collections.nCopies(levels.tasks(), levels.n());
    try (Workload cpu = CpuWorkload.of(sums)) {
      sweep(cpu, series);
    }
    return new SweepResult(levels.counts(), series);
  }

  private void sweep(Workload w, List<SweepResult.Series> out) {
    String title =
        w.name().equals("io")
            ? String.format(
                Locale.ROOT,
                "%d downloads of 1 KiB, %d ms each, from a local slow site",
                levels.tasks(),
                levels.delayMs())
            : String.format(
                Locale.ROOT, "%d sums of squares, n = %,d each", levels.tasks(), levels.n());
    for (Model m : MODELS) {
      progress.accept("sweep " + w.name() + ": " + m.label() + " warm-up");
      long t0 = System.nanoTime();
      measure(w, m, 16, w.inputs().subList(0, Math.min(64, w.inputs().size())));
      long t1 = System.nanoTime();
      phases.add("sweep/warm-up/" + w.name() + "/" + m.label(), t1 - t0);
      List<SweepResult.Point> points = new ArrayList<>();
      for (int count : levels.counts()) {
        progress.accept("sweep " + w.name() + ": " + m.label() + " at " + count);
        SweepResult.Point p = measure(w, m, count, w.inputs());
        for (int i = 1; i < REPEATS && p.wallNanos() < QUICK_POINT_NANOS; i++) {
          SweepResult.Point again = measure(w, m, count, w.inputs());
          if (again.wallNanos() < p.wallNanos()) {
            p = again;
          }
        }
        points.add(p);
        progress.accept(
            String.format(
                Locale.ROOT,
                "sweep %s: %s at %d: %.2f s",
                w.name(),
                m.label(),
                count,
                p.wallNanos() / 1e9));
      }
      phases.add("sweep/" + w.name() + "/" + m.label(), System.nanoTime() - t1);
      out.add(new SweepResult.Series(w.name(), title, m, points));
    }
  }

  /** One run at one count on a fresh fanout. */
  private static SweepResult.Point measure(Workload w, Model m, int count, List<?> inputs) {
    System.gc(); // the garbage of the previous run must not be this one's memory or CPU
    Fanout.Builder b = Fanout.builder().model(m);
    if (m == Model.THREADS) {
      b.workers(count);
    } else {
      b.concurrency(count);
    }
    w.configure(b, m);
    long cpu0 = ProcessMeter.cpuNanos();
    long t0 = System.nanoTime();
    long wall;
    List<? extends Outcome<?, ?>> outcomes;
    try (ProcessMeter meter = ProcessMeter.start()) {
      try (Fanout f = b.build()) {
        outcomes = w.run(f, m, inputs);
        wall = System.nanoTime() - t0;
      }
      long cpu1 = ProcessMeter.cpuNanos();
      int failed = (int) outcomes.stream().filter(o -> o instanceof Outcome.Failure<?, ?>).count();
      return new SweepResult.Point(
          count, wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, meter.peakBytes(), failed);
    }
  }
}
