package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.cpu.BatchMeter;
import dev.fanout.jobs.cpu.SumOfSquares;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout cpu}: the source article's CPU-bound demo, on any model. */
@Command(
    name = "cpu",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The source article's CPU-bound demo: sum(i*i for i in range(n)) for n = base + x,"
          + " x in 0..count-1, computed exactly (no overflow).",
      "Prints 'n<TAB>sum' per task in input order on stdout, the summary on stderr.",
      "Java has no GIL: threads and virtual speed this up on several cores. On async every task"
          + " blocks the one event-loop thread, and the warning says so."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every task succeeded", "1:some tasks failed", "2:usage error"})
public final class CpuCommand implements Callable<Integer> {
  @Mixin ModelOptions run;

  @Option(
      names = "--base",
      paramLabel = "N",
      defaultValue = "5000000",
      description = "First n (default: ${DEFAULT-VALUE}).")
  long base;

  @Option(
      names = "--count",
      paramLabel = "K",
      defaultValue = "20",
      description = "Number of tasks (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--scale",
      paramLabel = "F",
      defaultValue = "1",
      description =
          "Multiply each n by F, to size the work to a machine (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(
      names = "--repeat",
      paramLabel = "R",
      defaultValue = "1",
      description = "Run the batch R times on the same workers; prints the median wall time.")
  int repeat;

  @Option(
      names = "--loop-threshold",
      paramLabel = "MS",
      defaultValue = "1",
      description =
          "On async, warn when a task holds the event loop longer than MS milliseconds (default:"
              + " ${DEFAULT-VALUE}; each default task holds it for several).")
  long loopThresholdMs;

  private static final int MAX_COUNT = 10_000_000;
  private static final int MAX_REPEAT = 1000;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Long> ns;
    if (count > MAX_COUNT) { // the batch is held in memory
      throw new UsageException("cpu: --count must be at most " + MAX_COUNT + ", got " + count);
    }
    try {
      ns = SumOfSquares.inputs(base, count, scale);
    } catch (IllegalArgumentException e) {
      throw new UsageException("cpu: " + e.getMessage());
    }
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw new UsageException(
          "cpu: --repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
    }
    if (loopThresholdMs < 0 || loopThresholdMs > DurationConverter.MAX.toMillis()) {
      throw new UsageException(
          "cpu: --loop-threshold must be between 0 and "
              + DurationConverter.MAX.toMillis()
              + " (365 days), got "
              + loopThresholdMs);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BatchMeter meter = new BatchMeter();
    Fanout.Builder builder =
        run.builder()
            .listener(meter)
            .listener(meter.stderrLines(line -> printLine(err, "fanout: " + line)))
            .log(line -> {});
    // the default threshold is cpu's own: set it where it means something, or when asked (a
    // warning)
    if (run.model.uses(Model.Setting.BLOCKED_LOOP_THRESHOLD)
        || spec.commandLine().getParseResult().hasMatchedOption("--loop-threshold")) {
      builder.blockedLoopThreshold(Duration.ofMillis(loopThresholdMs));
    }
    String model = run.model.label();
    long failed = 0;
    List<Long> walls = new ArrayList<>();
    try (OutcomeJson json = OutcomeJson.open(run.json, "cpu", model, out)) {
      if (json != null) {
        builder.measureCpu(true); // cpu_ms on every line
      }
      try (Fanout fanout = builder.build()) {
        for (int r = 1; r <= repeat; r++) {
          long t0 = System.nanoTime();
          failed += printInOrder(fanout, ns, json, out, err);
          long wall = System.nanoTime() - t0;
          walls.add(wall);
          out.flush();
          summarize(err, meter.take(), model, wall, r);
        }
      }
    }
    if (repeat > 1 && !run.quiet) {
      List<Long> sorted = walls.stream().sorted().toList();
      err.printf(
          Locale.ROOT,
          "cpu: median wall time of %d runs on %s: %.2f s (min %.2f s, max %.2f s)%n",
          repeat,
          model,
          sorted.get(sorted.size() / 2) / 1e9,
          sorted.get(0) / 1e9,
          sorted.get(sorted.size() - 1) / 1e9);
    }
    err.flush();
    return ExitCode.of(failed);
  }

  /**
   * Streams the batch and prints each result in input order as soon as those before it are in; a
   * failed write to stdout (a reader that left, as {@code head -1}) closes the stream, which
   * cancels the rest, and ends the command. Returns the failures.
   */
  private long printInOrder(
      Fanout fanout, List<Long> ns, OutcomeJson json, PrintWriter out, PrintWriter err) {
    long failed = 0;
    java.util.Map<Long, Outcome<Long, BigInteger>> waiting = new java.util.HashMap<>();
    long next = 0;
    try (java.util.stream.Stream<Outcome<Long, BigInteger>> stream =
        fanout.stream(new SumOfSquares(), ns.stream())) {
      java.util.Iterator<Outcome<Long, BigInteger>> it = stream.iterator();
      while (it.hasNext()) {
        Outcome<Long, BigInteger> arrived = it.next();
        waiting.put(arrived.index(), arrived);
        for (Outcome<Long, BigInteger> o; (o = waiting.remove(next)) != null; next++) {
          if (o instanceof Outcome.Success<Long, BigInteger> s) {
            if (json == null || !json.onStdout()) {
              out.println(s.input() + "\t" + s.result());
            }
            if (json != null) {
              json.write(o, s.result().toString());
            }
          } else {
            failed++;
            err.println(
                "fanout cpu: n=" + o.input() + ": " + ((Outcome.Failure<?, ?>) o).message());
            if (json != null) {
              json.write(o, null);
            }
          }
          Paths.checkStdout(out);
        }
      }
    }
    return failed;
  }

  private void summarize(PrintWriter err, BatchMeter.Snapshot s, String model, long wall, int r) {
    String lesson = s.loopLesson();
    if (lesson != null) {
      err.println("fanout: " + lesson); // the lesson of async shows even with --quiet
    }
    if (!run.quiet) {
      String which = repeat > 1 ? " (run " + r + " of " + repeat + ")" : "";
      err.println(s.describe("cpu", model, wall) + which);
    }
    err.flush();
  }

  private static void printLine(PrintWriter err, String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
