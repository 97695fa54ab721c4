package dev.fanout.jobs.bench;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The main job: runs the I/O and CPU workloads (or the user's own) under every model in the build,
 * a warm-up and then repeated runs each ({@link Rounds}), keeps every task's span for the
 * timelines, and sweeps the worker count when asked ({@link Sweep}).
 *
 * <p>Not thread-safe: one bench at a time per instance.
 */
public final class Bench {
  /**
   * What to run.
   *
   * @param runs measured runs per model (after one warm-up), or 0 for as many as the statistics
   *     need within the budget (at least 3)
   * @param workloads {@code io}, {@code cpu}, or both, in order; ignored with {@code user}
   * @param models the models, or empty for every model in the build
   * @param urls a file of URLs (one per line) for the I/O workload, or null for the built-in one
   * @param scale multiplies the workloads: the I/O batch size and the CPU task sizes
   * @param progress receives a progress line now and then
   * @param budget how long the measured runs may take in all, or null for no limit; each model
   *     still runs at least 3 times (or exactly {@code runs})
   * @param user the user's own workload instead of the built-in ones, or null
   * @param sweep which worker-count sweep to run after the comparison
   */
  public record Config(
      int runs,
      List<String> workloads,
      List<Model> models,
      Path urls,
      double scale,
      Consumer<String> progress,
      java.time.Duration budget,
      UserWorkload user,
      Sweep.Levels sweep) {

    /** A config of the built-in workloads, without a time budget or a sweep. */
    public Config(
        int runs,
        List<String> workloads,
        List<Model> models,
        Path urls,
        double scale,
        Consumer<String> progress) {
      this(runs, workloads, models, urls, scale, progress, null, null, Sweep.Levels.NONE);
    }

    /** This config with a time budget. */
    public Config withBudget(java.time.Duration budget) {
      return new Config(runs, workloads, models, urls, scale, progress, budget, user, sweep);
    }

    /** This config measuring the user's workload instead of the built-in ones. */
    public Config withUser(UserWorkload user) {
      return new Config(runs, workloads, models, urls, scale, progress, budget, user, sweep);
    }

    /** This config with a worker-count sweep. */
    public Config withSweep(Sweep.Levels sweep) {
      return new Config(runs, workloads, models, urls, scale, progress, budget, user, sweep);
    }

    public Config {
      if (runs < 0) {
        throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("--scale must be a positive number, got " + scale);
      }
      workloads = List.copyOf(workloads);
      for (String w : workloads) {
        if (!w.equals("io") && !w.equals("cpu")) {
          throw new IllegalArgumentException("unknown workload '" + w + "': use io, cpu or io,cpu");
        }
      }
      if (budget != null && (budget.isNegative() || budget.isZero())) {
        throw new IllegalArgumentException("--budget must be positive, got " + budget);
      }
      models = List.copyOf(models);
      Objects.requireNonNull(progress, "progress");
      Objects.requireNonNull(sweep, "sweep");
    }

    /** The defaults: adaptive runs, both workloads, every model, built-in inputs. */
    public static Config defaults(Consumer<String> progress) {
      return new Config(0, List.of("io", "cpu"), List.of(), null, 1.0, progress);
    }
  }

  private final Config config;
  private final Phases phases = new Phases();

  public Bench(Config config) {
    this.config = config;
  }

  /** Every model this build can run, in registry order. */
  public static List<Model> modelsInBuild() {
    return Arrays.stream(Model.values()).filter(Model::isAvailable).toList();
  }

  /** Runs everything the config asks for. */
  public BenchResult run() throws Exception {
    long t0 = System.nanoTime();
    double loadStart = LoadAverage.now();
    List<Model> models = config.models().isEmpty() ? modelsInBuild() : config.models();
    for (Model m : models) {
      if (!m.isAvailable()) {
        throw new IllegalArgumentException(
            "model '" + m + "' is not in this build; available: " + modelsInBuild());
      }
    }
    List<String> names = config.user() != null ? List.of(config.user().name()) : config.workloads();
    if (names.isEmpty() && config.sweep().counts().isEmpty()) {
      throw new IllegalArgumentException("no workload: use io, cpu or io,cpu");
    }
    List<WorkloadResult> results = new ArrayList<>();
    // the sweep comes last and has no budget of its own: leave it its room
    long end =
        config.budget() == null
            ? Long.MAX_VALUE
            : t0 + config.budget().toNanos() - config.sweep().estimatedNanos();
    int left = names.size();
    for (String name : names) {
      // what is left of the budget, shared by the workloads still to run
      long now = System.nanoTime();
      long deadline = end == Long.MAX_VALUE ? Long.MAX_VALUE : now + (end - now) / left--;
      try (Workload w =
          phases.time(
              name + "/" + (name.equals("cpu") ? "calibration" : "set-up"), () -> open(name))) {
        results.add(measure(w, models, deadline));
      }
    }
    SweepResult sweep =
        config.sweep().counts().isEmpty()
            ? null
            : new Sweep(config.sweep(), config.progress(), phases).run();
    int cores = Runtime.getRuntime().availableProcessors();
    return new BenchResult(
        Machine.here(),
        config.runs(),
        results,
        System.nanoTime() - t0,
        new LoadAverage(loadStart, LoadAverage.now(), cores),
        sweep,
        phases.list());
  }

  private Workload open(String name) throws Exception {
    if (config.user() != null) {
      return config.user().open();
    }
    if (name.equals("cpu")) {
      config
          .progress()
          .accept(
              "cpu: calibrating the task size to about "
                  + CpuWorkload.TARGET.toSeconds()
                  + " s sequential here");
      return CpuWorkload.calibrated(config.scale());
    }
    if (config.urls() != null) {
      return IoWorkload.of(UrlList.read(config.urls()));
    }
    int count = (int) Math.max(2, Math.round(IoWorkload.DEFAULT_COUNT * config.scale()));
    return IoWorkload.embedded(count);
  }

  /** Runs {@code w} under each model, as {@link Rounds} schedules it. */
  WorkloadResult measure(Workload w, List<Model> models, long deadline) {
    int cores = Runtime.getRuntime().availableProcessors();
    Rounds rounds = new Rounds(w, models, config.runs(), deadline, config.progress());
    Map<Model, List<RunResult>> runs =
        rounds.run(
            (m, inputs, warmUp) -> {
              // the whole cost of a run: building and closing the fanout too
              long t0 = System.nanoTime();
              try {
                return runOnce(w, m, inputs);
              } finally {
                phases.add(
                    w.name() + (warmUp ? "/warm-up/" : "/runs/") + m.label(),
                    System.nanoTime() - t0);
              }
            });
    List<ModelResult> out = new ArrayList<>();
    for (Model m : models) {
      ModelResult result =
          new ModelResult(m, runs.get(m), null, rounds.note(m), rounds.stoppedEarly(m));
      if (m == Model.AUTO) {
        result =
            new ModelResult(
                m,
                result.runs(),
                decisionOf(result.median()),
                result.note(),
                result.stoppedEarly());
      }
      out.add(result);
    }
    return new WorkloadResult(
        w.name(), w.title(), w.inputs().size(), w.idealNanos(out, cores), w.idealLabel(cores), out);
  }

  /**
   * What auto would choose for a workload, from its sample alone: runs only the first tasks auto
   * samples ({@link Model#sampleSize()}), not the batch.
   */
  public static Event.Decided advise(String workload, Path urls, double scale, boolean isolate)
      throws Exception {
    Bench bench =
        new Bench(new Config(1, List.of(workload), List.of(Model.AUTO), urls, scale, line -> {}));
    try (Workload w = bench.open(workload)) {
      // twice the sample: auto samples more tasks when the first ones land near a threshold
      int k = 2 * Model.AUTO.sampleSize();
      List<?> sample = w.inputs().subList(0, Math.min(k, w.inputs().size()));
      AtomicReference<Event.Decided> decided = new AtomicReference<>();
      Fanout.Builder b =
          Fanout.builder()
              .model(Model.AUTO)
              .isolate(isolate)
              .log(line -> {})
              .listener(
                  e -> {
                    if (e instanceof Event.Decided d) {
                      decided.set(d);
                    }
                  });
      w.configure(b, Model.AUTO);
      try (Fanout f = b.build()) {
        w.run(f, Model.AUTO, sample);
      }
      if (decided.get() == null) {
        throw new IllegalStateException("auto made no decision on " + sample.size() + " tasks");
      }
      return decided.get();
    }
  }

  private final java.util.Map<RunResult, Event.Decided> decisions =
      new java.util.IdentityHashMap<>();

  private Event.Decided decisionOf(RunResult r) {
    return decisions.get(r);
  }

  /** One run on a fresh fanout: wall time from build (workers start) to the last outcome. */
  RunResult runOnce(Workload w, Model m, List<?> inputs) {
    List<String> notes = new CopyOnWriteArrayList<>();
    AtomicReference<Event.Decided> decision = new AtomicReference<>();
    AtomicBoolean loopWarned = new AtomicBoolean();
    Fanout.Builder b =
        Fanout.builder()
            .model(m)
            .measureCpu(true)
            .log(line -> {})
            .listener(
                e -> {
                  switch (e) {
                    case Event.Decided d -> {
                      decision.set(d);
                      notes.add(d.line());
                    }
                    case Event.Warning warning -> {
                      // one blocked-loop warning says it; the timeline shows the rest
                      if (warning.kind() != Event.Warning.Kind.BLOCKED_LOOP
                          || !loopWarned.getAndSet(true)) {
                        notes.add("warning: " + warning.text());
                      }
                    }
                    default -> {}
                  }
                });
    w.configure(b, m);
    long t0 = System.nanoTime();
    long wall;
    List<? extends Outcome<?, ?>> outcomes;
    try (Fanout f = b.build()) {
      outcomes = w.run(f, m, inputs);
      wall = System.nanoTime() - t0;
    }
    int failed = (int) outcomes.stream().filter(o -> o instanceof Outcome.Failure<?, ?>).count();
    List<TaskSpan> spans = spans(outcomes, t0);
    long cpu =
        spans.stream().anyMatch(s -> s.cpuNanos() < 0)
            ? -1
            : spans.stream().mapToLong(TaskSpan::cpuNanos).sum();
    if (failed > 0) {
      Outcome.Failure<?, ?> first =
          (Outcome.Failure<?, ?>)
              outcomes.stream()
                  .filter(o -> o instanceof Outcome.Failure<?, ?>)
                  .findFirst()
                  .orElseThrow();
      notes.add(
          failed
              + " of "
              + outcomes.size()
              + " tasks failed; the first: input "
              + Outcome.describe(first.input())
              + ": "
              + first.error());
    }
    RunResult r = new RunResult(wall, cpu, failed, spans, notes);
    if (decision.get() != null) {
      decisions.put(r, decision.get());
    }
    return r;
  }

  private static List<TaskSpan> spans(List<? extends Outcome<?, ?>> outcomes, long t0) {
    List<TaskSpan> out = new ArrayList<>();
    for (Outcome<?, ?> o : outcomes) {
      Outcome.Stats s = o.stats();
      out.add(
          new TaskSpan(
              o.index(),
              String.valueOf(o.input()),
              s.worker(),
              s.startNanos() - t0,
              s.endNanos() - t0,
              s.cpuNanos(),
              o.isSuccess(),
              o instanceof Outcome.Failure<?, ?> f ? f.message() : null));
    }
    out.sort(Comparator.comparingLong(TaskSpan::index));
    return out;
  }
}
