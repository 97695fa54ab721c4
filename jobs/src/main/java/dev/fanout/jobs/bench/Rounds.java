package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a workload's runs are scheduled, as hyperfine does it: a warm-up per model, then rounds (run
 * 1 of every model, then run 2...) so that a change in the machine's load hits every model alike.
 * Without a fixed count a model runs at least {@link #MIN_RUNS} times, then again while its mean is
 * known to worse than {@link #TARGET_RSE} and the time budget allows, up to {@link #MAX_RUNS}. A
 * model whose every task failed is not run again: a workload that only times out stops after the
 * first round. Without a fixed count, a model {@linkplain #clearlyBehind clearly behind} the
 * fastest after its first run stops there too: it cannot be among the two the ranking compares, and
 * its repeats were most of the bench's time (the article's sequential I/O run alone takes 17 s).
 *
 * <p>Not thread-safe: one schedule per workload.
 */
final class Rounds {
  /** hyperfine's floor: fewer runs cannot show a spread. */
  static final int MIN_RUNS = 3;

  /** Enough to pin a mean on a noisy machine; more only costs time. */
  static final int MAX_RUNS = 10;

  /** Stop repeating once the standard error is within this share of the mean. */
  static final double TARGET_RSE = 0.02;

  /**
   * A model whose every run so far took more than this many times the fastest model's slowest run
   * (and more than {@link #BEHIND_MIN_NANOS}) is clearly behind: it stops after one run.
   */
  static final double BEHIND_FACTOR = 10;

  /** Runs shorter than this are cheap to repeat: no model stops early below it. */
  static final long BEHIND_MIN_NANOS = 5_000_000_000L;

  /** What a run costs on top of its wall time: starting and stopping the fanout. */
  private static final long RUN_OVERHEAD_NANOS = 300_000_000L;

  /** Runs one batch of a workload under a model. */
  interface Runner {
    /**
     * Runs {@code inputs} under {@code model}; {@code warmUp} when the run is the warm-up (its
     * result is not kept).
     */
    RunResult run(Model model, List<?> inputs, boolean warmUp);
  }

  private final Workload workload;
  private final List<Model> models;
  private final int exactRuns; // 0: adaptive
  private final long deadline; // System.nanoTime(); Long.MAX_VALUE: none
  private final Consumer<String> progress;
  private final Map<Model, List<RunResult>> runs = new LinkedHashMap<>();
  private final Map<Model, String> notes = new LinkedHashMap<>();
  private final java.util.Set<Model> behind = new java.util.HashSet<>();

  Rounds(
      Workload workload,
      List<Model> models,
      int exactRuns,
      long deadline,
      Consumer<String> progress) {
    this.workload = workload;
    this.models = List.copyOf(models);
    this.exactRuns = exactRuns;
    this.deadline = deadline;
    this.progress = progress;
  }

  /** Warms every model up, then runs the rounds; returns each model's runs, in model order. */
  Map<Model, List<RunResult>> run(Runner runner) {
    for (Model m : models) {
      progress.accept(
          workload.name()
              + ": "
              + m.label()
              + " warm-up ("
              + workload.warmUpInputs().size()
              + " tasks)");
      runner.run(m, workload.warmUpInputs(), true);
      runs.put(m, new ArrayList<>());
    }
    for (int round = 1; ; round++) {
      List<Model> open = open();
      if (open.isEmpty()) {
        return runs;
      }
      for (Model m : open) {
        String who =
            workload.name()
                + ": "
                + m.label()
                + " run "
                + round
                + (exactRuns > 0 ? "/" + exactRuns : "");
        progress.accept(who);
        RunResult r = runner.run(m, workload.inputs(), false);
        runs.get(m).add(r);
        progress.accept(String.format(Locale.ROOT, "%s: %.2f s", who, r.wallNanos() / 1e9));
        if (r.failed() > 0 && r.failed() == r.spans().size()) {
          notes.put(
              m,
              "every task failed in run "
                  + round
                  + " ("
                  + r.failed()
                  + " of "
                  + r.spans().size()
                  + "): not run again");
        }
      }
    }
  }

  /** Why a model ran fewer times than the others, or empty. */
  String note(Model m) {
    return notes.getOrDefault(m, "");
  }

  /** True when {@code m} stopped early, clearly behind the fastest model. */
  boolean stoppedEarly(Model m) {
    return behind.contains(m);
  }

  /**
   * Stops the models clearly behind the fastest one: every run of theirs slower than {@link
   * #BEHIND_MIN_NANOS} and than {@link #BEHIND_FACTOR} times the fastest model's slowest run. Noise
   * on a busy machine can make a run two or three times slower, not ten: such a model cannot be the
   * fastest or within the noise of it. Auto is never the yardstick (it runs one of the others).
   */
  private void stopTheClearlyBehind() {
    Model leader = null;
    Stats best = null;
    for (Model m : models) {
      List<RunResult> done = runs.get(m);
      if (m == Model.AUTO || done.isEmpty() || notes.containsKey(m)) {
        continue;
      }
      Stats s = Stats.of(done.stream().map(RunResult::wallNanos).toList());
      if (best == null || s.mean() < best.mean()) {
        leader = m;
        best = s;
      }
    }
    if (leader == null) {
      return;
    }
    long bar = (long) Math.max(BEHIND_MIN_NANOS, BEHIND_FACTOR * best.max());
    for (Model m : models) {
      List<RunResult> done = runs.get(m);
      if (m == leader || done.isEmpty() || done.size() >= MIN_RUNS || notes.containsKey(m)) {
        continue;
      }
      long fastest = done.stream().mapToLong(RunResult::wallNanos).min().orElseThrow();
      if (fastest > bar) {
        behind.add(m);
        notes.put(
            m,
            String.format(
                Locale.ROOT,
                "stopped early: clearly behind, %d run%s (%s) at %.0fx the slowest run of %s,"
                    + " the fastest (%s); --runs N runs every model N times",
                done.size(),
                done.size() == 1 ? "" : "s",
                Figures.seconds(fastest),
                fastest / (double) Math.max(1, best.max()),
                leader.label(),
                Figures.seconds(best.max())));
      }
    }
  }

  /** The models that get another run in the next round. */
  private List<Model> open() {
    if (exactRuns == 0) {
      stopTheClearlyBehind();
    }
    List<Model> open = new ArrayList<>();
    long round = 0;
    for (Model m : models) {
      if (notes.containsKey(m)) {
        continue;
      }
      List<RunResult> done = runs.get(m);
      if (exactRuns > 0) {
        if (done.size() < exactRuns) {
          open.add(m);
        }
        continue;
      }
      if (done.size() < MIN_RUNS) {
        open.add(m);
        continue;
      }
      Stats s = Stats.of(done.stream().map(RunResult::wallNanos).toList());
      if (done.size() < MAX_RUNS && s.relativeStandardError() > TARGET_RSE) {
        open.add(m);
        round += Math.round(s.mean()) + RUN_OVERHEAD_NANOS;
      }
    }
    if (exactRuns == 0 && round > 0 && System.nanoTime() + round > deadline) {
      // out of budget for the extra runs: those past the minimum stop here, and say so
      List<Model> kept = new ArrayList<>();
      for (Model m : open) {
        List<RunResult> done = runs.get(m);
        if (done.size() < MIN_RUNS) {
          kept.add(m);
        } else {
          Stats s = Stats.of(done.stream().map(RunResult::wallNanos).toList());
          notes.put(
              m,
              String.format(
                  Locale.ROOT,
                  "%d runs: the time budget ran out with the mean known to ±%.1f%% (standard"
                      + " error); give --budget or --runs for more",
                  done.size(),
                  s.relativeStandardError() * 100));
        }
      }
      return kept;
    }
    return open;
  }
}
