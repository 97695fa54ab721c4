package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What {@code bench --sweep} measured: per workload and model, wall time, CPU time and peak memory
 * at each worker count.
 *
 * <p>Immutable and thread-safe.
 *
 * @param counts the worker counts (threads) or concurrency bounds (virtual, async), ascending
 * @param series one per workload and model
 */
public record SweepResult(List<Integer> counts, List<Series> series) {
  /** A wall time this much over the best is called slower. */
  static final double SLOWER = 0.10;

  /** ...and only when it is also this much longer in absolute terms (timer and start-up noise). */
  static final long SLOWER_NANOS = 20_000_000L;

  public SweepResult {
    counts = List.copyOf(counts);
    series = List.copyOf(series);
  }

  /**
   * One measured point.
   *
   * @param count workers or concurrency
   * @param wallNanos from starting the workers to the last outcome
   * @param cpuNanos CPU time the whole JVM used meanwhile (tasks, thread switches, GC), or -1
   * @param peakBytes the highest resident memory seen during the run above what it was before, or
   *     -1 where the OS does not tell
   * @param failed tasks that failed
   */
  public record Point(int count, long wallNanos, long cpuNanos, long peakBytes, int failed) {}

  /**
   * One model on one workload across the counts.
   *
   * @param workload {@code io} or {@code cpu}
   * @param title what the batch is
   * @param model the model
   * @param points ascending by count
   */
  public record Series(String workload, String title, Model model, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }

    /** The fastest point. */
    public Point best() {
      return points.stream().min(Comparator.comparingLong(Point::wallNanos)).orElseThrow();
    }

    /** The smallest count within {@link #SLOWER} of the best: adding workers stops helping here. */
    public Point enough() {
      long best = best().wallNanos();
      return points.stream().filter(p -> !slower(p.wallNanos(), best)).findFirst().orElseThrow();
    }

    /** The first count past the best that is clearly slower than the best, or null. */
    public Point hurts() {
      Point best = best();
      return points.stream()
          .filter(p -> p.count() > best.count() && slower(p.wallNanos(), best.wallNanos()))
          .findFirst()
          .orElse(null);
    }

    private static boolean slower(long wall, long best) {
      return wall > best * (1 + SLOWER) && wall - best > SLOWER_NANOS;
    }

    /** What the measurement shows, in one sentence. */
    public String finding() {
      Point enough = enough();
      Point last = points.get(points.size() - 1);
      Point first = points.get(0);
      String unit = model == Model.THREADS ? " threads" : " in flight";
      StringBuilder b = new StringBuilder();
      b.append(model.label()).append(" on ").append(workload).append(": ");
      if (enough.count() == first.count()) {
        b.append("more workers never helped (")
            .append(Figures.seconds(first.wallNanos()))
            .append(" at ")
            .append(first.count())
            .append(unit)
            .append(")");
      } else if (enough.count() == last.count()) {
        b.append(
            String.format(
                Locale.ROOT,
                "adding workers still helped at %d%s (%s, from %s at %d)",
                last.count(),
                unit,
                Figures.seconds(last.wallNanos()),
                Figures.seconds(first.wallNanos()),
                first.count()));
      } else {
        b.append(
            String.format(
                Locale.ROOT,
                "adding workers helps up to %d%s (%s, from %s at %d), then stops helping",
                enough.count(),
                unit,
                Figures.seconds(enough.wallNanos()),
                Figures.seconds(first.wallNanos()),
                first.count()));
      }
      Point hurts = hurts();
      if (hurts != null) {
        Point best = best();
        Point worst =
            points.stream()
                .filter(p -> p.count() > best.count())
                .max(Comparator.comparingLong(Point::wallNanos))
                .orElse(hurts);
        b.append(
            String.format(
                Locale.ROOT,
                "; it hurts from %d: %s at %d, %.0f%% over the best",
                hurts.count(),
                Figures.seconds(worst.wallNanos()),
                worst.count(),
                100.0 * (worst.wallNanos() - best.wallNanos()) / best.wallNanos()));
      } else if (enough.count() != last.count()) {
        b.append("; no slowdown up to ").append(last.count());
      }
      Point from = enough.count() == last.count() ? first : enough;
      if (last.peakBytes() >= 0 && from.peakBytes() >= 0) {
        b.append(
            String.format(
                Locale.ROOT,
                "; memory %s at %d, %s at %d",
                mib(from.peakBytes()),
                from.count(),
                mib(last.peakBytes()),
                last.count()));
      }
      if (last.cpuNanos() >= 0 && from.cpuNanos() >= 0) {
        b.append(
            String.format(
                Locale.ROOT,
                ", CPU %s at %d, %s at %d",
                Figures.seconds(from.cpuNanos()),
                from.count(),
                Figures.seconds(last.cpuNanos()),
                last.count()));
      }
      long failed = points.stream().mapToLong(Point::failed).sum();
      if (failed > 0) {
        b.append("; ").append(failed).append(" tasks failed in all");
      }
      return b.append('.').toString();
    }
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  /** The series of one workload, in model order. */
  public List<Series> of(String workload) {
    return series.stream().filter(s -> s.workload().equals(workload)).toList();
  }

  /** The workloads swept, in order. */
  public List<String> workloads() {
    return series.stream().map(Series::workload).distinct().toList();
  }
}
