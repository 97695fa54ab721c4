package dev.fanout.jobs.report;

import static dev.fanout.jobs.report.Html.esc;

import dev.fanout.Event;
import dev.fanout.Model;
import dev.fanout.jobs.bench.BenchResult;
import dev.fanout.jobs.bench.Figures;
import dev.fanout.jobs.bench.Machine;
import dev.fanout.jobs.bench.ModelResult;
import dev.fanout.jobs.bench.Ranking;
import dev.fanout.jobs.bench.TextReport;
import dev.fanout.jobs.bench.Verdicts;
import dev.fanout.jobs.bench.WorkloadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bench}'s report: one self-contained HTML file (inline CSS and SVG; no script, no font or
 * image fetched from anywhere) with the machine, per workload a verdict, a table, a bar chart and a
 * timeline per model whose bars show each task's input and times on hover. Every string from the
 * run is HTML-escaped.
 *
 * <p>Stateless and thread-safe.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** Writes the report to {@code file} atomically (temp file, then rename). */
  public static void write(BenchResult result, Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
    Files.writeString(tmp, render(result), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The whole page. */
  public static String render(BenchResult result) {
    StringBuilder b = new StringBuilder(64 * 1024);
    Machine m = result.machine();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>fanout bench: ")
        .append(m.cores())
        .append(" cores</title><style>")
        .append(Style.CSS)
        .append("</style></head><body><main>");
    b.append(
        "<header><h1>fanout bench</h1><p class=\"lead\">The same batches under every"
            + " concurrency model, measured on this machine. Every bar in the timelines is one task;"
            + " hover over it to see its input and times.</p>");
    b.append("<dl class=\"machine\">")
        .append(item("cores", String.valueOf(m.cores())))
        .append(item("CPU", m.cpu()))
        .append(item("JDK", m.jdk()))
        .append(item("OS", m.os()))
        .append(
            item(
                "runs",
                result.runsAsked() > 0
                    ? result.runsAsked() + " per model after a warm-up; mean ± standard deviation"
                    : "3 or more per model after a warm-up, until the mean is known to 2% or the"
                        + " budget is spent; mean ± standard deviation"))
        .append(item("bench took", Figures.seconds(result.totalNanos())));
    if (result.load() != null) {
      b.append(item("load average", result.load().describe()));
    }
    b.append("</dl></header>");
    b.append(summary(result));
    for (WorkloadResult w : result.workloads()) {
      b.append(section(w));
    }
    if (result.sweep() != null) {
      b.append(SweepCharts.section(result.sweep()));
    }
    b.append(legend());
    b.append(
        "<footer><p>Java has no global interpreter lock: unlike CPython's, its threads run"
            + " Java code on every core at once, so <b>threads do speed up CPU-bound work</b> here."
            + " What <b>processes</b> still buy is isolation: each worker JVM has its own memory and"
            + " heap, so a crash, a leak or a long GC pause stays in one worker (fanout re-runs a dead"
            + " worker's task and can recycle workers), and the same model reaches other machines"
            + " as <b>cluster</b>.</p><p>Wall time runs from starting the workers to the last"
            + " outcome. CPU time is what the tasks' own threads used (unknown on virtual threads,"
            + " which the JVM does not time). Efficiency is the ideal over the wall time.</p>"
            + "</footer></main></body></html>\n");
    return b.toString();
  }

  private static String item(String k, String v) {
    return "<div><dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd></div>";
  }

  /** The winner (or why none), and auto's choice next to the fastest, for every workload. */
  private static String summary(BenchResult result) {
    StringBuilder b = new StringBuilder("<section class=\"summary\"><h2>Verdict</h2>");
    if (result.load() != null && result.load().busy()) {
      b.append("<p class=\"busy\">").append(esc(result.load().describe())).append(".</p>");
    }
    b.append("<ul>");
    for (WorkloadResult w : result.workloads()) {
      Ranking ranking = w.ranking();
      Optional<ModelResult> auto = w.of(Model.AUTO);
      b.append("<li><b>").append(esc(w.name())).append(":</b> ");
      if (ranking.clear()) {
        b.append("winner <span class=\"model\">")
            .append(esc(ranking.fastest().model().label()))
            .append("</span> in ")
            .append(esc(Figures.plusMinus(ranking.fastest().stats())))
            .append(" (")
            .append(esc(ranking.reason()))
            .append(")");
      } else {
        b.append("<span class=\"warn\">").append(esc(ranking.reason())).append("</span>");
      }
      if (auto.isPresent() && auto.get().decision() != null && !auto.get().allFailed()) {
        Event.Decided d = auto.get().decision();
        double ratio = Verdicts.autoOverBest(w);
        b.append("; auto chose <span class=\"model\">")
            .append(esc(d.model().label()))
            .append("</span> (")
            .append(esc(d.size()))
            .append(") and took ")
            .append(esc(Figures.plusMinus(auto.get().stats())))
            .append(ratio <= 1.10 ? " <span class=\"ok\">" : " <span class=\"warn\">")
            .append(
                esc(
                    ratio <= 1.0
                        ? "as fast as the fastest"
                        : String.format(Locale.ROOT, "%.0f%% over the fastest", (ratio - 1) * 100)))
            .append("</span>");
      }
      b.append("</li>");
    }
    return b.append("</ul></section>").toString();
  }

  private static String section(WorkloadResult w) {
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"workload\" id=\"")
        .append(esc(w.name()))
        .append("\"><h2>")
        .append(esc(w.name().equals("io") ? "I/O workload" : "CPU workload"))
        .append("</h2>")
        .append("<p class=\"what\">")
        .append(esc(w.title()))
        .append("</p>");
    List<String> verdicts = Verdicts.of(w);
    if (!verdicts.isEmpty()) {
      String cls =
          w.allFailed() ? "verdict failed" : w.ranking().clear() ? "verdict" : "verdict unclear";
      b.append("<p class=\"").append(cls).append("\">").append(esc(verdicts.get(0))).append("</p>");
    }
    b.append(table(w));
    b.append("<h3>Mean wall time (whisker: min to max)</h3>").append(Charts.bars(w));
    b.append("<h3>Why</h3><ul class=\"why\">");
    for (String v : verdicts.subList(Math.min(1, verdicts.size()), verdicts.size())) {
      b.append("<li>").append(esc(v)).append("</li>");
    }
    b.append(
        "</ul><h3>Timelines</h3><p class=\"hint\">The median run of each model; each to its"
            + " own time scale. Rows are workers; the one async loop and one-task virtual threads"
            + " are drawn in lanes, one per task in flight.</p>");
    for (ModelResult r : w.models()) {
      Figures f = Figures.of(w, r);
      b.append("<figure><figcaption><span class=\"model\">")
          .append(esc(r.model().label()))
          .append("</span> ")
          .append(
              esc(
                  f.wall()
                      + " wall, "
                      + f.speedUpText()
                      + " vs sequential, "
                      + f.workers()
                      + " worker(s)"));
      if (!r.note().isEmpty()) {
        b.append(" <span class=\"note\">").append(esc(r.note())).append("</span>");
      }
      b.append("</figcaption>").append(Charts.timeline(w, r));
      for (String note : r.median().notes()) {
        b.append("<p class=\"log\">").append(esc(note)).append("</p>");
      }
      b.append("</figure>");
    }
    return b.append("</section>").toString();
  }

  private static String table(WorkloadResult w) {
    StringBuilder b =
        new StringBuilder(
            "<table><thead><tr><th>model</th><th>mean ± σ</th><th>median</th><th>min to"
                + " max</th><th>CPU time</th><th>speed-up</th><th>efficiency</th>"
                + "<th>runs</th><th>workers</th></tr></thead><tbody>");
    Ranking ranking = w.ranking();
    for (ModelResult r : w.models()) {
      Figures f = Figures.of(w, r);
      boolean winner = ranking.clear() && ranking.fastest() == r;
      String cls = winner ? " class=\"best\"" : r.model() == Model.AUTO ? " class=\"auto\"" : "";
      String tag =
          winner
              ? " <span class=\"tag\">winner</span>"
              : r.allFailed()
                  ? " <span class=\"warn\">all failed</span>"
                  : ranking.fastest() == r
                      ? " <span class=\"note\">fastest, within noise</span>"
                      : r.stoppedEarly()
                          ? " <span class=\"note\">" + TextReport.STOPPED_EARLY + "</span>"
                          : "";
      b.append("<tr")
          .append(cls)
          .append("><td>")
          .append(esc(r.model().label()))
          .append(tag)
          .append("</td><td>")
          .append(esc(f.meanPlusMinus()))
          .append("</td><td>")
          .append(esc(f.median()))
          .append("</td><td>")
          .append(esc(f.range()))
          .append("</td><td>")
          .append(esc(f.cpu()))
          .append("</td><td>")
          .append(esc(f.speedUpText()))
          .append("</td><td>")
          .append("<span class=\"meter\"><span style=\"width:")
          .append(Math.round(f.efficiency() * 100))
          .append("%\"></span></span> ")
          .append(esc(f.efficiencyText()))
          .append("</td><td>")
          .append(f.runs())
          .append("</td><td>")
          .append(f.workers())
          .append("</td></tr>");
    }
    b.append("</tbody></table><p class=\"hint\">Ideal: ")
        .append(esc(Figures.seconds(w.idealNanos())))
        .append(", ")
        .append(esc(w.idealLabel()))
        .append(". A winner is named only when its mean beats the runner-up's by more than both")
        .append(" standard deviations together.</p>");
    for (ModelResult r : w.models()) {
      if (!r.note().isEmpty()) {
        b.append("<p class=\"hint\">")
            .append(esc(r.model().label() + ": " + r.note()))
            .append("</p>");
      }
    }
    return b.toString();
  }

  private static String legend() {
    return "<section class=\"legend\"><h2>Reading the timelines</h2><p>"
        + "<span class=\"key computing\"></span> computing: the task's thread was on the CPU at"
        + " least a tenth of its time (on a busy machine a computation also waits for a core)"
        + " &nbsp; <span class=\"key waiting\"></span> waiting: mostly I/O"
        + " &nbsp; <span class=\"key unknown\"></span> running, CPU time unknown (virtual"
        + " threads) &nbsp; <span class=\"key failed\"></span> failed. The darker strip in a bar"
        + " is the share of its time the CPU was busy.</p></section>";
  }
}
