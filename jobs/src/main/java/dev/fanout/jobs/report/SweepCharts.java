package dev.fanout.jobs.report;

import static dev.fanout.jobs.report.Html.esc;
import static dev.fanout.jobs.report.Html.num;

import dev.fanout.jobs.bench.Figures;
import dev.fanout.jobs.bench.SweepResult;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The report's sweep section: per workload, wall time, CPU time and peak memory against the worker
 * count (a log scale), one line per model, and what the measurement shows under them.
 *
 * <p>Stateless and thread-safe.
 */
final class SweepCharts {
  static final int WIDTH = 880;
  static final int HEIGHT = 230;
  static final int LEFT = 80;
  static final int RIGHT = 110;
  static final int TOP = 24;
  static final int BOTTOM = 36;

  private SweepCharts() {}

  static String section(SweepResult sweep) {
    StringBuilder b =
        new StringBuilder(
            "<section class=\"sweep\" id=\"sweep\"><h2>Too many workers?</h2><p class=\"what\">"
                + "threads with 1 to 1,000 platform threads, virtual and async with 1 to 1,000"
                + " tasks in flight, on the same batches: where adding workers stops helping,"
                + " and where it starts to hurt. The fastest of 3 runs where a run takes under a second, else one; CPU time is the whole JVM's"
                + " (tasks, thread switches, GC); memory is the peak resident memory above the"
                + " level before the run.</p>");
    for (String workload : sweep.workloads()) {
      List<SweepResult.Series> series = sweep.of(workload);
      b.append("<h3>")
          .append(esc(workload + ": " + series.get(0).title()))
          .append("</h3><div class=\"sweep-charts\">");
      b.append(chart(sweep, workload, "wall", "wall time", SweepResult.Point::wallNanos, true));
      b.append(chart(sweep, workload, "cpu", "CPU time", SweepResult.Point::cpuNanos, true));
      b.append(
          chart(sweep, workload, "memory", "peak memory", SweepResult.Point::peakBytes, false));
      b.append("</div><ul class=\"why\">");
      for (SweepResult.Series s : series) {
        b.append("<li>").append(esc(s.finding())).append("</li>");
      }
      b.append("</ul>");
    }
    return b.append("</section>").toString();
  }

  private static String chart(
      SweepResult sweep,
      String workload,
      String metric,
      String title,
      ToLongFunction<SweepResult.Point> value,
      boolean time) {
    List<SweepResult.Series> series = sweep.of(workload);
    List<Integer> counts = sweep.counts();
    long max =
        Math.max(
            1, series.stream().flatMap(s -> s.points().stream()).mapToLong(value).max().orElse(1));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double logMax = Math.log(Math.max(2, counts.get(counts.size() - 1)));
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"sweep-chart\" data-workload=\"")
        .append(esc(workload))
        .append("\" data-metric=\"")
        .append(esc(metric))
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\"><title>")
        .append(esc(title + " against the worker count, " + workload + " workload"))
        .append("</title>");
    b.append("<text x=\"").append(LEFT).append("\" y=\"14\">").append(esc(title)).append("</text>");
    // y grid: 0, half, max
    for (int i = 0; i <= 2; i++) {
      double v = max * i / 2.0;
      double y = TOP + plotH - plotH * i / 2.0;
      b.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(num(LEFT + plotW))
          .append("\" y1=\"")
          .append(num(y))
          .append("\" y2=\"")
          .append(num(y))
          .append("\"/><text class=\"axis\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(num(y + 4))
          .append("\" text-anchor=\"end\">")
          .append(esc(label((long) v, time)))
          .append("</text>");
    }
    for (int c : counts) {
      double x = x(c, logMax, plotW);
      b.append("<text class=\"axis\" x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(TOP + plotH + 16))
          .append("\" text-anchor=\"middle\">")
          .append(c)
          .append("</text>");
    }
    b.append("<text class=\"axis\" x=\"")
        .append(num(LEFT + plotW / 2))
        .append("\" y=\"")
        .append(HEIGHT - 4)
        .append("\" text-anchor=\"middle\">workers (threads) or tasks in flight (virtual,")
        .append(" async), log scale</text>");
    int legend = 0;
    for (SweepResult.Series s : series) {
      String cls = "s-" + s.model().label();
      StringBuilder path = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (SweepResult.Point p : s.points()) {
        long v = value.applyAsLong(p);
        if (v < 0) {
          continue;
        }
        double x = x(p.count(), logMax, plotW);
        double y = TOP + plotH - plotH * v / max;
        path.append(path.isEmpty() ? "M" : " L").append(num(x)).append(' ').append(num(y));
        dots.append("<circle class=\"dot ")
            .append(cls)
            .append("\" cx=\"")
            .append(num(x))
            .append("\" cy=\"")
            .append(num(y))
            .append("\" r=\"3.5\"><title>")
            .append(
                esc(
                    String.format(
                        Locale.ROOT,
                        "%s at %d: %s%s",
                        s.model().label(),
                        p.count(),
                        label(v, time),
                        p.failed() > 0 ? ", " + p.failed() + " tasks failed" : "")))
            .append("</title></circle>");
      }
      if (!path.isEmpty()) {
        b.append("<path class=\"series ")
            .append(cls)
            .append("\" data-model=\"")
            .append(esc(s.model().label()))
            .append("\" d=\"")
            .append(path)
            .append("\"/>")
            .append(dots);
      }
      b.append("<text class=\"")
          .append(cls)
          .append("\" x=\"")
          .append(num(LEFT + plotW + 12))
          .append("\" y=\"")
          .append(TOP + 12 + 16 * legend++)
          .append("\" style=\"stroke:none\">")
          .append(esc(s.model().label()))
          .append("</text>");
    }
    return b.append("</svg>").toString();
  }

  private static double x(int count, double logMax, double plotW) {
    return LEFT + plotW * Math.log(Math.max(1, count)) / logMax;
  }

  private static String label(long v, boolean time) {
    double mib = v / 1048576.0;
    return time
        ? Figures.seconds(v)
        : String.format(Locale.ROOT, mib >= 10 || mib == 0 ? "%.0f MiB" : "%.1f MiB", mib);
  }
}
