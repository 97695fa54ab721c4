package dev.fanout.jobs.report;

import static dev.fanout.jobs.report.Html.esc;
import static dev.fanout.jobs.report.Html.ms;
import static dev.fanout.jobs.report.Html.num;

import dev.fanout.Model;
import dev.fanout.jobs.bench.Figures;
import dev.fanout.jobs.bench.ModelResult;
import dev.fanout.jobs.bench.TaskSpan;
import dev.fanout.jobs.bench.Timeline;
import dev.fanout.jobs.bench.WorkloadResult;
import java.util.List;

/** The report's inline SVG: a bar chart per workload and a timeline per model. */
final class Charts {
  static final int WIDTH = 880;
  static final int LABEL = 120;
  static final int MAX_ROWS = 40;

  private Charts() {}

  /** Median wall time per model, longest to the right edge; the ideal as a dashed line. */
  static String bars(WorkloadResult w) {
    List<ModelResult> models = w.models();
    int rowH = 30;
    int top = 10;
    int height = top + models.size() * rowH + 28;
    long max =
        Math.max(
            1,
            models.stream()
                .mapToLong(r -> Math.max(r.meanWallNanos(), r.stats().max()))
                .max()
                .orElse(1));
    double plot = WIDTH - LABEL - 110;
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"bars\" role=\"img\" data-workload=\"")
        .append(esc(w.name()))
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\">");
    b.append("<title>")
        .append(esc("median wall time per model, " + w.name() + " workload"))
        .append("</title>");
    String best = w.best().map(r -> r.model().label()).orElse("");
    for (int i = 0; i < models.size(); i++) {
      ModelResult r = models.get(i);
      Figures f = Figures.of(w, r);
      double y = top + i * rowH;
      double len = Math.max(2, plot * r.meanWallNanos() / max);
      String cls =
          r.model().label().equals(best)
              ? "bar best"
              : r.model() == Model.AUTO ? "bar auto" : "bar";
      b.append("<text class=\"label\" x=\"")
          .append(LABEL - 8)
          .append("\" y=\"")
          .append(num(y + 19))
          .append("\" text-anchor=\"end\">")
          .append(esc(r.model().label()))
          .append("</text>");
      b.append("<rect class=\"")
          .append(cls)
          .append("\" x=\"")
          .append(LABEL)
          .append("\" y=\"")
          .append(num(y + 5))
          .append("\" width=\"")
          .append(num(len))
          .append("\" height=\"20\" rx=\"3\">")
          .append("<title>")
          .append(
              esc(
                  r.model().label()
                      + ": mean "
                      + f.meanPlusMinus()
                      + ", median "
                      + f.median()
                      + ", "
                      + f.range()
                      + " over "
                      + f.runs()
                      + " run(s), "
                      + f.speedUpText()
                      + " vs sequential"))
          .append("</title></rect>");
      b.append("<text class=\"value\" x=\"")
          .append(num(LABEL + len + 6))
          .append("\" y=\"")
          .append(num(y + 19))
          .append("\">")
          .append(esc(f.meanPlusMinus() + "  " + f.speedUpText()))
          .append("</text>");
      // the spread: min to max as a whisker over the bar
      double lo = LABEL + plot * r.stats().min() / max;
      double hi = LABEL + plot * r.stats().max() / max;
      b.append("<line class=\"spread\" x1=\"")
          .append(num(lo))
          .append("\" x2=\"")
          .append(num(hi))
          .append("\" y1=\"")
          .append(num(y + 15))
          .append("\" y2=\"")
          .append(num(y + 15))
          .append("\"/>");
    }
    double ideal = LABEL + plot * w.idealNanos() / max;
    double bottom = top + models.size() * rowH;
    b.append("<line class=\"ideal\" x1=\"")
        .append(num(ideal))
        .append("\" x2=\"")
        .append(num(ideal))
        .append("\" y1=\"")
        .append(top)
        .append("\" y2=\"")
        .append(num(bottom))
        .append("\"/>");
    b.append("<text class=\"axis\" x=\"")
        .append(num(Math.min(ideal + 4, WIDTH - 200)))
        .append("\" y=\"")
        .append(num(bottom + 18))
        .append("\">")
        .append(esc("ideal " + Figures.seconds(w.idealNanos())))
        .append("</text>");
    b.append("</svg>");
    return b.toString();
  }

  /** One row per worker (or lane), one bar per task, time to the right, ticks below. */
  static String timeline(WorkloadResult w, ModelResult r) {
    List<TaskSpan> spans = r.median().spans();
    Timeline t = Timeline.of(spans, MAX_ROWS);
    List<Timeline.Row> rows = t.rows();
    int n = Math.max(1, rows.size());
    double rowH = Math.clamp(220.0 / n, 3, 20);
    double gap = rowH >= 8 ? 2 : rowH >= 4 ? 1 : 0;
    double top = 6;
    double plotH = n * rowH;
    int height = (int) Math.ceil(top + plotH + 26);
    double plot = WIDTH - LABEL - 16;
    long end = Math.max(1, t.endNanos());
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"timeline\" data-workload=\"")
        .append(esc(w.name()))
        .append("\" data-model=\"")
        .append(esc(r.model().label()))
        .append("\" data-tasks=\"")
        .append(spans.size())
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\">");
    b.append("<title>")
        .append(esc(r.model().label() + " timeline, " + w.name() + " workload"))
        .append("</title>");
    // ticks: about 8, on round values
    long step = niceStep(end / 8);
    for (long x = 0; x <= end; x += step) {
      double px = LABEL + plot * x / end;
      b.append("<line class=\"grid\" x1=\"")
          .append(num(px))
          .append("\" x2=\"")
          .append(num(px))
          .append("\" y1=\"")
          .append(num(top))
          .append("\" y2=\"")
          .append(num(top + plotH))
          .append("\"/>");
      b.append("<text class=\"axis\" x=\"")
          .append(num(px))
          .append("\" y=\"")
          .append(num(top + plotH + 16))
          .append("\" text-anchor=\"middle\">")
          .append(esc(Figures.seconds(x)))
          .append("</text>");
    }
    boolean labelEvery = rowH >= 9;
    for (int i = 0; i < rows.size(); i++) {
      Timeline.Row row = rows.get(i);
      double y = top + i * rowH;
      if (labelEvery || i == 0 || i == rows.size() - 1) {
        b.append("<text class=\"row\" x=\"")
            .append(LABEL - 8)
            .append("\" y=\"")
            .append(num(y + Math.min(rowH, 14) - 2))
            .append("\" text-anchor=\"end\">")
            .append(esc(row.label()))
            .append("</text>");
      }
      b.append("<rect class=\"lane\" x=\"")
          .append(LABEL)
          .append("\" y=\"")
          .append(num(y))
          .append("\" width=\"")
          .append(num(plot))
          .append("\" height=\"")
          .append(num(rowH - gap))
          .append("\"/>");
      for (TaskSpan s : row.spans()) {
        double x = LABEL + plot * s.startNanos() / end;
        double len = Math.max(1.2, plot * s.wallNanos() / end);
        String kind =
            !s.ok()
                ? "failed"
                : s.cpuNanos() < 0 ? "unknown" : s.computing() ? "computing" : "waiting";
        b.append("<rect class=\"task ")
            .append(kind)
            .append("\" x=\"")
            .append(num(x))
            .append("\" y=\"")
            .append(num(y))
            .append("\" width=\"")
            .append(num(len))
            .append("\" height=\"")
            .append(num(rowH - gap))
            .append("\"><title>")
            .append(esc(tooltip(s)))
            .append("</title></rect>");
        if (s.ok() && s.cpuNanos() > 0 && len * s.cpuShare() >= 0.6) {
          // the share of the bar the CPU was busy, at its start (when within the task is unknown)
          b.append("<rect class=\"cpu\" x=\"")
              .append(num(x))
              .append("\" y=\"")
              .append(num(y + (rowH - gap) * 0.55))
              .append("\" width=\"")
              .append(num(len * s.cpuShare()))
              .append("\" height=\"")
              .append(num((rowH - gap) * 0.45))
              .append("\"/>");
        }
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  private static String tooltip(TaskSpan s) {
    StringBuilder b = new StringBuilder();
    b.append("#").append(s.index()).append(' ').append(s.input()).append('\n');
    b.append("worker ")
        .append(s.worker())
        .append(", ")
        .append(ms(s.startNanos()))
        .append(" to ")
        .append(ms(s.endNanos()))
        .append(" (")
        .append(ms(s.wallNanos()))
        .append(" wall, ")
        .append(s.cpuNanos() < 0 ? "CPU unknown" : ms(s.cpuNanos()) + " CPU")
        .append(')');
    if (!s.ok()) {
      b.append("\nfailed: ").append(s.error());
    }
    return b.toString();
  }

  /** 1, 2 or 5 times a power of ten nanoseconds, at least a millisecond. */
  static long niceStep(long raw) {
    long step = 1_000_000L;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (step * m >= raw) {
          return step * m;
        }
      }
      step *= 10;
    }
  }
}
