package dev.fanout.jobs.report;

import static dev.fanout.jobs.report.Html.esc;

import dev.fanout.jobs.bench.Figures;
import dev.fanout.jobs.bench.Machine;
import dev.fanout.jobs.bench.ModelResult;
import dev.fanout.jobs.bench.RunResult;
import dev.fanout.jobs.bench.TaskSpan;
import dev.fanout.jobs.bench.WorkloadResult;
import dev.fanout.jobs.run.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code run --report FILE}: the user's own batch drawn as {@code bench} draws its workloads, one
 * self-contained HTML file (no script, nothing fetched) with every job on its worker's timeline;
 * failed jobs are marked, and every string from the run (commands, inputs, errors) is escaped.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunReport {
  private RunReport() {}

  /** Writes the report atomically and returns its absolute path. */
  public static Path write(
      Path file, String command, RunSummary summary, List<TaskSpan> spans, long cpuNanos)
      throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
    Files.writeString(tmp, render(command, summary, spans, cpuNanos), StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return abs;
  }

  /** The whole page. */
  public static String render(
      String command, RunSummary summary, List<TaskSpan> spans, long cpuNanos) {
    long busiest = spans.stream().mapToLong(TaskSpan::wallNanos).max().orElse(0);
    RunResult run =
        new RunResult(summary.nanos(), cpuNanos, (int) summary.failed(), spans, List.of());
    ModelResult model = new ModelResult(summary.model(), List.of(run), null, null);
    WorkloadResult w =
        new WorkloadResult(
            "run", command, spans.size(), busiest, "the longest job", List.of(model));
    Machine m = Machine.here();
    StringBuilder b = new StringBuilder(32 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>fanout run: ")
        .append(esc(command))
        .append("</title><style>")
        .append(Style.CSS)
        .append("</style></head><body><main>");
    b.append("<header><h1>fanout run</h1><p class=\"lead\"><code>")
        .append(esc(command))
        .append("</code> on <b>")
        .append(esc(summary.model().label()))
        .append(
            "</b>. Every bar is one job on the worker that ran it; hover over it to see its"
                + " input and times. Failed jobs are marked.</p>");
    b.append("<dl class=\"machine\">")
        .append(item("result", summary.line()))
        .append(item("wall time", Figures.seconds(summary.nanos())))
        .append(item("longest job", Figures.seconds(busiest)))
        .append(item("cores", String.valueOf(m.cores())))
        .append(item("JDK", m.jdk()))
        .append(item("OS", m.os()))
        .append("</dl></header>");
    b.append("<section><h2>Timeline</h2>").append(Charts.timeline(w, model)).append("</section>");
    b.append(
        "<footer><p>A job's bar spans its command from start to exit, on the worker that waited"
            + " for it (a thread, a virtual thread, the event loop, a worker JVM or a cluster"
            + " member). The commands' own CPU time is not in this picture: it is the children's,"
            + " not the worker's.</p></footer>");
    b.append("</main></body></html>\n");
    return b.toString();
  }

  private static String item(String k, String v) {
    return "<div><dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd></div>";
  }
}
