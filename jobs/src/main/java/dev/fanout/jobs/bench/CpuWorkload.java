package dev.fanout.jobs.bench;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.cpu.SumOfSquares;
import java.time.Duration;
import java.util.List;

/**
 * The source article's CPU workload: {@code sum(i*i for i in range(n))} for 20 values of n, scaled
 * so that the sequential run takes about 2 s on this machine (timed once at start): on two cores
 * the parallel runs then take about a second, long enough that a run's jitter (scheduling, a
 * collection, a worker JVM's start) stays a few percent of it, and seven models times three runs
 * stay within the default bench's two minutes.
 */
final class CpuWorkload implements Workload {
  /** What the sequential run should take. */
  static final Duration TARGET = Duration.ofSeconds(2);

  private final List<Long> inputs;
  private final double scale;

  private CpuWorkload(List<Long> inputs, double scale) {
    this.inputs = List.copyOf(inputs);
    this.scale = scale;
  }

  /**
   * The workload scaled to about {@link #TARGET} sequential here, times {@code userScale}.
   *
   * @throws IllegalArgumentException when the scale is not a positive number
   */
  static CpuWorkload calibrated(double userScale) throws InterruptedException {
    if (!(userScale > 0) || Double.isInfinite(userScale)) {
      throw new IllegalArgumentException("--scale must be a positive number, got " + userScale);
    }
    // let the JIT compile the loop (OSR, then C2), then take the median of a few timings: "3 s
    // here" means with the machine as loaded as it is now
    long probe = 10_000_000;
    for (int i = 0; i < 12; i++) {
      SumOfSquares.of(probe);
    }
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long t0 = System.nanoTime();
      SumOfSquares.of(probe);
      times[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(times);
    long one = times[times.length / 2] * SumOfSquares.DEFAULT_BASE / probe;
    double perTask = (double) TARGET.toNanos() / SumOfSquares.DEFAULT_COUNT;
    double scale = Math.clamp(perTask / Math.max(one, 1), 0.01, 100.0) * userScale;
    return new CpuWorkload(
        SumOfSquares.inputs(SumOfSquares.DEFAULT_BASE, SumOfSquares.DEFAULT_COUNT, scale), scale);
  }

  /** A workload of exactly these inputs (for tests). */
  static CpuWorkload of(List<Long> inputs) {
    return new CpuWorkload(inputs, 1);
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String title() {
    return String.format(
        java.util.Locale.ROOT,
        "%d sums of squares, n = %,d to %,d (scale %.2f: about %d s one after another here)",
        inputs.size(),
        inputs.get(0),
        inputs.get(inputs.size() - 1),
        scale,
        TARGET.toSeconds());
  }

  @Override
  public List<?> inputs() {
    return inputs;
  }

  @Override
  public void configure(Fanout.Builder builder, Model model) {
    // no resource: the task is pure computation
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<? extends Outcome<?, ?>> run(Fanout fanout, Model model, List<?> in) {
    return fanout.map(new SumOfSquares(), (List<Long>) in);
  }

  @Override
  public long idealNanos(List<ModelResult> results, int cores) {
    return results.stream()
        .filter(r -> r.model() == Model.SEQUENTIAL)
        .findFirst()
        .map(r -> r.medianWallNanos() / cores)
        .orElseGet(
            () ->
                results.stream().mapToLong(r -> Math.max(0, r.median().cpuNanos())).max().orElse(0)
                    / cores);
  }

  @Override
  public String idealLabel(int cores) {
    return "the sequential time over " + cores + " cores: every core busy, no overhead";
  }
}
