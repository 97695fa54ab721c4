package dev.fanout.cli;

import dev.fanout.Model;
import dev.fanout.jobs.bench.Bench;
import dev.fanout.jobs.bench.BenchJson;
import dev.fanout.jobs.bench.BenchResult;
import dev.fanout.jobs.bench.Exports;
import dev.fanout.jobs.bench.Sweep;
import dev.fanout.jobs.bench.SweepResult;
import dev.fanout.jobs.bench.TextReport;
import dev.fanout.jobs.bench.UserWorkload;
import dev.fanout.jobs.report.HtmlReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fanout bench}: the seed's comparison, or the user's workload, measured on this machine.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run the classic comparison on this machine: an I/O workload (160 downloads from a local"
          + " slow site, 100 ms each) and a CPU workload (sums of squares, about 2 s in a row)"
          + " under every model in the build, then sweep the worker count from 1 to 1,000.",
      "Or measure your own work under every model: --task CLASS (a Java Task) or --run"
          + " 'COMMAND {}' (a command per input), with -a FILE of inputs.",
      "Each model gets a warm-up, then at least 3 runs, more while the mean is uncertain and the"
          + " budget lasts; a model over 10 times slower than the fastest (and over 5 s) after its"
          + " first run stops there, marked 'stopped early: clearly behind'. A winner is named"
          + " only beyond the noise. Prints a table and a text timeline per workload on stdout,"
          + " progress on stderr, and writes an HTML report."
    })
public final class BenchCommand implements Callable<Integer> {
  /**
   * How long {@code bench}'s measurements (warm-ups, runs, sweep) may take without --budget: with
   * the JVM's start and the report, the whole default bench then ends within 2 minutes here.
   */
  static final Duration BUDGET = Duration.ofSeconds(110);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description =
          "Exactly N measured runs per model, after one warm-up (default: at least 3, more while"
              + " the mean is uncertain by more than 2%%, within --budget; one for a model clearly"
              + " behind).")
  Integer runs;

  @Option(
      names = "--budget",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "About how long the measurements may take, e.g. 90s or 5m (default: 110s, so that the"
              + " whole bench ends within 2 minutes); every model still runs at least 3 times, or"
              + " once when clearly behind.")
  Duration budget;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      defaultValue = "fanout-report.html",
      description = "Write the HTML report to FILE (default: ${DEFAULT-VALUE}).")
  Path report;

  @Option(
      names = {"--export-json", "--json"},
      paramLabel = "FILE",
      description =
          "Write the statistics (mean, stddev, median, min, max, every run) and the raw"
              + " measurements (every task) to FILE as JSON.")
  Path json;

  @Option(
      names = "--export-markdown",
      paramLabel = "FILE",
      description = "Write the statistics to FILE as Markdown tables.")
  Path markdown;

  @Option(
      names = "--export-csv",
      paramLabel = "FILE",
      description = "Write the statistics to FILE as CSV, one line per workload and model.")
  Path csv;

  @Option(
      names = "--workloads",
      paramLabel = "LIST",
      split = ",",
      defaultValue = "io,cpu",
      description = "Built-in workloads to run: io, cpu or io,cpu (default: ${DEFAULT-VALUE}).")
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
      names = "--task",
      paramLabel = "CLASS",
      description =
          "Measure your Java task instead: a dev.fanout.Task<String, R> (or AsyncTask) with a"
              + " public no-arg constructor, run once per line of -a FILE.")
  String task;

  @Option(
      names = "--run",
      paramLabel = "COMMAND",
      description =
          "Measure a command instead, once per line of -a FILE, as `fanout run` runs it: {} is"
              + " the input (quoted), {.} {/} {//} {/.} {#} {%%} as in GNU parallel; through"
              + " /bin/sh.")
  String run;

  @Option(
      names = "--classpath",
      paramLabel = "PATH",
      description = "Where --task's class is: jars and class directories, separated by ':'.")
  String classpath;

  @Option(
      names = {"-a", "--arg-file"},
      paramLabel = "FILE",
      description = "The inputs of --task or --run, one per line (blank lines skipped).")
  Path inputs;

  @Option(
      names = "--sweep",
      description =
          "Only sweep the worker count: threads at 1, 2, 4... 1,000 workers, virtual and async"
              + " at the same concurrency, on an I/O and a CPU batch.")
  boolean sweep;

  @Option(names = "--no-sweep", description = "Leave the short sweep out of the default bench.")
  boolean noSweep;

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
    Paths.writableFile("--export-markdown", markdown);
    Paths.writableFile("--export-csv", csv);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    UserWorkload user = userWorkload();
    if (classpath != null && task != null && !Relaunch.onClasspath(task)) {
      // processes and cluster load the task by name in other JVMs: it must be on the classpath
      List<String> args = spec.commandLine().getParseResult().originalArgs();
      int at = args.indexOf("bench");
      return Relaunch.run("bench", args.subList(at + 1, args.size()), classpath, out, err);
    }
    warnUnused(err, user);
    Progress progress = new Progress(err);
    Bench.Config config;
    try {
      config =
          new Bench.Config(
              runs == null ? 0 : runs,
              user != null || sweep ? List.of() : workloads,
              models,
              urls,
              scale,
              progress);
      if (runs != null && runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
      }
      config = config.withBudget(budget == null ? BUDGET : budget);
      if (user != null) {
        config = config.withUser(user);
      }
      // the default report's section: only for the default bench, whose models it compares
      boolean builtIn =
          user == null
              && urls == null
              && models.isEmpty()
              && workloads.containsAll(List.of("io", "cpu"));
      config =
          config.withSweep(
              sweep
                  ? Sweep.Levels.FULL
                  : builtIn && !noSweep ? Sweep.Levels.QUICK : Sweep.Levels.NONE);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    BenchResult result = new Bench(config).run();
    progress.done();
    out.print(TextReport.render(result));
    out.flush();
    // each file is written on its own: one that fails (a full disk, a folder removed meanwhile)
    // is named, the others are still written, and the exit code says so
    boolean written =
        save(err, "report", report, () -> HtmlReport.write(result, report.toAbsolutePath()));
    if (json != null) {
      written &= save(err, "statistics", json, () -> BenchJson.write(result, json));
    }
    if (markdown != null) {
      written &=
          save(
              err,
              "Markdown",
              markdown,
              () -> Exports.writeAtomically(markdown, Exports.markdown(result)));
    }
    if (csv != null) {
      written &= save(err, "CSV", csv, () -> Exports.writeAtomically(csv, Exports.csv(result)));
    }
    err.flush();
    long failed =
        result.workloads().stream()
            .flatMap(w -> w.models().stream())
            .flatMap(m -> m.runs().stream())
            .mapToLong(r -> r.failed())
            .sum();
    if (result.sweep() != null) {
      failed +=
          result.sweep().series().stream()
              .flatMap(s -> s.points().stream())
              .mapToLong(SweepResult.Point::failed)
              .sum();
    }
    return written ? ExitCode.of(failed) : Math.max(ExitCode.SOME_FAILED, ExitCode.of(failed));
  }

  /** One of bench's files. */
  private interface Writing {
    void write() throws IOException;
  }

  /** Writes {@code what} to {@code file}, saying where; a failure is one line: false. */
  private static boolean save(PrintWriter err, String what, Path file, Writing writing) {
    try {
      writing.write();
      err.println("fanout: " + what + " written to " + file.toAbsolutePath());
      return true;
    } catch (IOException | java.io.UncheckedIOException e) {
      err.println(
          "fanout: cannot write the "
              + what
              + " to "
              + file.toAbsolutePath()
              + " ("
              + e
              + "); the results printed above are complete");
      return false;
    }
  }

  /** A setting with no effect says so. */
  private void warnUnused(PrintWriter err, UserWorkload user) {
    var parsed = spec.commandLine().getParseResult();
    List<String> ignored = new ArrayList<>();
    if (sweep) {
      for (String o : List.of("--models", "--runs", "--workloads", "--scale", "--urls")) {
        if (parsed.hasMatchedOption(o)) {
          ignored.add(o);
        }
      }
      if (!ignored.isEmpty()) {
        err.println(
            "fanout: warning: "
                + String.join(", ", ignored)
                + " has no effect with --sweep: it sweeps threads, virtual and async on its own"
                + " batches");
      }
    } else if (user != null) {
      for (String o : List.of("--workloads", "--scale", "--no-sweep")) {
        if (parsed.hasMatchedOption(o)) {
          ignored.add(o);
        }
      }
      if (!ignored.isEmpty()) {
        err.println(
            "fanout: warning: "
                + String.join(", ", ignored)
                + " has no effect with --task or --run: your inputs are the workload");
      }
    }
    err.flush();
  }

  /** The user's workload from --task or --run and -a, or null; checks they come together. */
  private UserWorkload userWorkload() {
    if (classpath != null && task == null) {
      throw new UsageException("--classpath goes with --task CLASS");
    }
    if (classpath != null) {
      Relaunch.check(classpath);
    }
    if (task != null && run != null) {
      throw new UsageException("give either --task CLASS or --run COMMAND, not both");
    }
    if (task == null && run == null) {
      if (inputs != null) {
        throw new UsageException("-a FILE gives the inputs of --task or --run; give one of them");
      }
      return null;
    }
    if (inputs == null) {
      throw new UsageException(
          (task != null ? "--task" : "--run") + " needs its inputs: -a FILE, one per line");
    }
    if (sweep) {
      throw new UsageException("--sweep runs the built-in batches; leave out --task and --run");
    }
    if (urls != null) {
      throw new UsageException(
          "--urls is the built-in I/O workload; leave it out with --task or --run");
    }
    return task != null ? UserWorkload.task(task, inputs) : UserWorkload.command(run, inputs);
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
