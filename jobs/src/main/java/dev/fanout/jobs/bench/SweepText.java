package dev.fanout.jobs.bench;

import java.util.Locale;

/**
 * The sweep on the terminal: per workload a table of wall time, CPU time and peak memory by worker
 * count and model, and what the measurement shows.
 *
 * <p>Stateless and thread-safe.
 */
public final class SweepText {
  private SweepText() {}

  public static String render(SweepResult sweep) {
    StringBuilder b = new StringBuilder();
    for (String workload : sweep.workloads()) {
      var series = sweep.of(workload);
      b.append("sweep ")
          .append(workload)
          .append(": ")
          .append(series.get(0).title())
          .append(
              " (threads: pool size; virtual, async: tasks in flight; the fastest of 3 runs where"
                  + " a run takes under 1 s)\n");
      b.append(String.format(Locale.ROOT, "  %-6s", "count"));
      for (SweepResult.Series s : series) {
        b.append(
            String.format(Locale.ROOT, " | %-28s", s.model().label() + " wall / CPU / memory"));
      }
      b.append('\n');
      for (int i = 0; i < sweep.counts().size(); i++) {
        b.append(String.format(Locale.ROOT, "  %-6d", sweep.counts().get(i)));
        for (SweepResult.Series s : series) {
          SweepResult.Point p = s.points().get(i);
          b.append(
              String.format(
                  Locale.ROOT,
                  " | %8s %8s %10s",
                  Figures.seconds(p.wallNanos()),
                  p.cpuNanos() < 0 ? "n/a" : Figures.seconds(p.cpuNanos()),
                  p.peakBytes() < 0 ? "n/a" : SweepResult.mib(p.peakBytes())));
        }
        b.append('\n');
      }
      for (SweepResult.Series s : series) {
        b.append("  ").append(s.finding()).append('\n');
      }
    }
    return b.toString();
  }
}
