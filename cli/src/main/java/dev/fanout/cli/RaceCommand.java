package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.cpu.BatchMeter;
import dev.fanout.jobs.race.Race;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fanout race}: the seed's warning about race conditions, made visible. */
@Command(
    name = "race",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "T tasks each add one to a shared counter K times: once unsafely (read, pause, write, as"
          + " 'count += 1' does) and once safely (an atomic increment). Prints expected vs observed"
          + " and the updates lost.",
      "threads and virtual lose updates; sequential and async lose none (one thread);"
          + " processes lose none because nothing is shared: each worker counts in its own memory,"
          + " and the per-worker counts are merged."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the races ran (lost updates are the lesson, not an error)",
      "1:some tasks failed",
      "2:usage error"
    })
public final class RaceCommand implements Callable<Integer> {
  /** Which counters to race. */
  public enum Mode {
    both,
    unsafe,
    safe
  }

  // a race is one batch held in memory, and tasks x increments must fit a long
  private static final int MAX_TASKS = 1_000_000;
  private static final long MAX_INCREMENTS = 1_000_000_000L;

  @Mixin ModelOptions run;

  @Option(
      names = {"-t", "--tasks"},
      paramLabel = "T",
      defaultValue = "8",
      description = "Tasks (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(
      names = {"-k", "--increments"},
      paramLabel = "K",
      defaultValue = "20000",
      description = "Increments per task (default: ${DEFAULT-VALUE}).")
  long increments;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "both",
      description = "Counters to race: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (tasks < 1 || tasks > MAX_TASKS) {
      throw new UsageException(
          "race: --tasks must be between 1 and " + MAX_TASKS + ", got " + tasks);
    }
    if (increments < 1 || increments > MAX_INCREMENTS) {
      throw new UsageException(
          "race: --increments must be between 1 and " + MAX_INCREMENTS + ", got " + increments);
    }
    if (run.json != null) {
      throw new UsageException(
          "race: --json is not supported: a race is one result, not one per task");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Model model = run.model;
    List<Boolean> safeties =
        switch (mode) {
          case both -> List.of(false, true);
          case unsafe -> List.of(false);
          case safe -> List.of(true);
        };
    long failed = 0;
    out.printf(
        Locale.ROOT,
        "race: %d tasks x %d increments of one shared counter, on %s%n",
        tasks,
        increments,
        model.label());
    BatchMeter meter = new BatchMeter(); // to show the blocked-loop warning once on async
    List<Race.Result> results = new ArrayList<>();
    Fanout.Builder builder =
        run.builder()
            .listener(meter)
            .listener(meter.stderrLines(line -> err.println("fanout: " + line)))
            .log(line -> {});
    try (Fanout fanout = builder.build()) {
      for (boolean safe : safeties) {
        long t0 = System.nanoTime();
        Race.Result r = Race.run(fanout, tasks, increments, safe);
        long wall = System.nanoTime() - t0;
        print(out, r);
        results.add(r);
        failed += r.failed();
        if (r.failed() > 0) {
          err.println("fanout race: " + r.failed() + " tasks failed; the first: " + r.firstError());
        }
        if (!run.quiet) {
          err.printf(
              Locale.ROOT, "race: the %s run took %.2f s%n", safe ? "safe" : "unsafe", wall / 1e9);
        }
      }
    }
    out.flush();
    if (!run.quiet) {
      err.println(lesson(model, results));
    }
    err.flush();
    return ExitCode.of(failed);
  }

  private static void print(PrintWriter out, Race.Result r) {
    String label = label(r.safe());
    if (r.separateMemories()) {
      for (Race.Memory m : r.memories()) {
        out.printf(
            Locale.ROOT,
            "%s  %s (pid %d%s): %d tasks, its own counter %d%n",
            label,
            String.join("+", m.workers()),
            m.pid(),
            m.local() ? ", this JVM" : "",
            m.tasks(),
            m.counter());
      }
    }
    out.printf(
        Locale.ROOT,
        "%s  expected %d  %s %d  lost %d (%.1f%%)%n",
        label,
        r.expected(),
        r.separateMemories() ? "merged sum" : "observed",
        r.observed(),
        r.lost(),
        r.expected() == 0 ? 0.0 : 100.0 * r.lost() / r.expected());
  }

  private static String label(boolean safe) {
    return safe ? "safe   (atomic increment)  " : "unsafe (read, pause, write)";
  }

  private static String lesson(Model model, List<Race.Result> results) {
    if (results.stream().anyMatch(Race.Result::separateMemories)) {
      return "race: each worker JVM counted in its own memory, so no update could be lost, and"
          + " none was shared either: the total exists only once the per-worker counts are merged.";
    }
    String embedded =
        model.crossesProcesses() ? "race: the embedded member runs in this JVM, so " : "race: ";
    boolean lost = results.stream().anyMatch(r -> !r.safe() && r.lost() > 0);
    if (lost) {
      return embedded
          + "tasks ran at the same time on one memory: between a task's read and its write another"
          + " task wrote, and that update was lost. The atomic counter loses none.";
    }
    if (model == Model.SEQUENTIAL || model == Model.ASYNC) {
      return "race: one thread ran each task to its end, so nothing could step in mid-update and"
          + " nothing was lost (async switches tasks only at an await, and this task has none).";
    }
    return "race: no update was lost this time: luck, not safety. Run again, or with more"
        + " --increments.";
  }
}
