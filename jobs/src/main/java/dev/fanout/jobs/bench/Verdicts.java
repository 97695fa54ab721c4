package dev.fanout.jobs.bench;

import dev.fanout.Event;
import dev.fanout.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain-language explanation of a workload's results: who won and why, in the seed's terms.
 * Every sentence is computed from the measurements, so it cannot drift from the table.
 *
 * <p>Stateless and thread-safe.
 */
public final class Verdicts {
  private Verdicts() {}

  /** Sentences, most important first. */
  public static List<String> of(WorkloadResult w) {
    List<String> out = new ArrayList<>();
    Ranking ranking = w.ranking();
    if (w.allFailed()) {
      out.add(
          "No winner on the "
              + w.name()
              + " workload: every task failed under every model, so nothing was measured but"
              + " failures.");
      out.addAll(failures(w));
      return out;
    }
    if (ranking.fastest() == null) {
      out.add(capitalize(ranking.reason()) + ".");
      out.addAll(failures(w));
      return out;
    }
    ModelResult top = ranking.fastest();
    Figures fb = Figures.of(w, top);
    boolean io = w.name().equals("io");
    Optional<ModelResult> seq = w.of(Model.SEQUENTIAL);
    String why = "";
    if (w.name().equals("run")) {
      why =
          " CPU time here is fanout's threads waiting for the commands; the commands' own CPU"
              + " time is not counted.";
    } else if (seq.isPresent() && seq.get().median().cpuNanos() >= 0 && !seq.get().allFailed()) {
      RunResult s = seq.get().median();
      double busy = (double) s.cpuNanos() / Math.max(1, s.wallNanos());
      why =
          busy < 0.2
              ? String.format(
                  Locale.ROOT,
                  " The CPU waited %.0f%% of the time in the sequential run:"
                      + " overlapping the waits is all that matters.",
                  (1 - busy) * 100)
              : busy >= 0.6
                  ? String.format(
                      Locale.ROOT,
                      " The work is computation (the CPU was busy %.0f%% of the sequential"
                          + " run): only more cores make it faster.",
                      Math.min(100, busy * 100))
                  : "";
    }
    if (ranking.clear()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s won the %s workload in %s%s: %s.%s",
              top.model().label(),
              w.name(),
              fb.meanPlusMinus(),
              Double.isNaN(fb.speedUp()) ? "" : ", " + fb.speedUpText() + " faster than sequential",
              ranking.reason(),
              why));
    } else {
      out.add(
          String.format(
              Locale.ROOT,
              "No clear winner on the %s workload: %s.%s",
              w.name(),
              ranking.reason().replaceFirst("^no clear winner: ", ""),
              why));
    }
    out.addAll(failures(w));
    if (seq.isPresent() && seq.get().median().cpuNanos() >= 0 && !io && w.name().equals("cpu")) {
      RunResult s = seq.get().median();
      double got = (double) s.cpuNanos() / Math.max(1, s.wallNanos());
      if (got < 0.8) {
        out.add(
            String.format(
                Locale.ROOT,
                "Careful: this machine was busy with other work (the sequential run got %.0f%% of a"
                    + " core), so these figures are noisy; rerun on a quiet machine.",
                got * 100));
      }
    }
    for (ModelResult r : w.models()) {
      if (r.allFailed() || !(io || w.name().equals("cpu"))) {
        if (r.model() == Model.AUTO) {
          out.add(autoLine(w, r));
        }
        continue;
      }
      String line = io ? ioLine(w, r) : cpuLine(w, r);
      if (line != null) {
        out.add(line);
      }
    }
    return out;
  }

  /** One line per model with failed tasks: how many, and the first failure. */
  static List<String> failures(WorkloadResult w) {
    List<String> out = new ArrayList<>();
    for (ModelResult r : w.models()) {
      if (r.failedTasks() == 0) {
        continue;
      }
      String first =
          r.runs().stream()
              .flatMap(run -> run.spans().stream())
              .filter(s -> !s.ok())
              .findFirst()
              .map(s -> "; the first: input " + s.input() + ": " + s.error())
              .orElse("");
      out.add(
          String.format(
              Locale.ROOT,
              "%s: %d of %d tasks failed over %d run%s%s.",
              r.model().label(),
              r.failedTasks(),
              r.tasks(),
              r.runs().size(),
              r.runs().size() == 1 ? "" : "s",
              first));
    }
    return out;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String ioLine(WorkloadResult w, ModelResult r) {
    Figures f = Figures.of(w, r);
    long workers = f.workers();
    return switch (r.model()) {
      case SEQUENTIAL ->
          String.format(
              Locale.ROOT,
              "sequential: one download at a time, %d waits in a row: %s.",
              w.tasks(),
              f.wall());
      case THREADS ->
          String.format(
              Locale.ROOT,
              "threads: %d threads, so %d downloads at once and about %d rounds of waiting; more"
                  + " threads would go faster, each costs a stack and a client.",
              workers,
              workers,
              (w.tasks() + workers - 1) / Math.max(1, workers));
      case VIRTUAL ->
          "virtual: a cheap thread per download, all waiting at once on a few"
              + " carrier threads: close to the latency floor ("
              + f.efficiencyText()
              + ").";
      case ASYNC ->
          "async: ONE thread started every download and switched between them while"
              + " they waited, like asyncio: "
              + f.efficiencyText()
              + " of the ideal.";
      case PROCESSES ->
          String.format(
              Locale.ROOT,
              "processes: %d worker JVMs, one download each at a time, like Pool.map: isolation"
                  + " costs start-up and buys nothing for waiting.",
              workers);
      case CLUSTER ->
          "cluster: the work crossed a Hazelcast member; on one machine it adds"
              + " hops, across machines it adds cores and networks.";
      case AUTO -> autoLine(w, r);
    };
  }

  private static String cpuLine(WorkloadResult w, ModelResult r) {
    Figures f = Figures.of(w, r);
    int cores = Runtime.getRuntime().availableProcessors();
    return switch (r.model()) {
      case SEQUENTIAL ->
          "sequential: one core computes, the others idle: the baseline, " + f.wall() + ".";
      case THREADS ->
          String.format(
              Locale.ROOT,
              "threads: %s faster than sequential. Java has no GIL: its threads run Java code on"
                  + " every core at once (%d here), so unlike CPython's, they DO speed up"
                  + " CPU-bound work.",
              f.speedUpText(),
              cores);
      case VIRTUAL ->
          "virtual: virtual threads run on one carrier per core, so they compute in"
              + " parallel too ("
              + f.speedUpText()
              + "); they shine at waiting, not computing.";
      case ASYNC ->
          "async: one event-loop thread, so the sums ran one after another ("
              + f.speedUpText()
              + "), and each held the loop: nothing else could run meanwhile.";
      case PROCESSES ->
          "processes: "
              + f.speedUpText()
              + (w.of(Model.THREADS)
                      .map(t -> r.meanWallNanos() <= t.meanWallNanos() * 1.25)
                      .orElse(true)
                  ? ", about what threads reach here;"
                  : ", slower than threads here: every run starts worker JVMs, and each loads"
                      + " and compiles the code afresh;")
              + " separate JVMs still buy isolation: of memory, of crashes (a dead worker's task is"
              + " re-run), of leaks (recycle with --max-tasks-per-worker) and of GC pauses.";
      case CLUSTER ->
          "cluster: "
              + f.speedUpText()
              + " on one embedded member; its point is"
              + " more machines, and surviving the loss of one.";
      case AUTO -> autoLine(w, r);
    };
  }

  /** auto's choice next to the measured best. */
  static String autoLine(WorkloadResult w, ModelResult r) {
    Event.Decided d = r.decision();
    Optional<ModelResult> best = w.fastest();
    String choice =
        d == null
            ? "auto did not log a choice"
            : "auto chose "
                + d.model().label()
                + " ("
                + d.size()
                + ") because the work looked "
                + d.kind()
                + ": "
                + d.evidence();
    if (best.isEmpty()) {
      return choice + ".";
    }
    double ratio = (double) r.meanWallNanos() / Math.max(1, best.get().meanWallNanos());
    return String.format(
        Locale.ROOT,
        "%s. It took %s, %s the fastest (%s, %s).",
        choice,
        Figures.plusMinus(r.stats()),
        ratio <= 1.0 ? "as fast as" : String.format(Locale.ROOT, "%.0f%% over", (ratio - 1) * 100),
        best.get().model().label(),
        Figures.plusMinus(best.get().stats()));
  }

  /** auto's mean over the fastest model's, or NaN when either is missing. */
  public static double autoOverBest(WorkloadResult w) {
    Optional<ModelResult> auto = w.of(Model.AUTO);
    Optional<ModelResult> best = w.fastest();
    if (auto.isEmpty() || best.isEmpty()) {
      return Double.NaN;
    }
    return (double) auto.get().meanWallNanos() / Math.max(1, best.get().meanWallNanos());
  }
}
