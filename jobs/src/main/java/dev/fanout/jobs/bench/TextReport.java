package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench}'s terminal output: per workload a table and a compact timeline per model (one row
 * per worker, time to the right: {@code #} computing, {@code -} waiting on I/O, {@code =} running
 * with CPU time unknown, {@code .} idle).
 *
 * <p>Stateless and thread-safe.
 */
public final class TextReport {
  static final int WIDTH = 64;
  static final int MAX_ROWS = 8;

  /** How the table marks a model that ran fewer times because it was far behind. */
  public static final String STOPPED_EARLY = "stopped early: clearly behind";

  private TextReport() {}

  public static String render(BenchResult result) {
    StringBuilder b = new StringBuilder();
    Machine m = result.machine();
    b.append(
        String.format(
            Locale.ROOT, "fanout bench on %d cores, %s, JDK %s%n", m.cores(), m.os(), m.jdk()));
    if (result.load() != null) {
      b.append(result.load().busy() ? "!! " : "").append(result.load().describe()).append("\n");
    }
    b.append('\n');
    for (WorkloadResult w : result.workloads()) {
      b.append(table(w, result.load())).append('\n');
      b.append(timelines(w)).append('\n');
    }
    if (result.sweep() != null) {
      b.append(SweepText.render(result.sweep())).append('\n');
    }
    b.append(
        String.format(
            Locale.ROOT,
            "bench took %s%s%n",
            Figures.seconds(result.totalNanos()),
            result.phases().isEmpty() ? "" : ": " + Phases.summary(result.phases())));
    return b.toString();
  }

  /** The workload's table, with the verdict lines under it. */
  public static String table(WorkloadResult w) {
    return table(w, null);
  }

  /** The workload's table, with the verdict lines under it; a busy machine flagged in it. */
  public static String table(WorkloadResult w, LoadAverage load) {
    StringBuilder b = new StringBuilder();
    b.append(w.name()).append(": ").append(w.title()).append('\n');
    String fmt = "  %-11s %19s %9s %19s %9s %8s %10s %4s  %s%n";
    b.append(
        String.format(
            Locale.ROOT,
            fmt,
            "model",
            "mean ± σ",
            "median",
            "min to max",
            "CPU",
            "speed-up",
            "efficiency",
            "runs",
            "workers"));
    Ranking ranking = w.ranking();
    for (ModelResult r : w.models()) {
      Figures f = Figures.of(w, r);
      String marker =
          r.allFailed()
              ? " (all failed)"
              : ranking.fastest() == r
                  ? ranking.clear() ? " (winner)" : " (fastest, within noise)"
                  : r.stoppedEarly() ? " (" + STOPPED_EARLY + ")" : "";
      b.append(
          String.format(
              Locale.ROOT,
              fmt,
              r.model().label(),
              f.meanPlusMinus(),
              f.median(),
              f.range(),
              f.cpu(),
              f.speedUpText(),
              f.efficiencyText(),
              f.runs(),
              f.workers() + marker));
    }
    b.append("  wall time from starting the workers to the last outcome; CPU: the median run's")
        .append(" tasks' own threads (n/a on virtual threads); efficiency: ideal ")
        .append(Figures.seconds(w.idealNanos()))
        .append(" over the mean\n");
    if (load != null && load.busy()) {
      b.append("  !! ").append(load.describe()).append('\n');
    }
    for (String line : Verdicts.of(w)) {
      b.append("  ").append(line).append('\n');
    }
    for (ModelResult r : w.models()) {
      if (!r.note().isEmpty()) {
        b.append("  ").append(r.model().label()).append(": ").append(r.note()).append('\n');
      }
    }
    return b.toString();
  }

  public static String timelines(WorkloadResult w) {
    StringBuilder b = new StringBuilder();
    long span =
        w.models().stream()
            .mapToLong(r -> Timeline.of(r.median().spans(), MAX_ROWS).endNanos())
            .max()
            .orElse(1);
    b.append(
        String.format(
            Locale.ROOT,
            "  timelines (median run; each model to its own scale; # computing (CPU >= 10%%),"
                + " - waiting, = running with CPU unknown, . idle)%n"));
    for (ModelResult r : w.models()) {
      Timeline t = Timeline.of(r.median().spans(), MAX_ROWS);
      b.append(
          String.format(
              Locale.ROOT,
              "  %s, %s%s%n",
              r.model().label(),
              Figures.seconds(t.endNanos()),
              t.packed() ? ", one thread per task, packed in lanes" : ""));
      List<Timeline.Row> rows = t.rows();
      int shown = Math.min(rows.size(), MAX_ROWS);
      for (int i = 0; i < shown; i++) {
        b.append(
            String.format(
                Locale.ROOT,
                "    %-11s |%s|%n",
                cut(rows.get(i).label(), 11),
                bar(rows.get(i).spans(), t.endNanos())));
      }
      if (rows.size() > shown) {
        b.append(
            String.format(Locale.ROOT, "    %-11s  ... %d more rows%n", "", rows.size() - shown));
      }
    }
    if (span <= 0) {
      b.append("  (no tasks)\n");
    }
    return b.toString();
  }

  static String bar(List<TaskSpan> spans, long end) {
    char[] c = new char[WIDTH];
    java.util.Arrays.fill(c, '.');
    double per = Math.max(1, end) / (double) WIDTH;
    for (TaskSpan s : spans) {
      int from = (int) Math.min(WIDTH - 1, Math.floor(s.startNanos() / per));
      int to = (int) Math.min(WIDTH - 1, Math.ceil(s.endNanos() / per) - 1);
      char mark = s.cpuNanos() < 0 ? '=' : s.computing() ? '#' : '-';
      for (int i = from; i <= Math.max(from, to); i++) {
        if (c[i] != '#') {
          c[i] = mark;
        }
      }
    }
    return new String(c);
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  /** Only for {@link Model} labels in messages. */
  static String label(Model m) {
    return m.label();
  }
}
