package dev.fanout.cli;

import dev.fanout.Event;
import dev.fanout.jobs.bench.Bench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout advise}: auto's decision and its evidence, from the sample alone. */
@Command(
    name = "advise",
    mixinStandardHelpOptions = true,
    description = {
      "Print what --model auto would choose for a workload, and the measurement behind it,"
          + " without running the batch: only the first tasks auto samples run (one per core).",
    })
public final class AdviseCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--workload",
      paramLabel = "NAME",
      defaultValue = "io",
      description =
          "io (downloads; --urls for yours) or cpu (sums of squares)"
              + " (default: ${DEFAULT-VALUE}).")
  String workload;

  @Option(
      names = "--urls",
      paramLabel = "FILE",
      description = "For io: sample these URLs (one per line) instead of the local slow site.")
  Path urls;

  @Option(
      names = "--scale",
      paramLabel = "X",
      defaultValue = "1",
      description = "Resize the workload's tasks (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--isolate",
      description = "Prefer the processes model (memory, crash and GC isolation) when it fits.")
  boolean isolate;

  @Override
  public Integer call() throws Exception {
    Paths.readableFile("--urls", urls, "a file with one URL per line");
    if (!workload.equals("io") && !workload.equals("cpu")) {
      throw new UsageException("unknown workload '" + workload + "': use io or cpu");
    }
    Event.Decided d;
    try {
      d = Bench.advise(workload, urls, scale, isolate);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(d.line());
    out.printf(Locale.ROOT, "  model:        %s (%s)%n", d.model().label(), d.size());
    out.printf(
        Locale.ROOT,
        "  work:         %s (CPU share %.1f%%: I/O-bound below %.0f%%,"
            + " CPU-bound from %.0f%%; margin ±%.0f points, %s)%n",
        d.kind(),
        d.cpuShare() * 100,
        Event.Decided.IO_BELOW * 100,
        Event.Decided.CPU_FROM * 100,
        Event.Decided.MARGIN * 100,
        d.nearThreshold()
            ? "INSIDE it: the answer may change between runs"
            : String.format(
                Locale.ROOT,
                "%.1f points clear of the nearest threshold",
                Math.min(
                        Math.abs(d.cpuShare() - Event.Decided.IO_BELOW),
                        Math.abs(d.cpuShare() - Event.Decided.CPU_FROM))
                    * 100));
    out.printf(
        Locale.ROOT,
        "  sampled:      %d tasks (%d finished), %.1f ms wall and %.1f ms CPU"
            + " each, watched %d ms%n",
        d.samples(),
        d.finished(),
        d.meanWallNanos() / 1e6,
        d.meanCpuNanos() / 1e6,
        d.observedNanos() / 1_000_000);
    if (!d.note().isEmpty()) {
      out.println("  note:         " + d.note());
    }
    out.flush();
    return ExitCode.OK;
  }
}
