package dev.fanout.cli;

import dev.fanout.Model;
import dev.fanout.jobs.bench.Bench;
import dev.fanout.jobs.bench.BenchJson;
import dev.fanout.jobs.bench.BenchResult;
import dev.fanout.jobs.bench.TextReport;
import dev.fanout.jobs.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout bench}: the seed's comparison, measured on this machine, with a report. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the classic comparison on this machine: an I/O workload (160 downloads from a local"
          + " slow site, 100 ms each) and a CPU workload (sums of squares, about 3 s in a row)"
          + " under every model in the build, a warm-up then N runs each.",
      "Prints a table and a text timeline per workload on stdout, progress on stderr, and"
          + " writes an HTML report that draws every worker's timeline."
    })
public final class BenchCommand implements Callable<Integer> {
  /** How long {@code bench} without {@code --runs} may take, start-up and calibration aside. */
  static final java.time.Duration BUDGET = java.time.Duration.ofSeconds(100);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Measured runs per model, after one warm-up (default: ${DEFAULT-VALUE}, fewer for slow"
              + " models, and within about 2 minutes in all unless --runs is given).")
  int runs;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      defaultValue = "fanout-report.html",
      description = "Write the HTML report to FILE (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write the raw measurements (every run, every task) to FILE as JSON.")
  Path json;

  @Option(
      names = "--workloads",
      paramLabel = "LIST",
      split = ",",
      defaultValue = "io,cpu",
      description = "Workloads to run: io, cpu or io,cpu (default: ${DEFAULT-VALUE}).")
  List<String> workloads;

  @Option(
      names = "--models",
      paramLabel = "LIST",
      split = ",",
      converter = ModelOptions.ModelConverter.class,
      description = "Models to compare (default: every model in this build).")
  List<Model> models = new ArrayList<>();

  @Option(
      names = "--urls",
      paramLabel = "FILE",
      description = "Download these URLs (one per line) instead of the local slow site.")
  Path urls;

  @Option(
      names = "--scale",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Resize the workloads: X times the downloads and X times each sum"
              + " (default: ${DEFAULT-VALUE}).")
  double scale;

  @Override
  public Integer call() throws Exception {
    // every path is checked before the benchmark runs for minutes
    Paths.readableFile("--urls", urls, "a file with one URL per line");
    Paths.writableFile("--report", report);
    Paths.writableFile("--json", json);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(err);
    Bench.Config config;
    try {
      config = new Bench.Config(runs, workloads, models, urls, scale, progress);
      if (!spec.commandLine().getParseResult().hasMatchedOption("--runs")) {
        // the README's first command must finish in about 2 minutes even on a busy machine
        config = config.withBudget(BUDGET);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    BenchResult result = new Bench(config).run();
    progress.done();
    out.print(TextReport.render(result));
    out.flush();
    Path html = report.toAbsolutePath();
    HtmlReport.write(result, html);
    err.println("fanout: report written to " + html);
    if (json != null) {
      BenchJson.write(result, json);
      err.println("fanout: measurements written to " + json.toAbsolutePath());
    }
    err.flush();
    long failed =
        result.workloads().stream()
            .flatMap(w -> w.models().stream())
            .flatMap(m -> m.runs().stream())
            .mapToLong(r -> r.failed())
            .sum();
    return ExitCode.of(failed);
  }

  /** One progress line on stderr: rewritten in place on a terminal, a line each otherwise. */
  static final class Progress implements java.util.function.Consumer<String> {
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private int width;

    Progress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void accept(String line) {
      String text =
          String.format(
              java.util.Locale.ROOT, "bench [%5.1f s] %s", (System.nanoTime() - start) / 1e9, line);
      if (terminal) {
        err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
        width = text.length();
      } else {
        err.println(text);
      }
      err.flush();
    }

    synchronized void done() {
      if (terminal && width > 0) {
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
      }
    }
  }
}
