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
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The main job: runs the I/O and CPU workloads under every model in the build, a warm-up and then N
 * measured runs each, and keeps every task's span for the timelines.
 *
 * <p>Not thread-safe: one bench at a time per instance.
 */
public final class Bench {
  /** A model whose run takes longer than this is measured once: its time hardly varies. */
  static final long SLOW_RUN_NANOS = 5_000_000_000L;

  /** A model whose run takes less than this gets all its runs, time budget or not. */
  static final long CHEAP_RUN_NANOS = 1_000_000_000L;

  /**
   * What to run.
   *
   * @param runs measured runs per model (after one warm-up)
   * @param workloads {@code io}, {@code cpu}, or both, in order
   * @param models the models, or empty for every model in the build
   * @param urls a file of URLs (one per line) for the I/O workload, or null for the built-in one
   * @param scale multiplies the workloads: the I/O batch size and the CPU task sizes
   * @param progress receives a progress line now and then
   * @param budget when set, rounds after the first stop once the next would not end in time: the
   *     bench as a whole then takes about this long (each model still runs at least once)
   */
  public record Config(
      int runs,
      List<String> workloads,
      List<Model> models,
      Path urls,
      double scale,
      Consumer<String> progress,
      java.time.Duration budget) {

    /** A config without a time budget. */
    public Config(
        int runs,
        List<String> workloads,
        List<Model> models,
        Path urls,
        double scale,
        Consumer<String> progress) {
      this(runs, workloads, models, urls, scale, progress, null);
    }

    /** This config with a time budget. */
    public Config withBudget(java.time.Duration budget) {
      return new Config(runs, workloads, models, urls, scale, progress, budget);
    }

    public Config {
      if (runs < 1) {
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
      if (workloads.isEmpty()) {
        throw new IllegalArgumentException("no workload: use io, cpu or io,cpu");
      }
      models = List.copyOf(models);
      Objects.requireNonNull(progress, "progress");
    }

    /** The defaults: 3 runs, both workloads, every model, built-in inputs. */
    public static Config defaults(Consumer<String> progress) {
      return new Config(3, List.of("io", "cpu"), List.of(), null, 1.0, progress);
    }
  }

  private final Config config;
  private long deadline = Long.MAX_VALUE; // of the workload being measured

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
    List<Model> models = config.models().isEmpty() ? modelsInBuild() : config.models();
    for (Model m : models) {
      if (!m.isAvailable()) {
        throw new IllegalArgumentException(
            "model '" + m + "' is not in this build; available: " + modelsInBuild());
      }
    }
    List<WorkloadResult> results = new ArrayList<>();
    long end = config.budget() == null ? Long.MAX_VALUE : t0 + config.budget().toNanos();
    int left = config.workloads().size();
    for (String name : config.workloads()) {
      // what is left of the budget, shared by the workloads still to run
      long now = System.nanoTime();
      deadline = end == Long.MAX_VALUE ? Long.MAX_VALUE : now + (end - now) / left--;
      try (Workload w = open(name)) {
        results.add(measure(w, models));
      }
    }
    return new BenchResult(Machine.here(), config.runs(), results, System.nanoTime() - t0);
  }

  private Workload open(String name) throws Exception {
    if (name.equals("cpu")) {
      config.progress().accept("cpu: calibrating the task size to about 3 s sequential here");
      return CpuWorkload.calibrated(config.scale());
    }
    if (config.urls() != null) {
      return IoWorkload.of(UrlList.read(config.urls()));
    }
    int count = (int) Math.max(2, Math.round(IoWorkload.DEFAULT_COUNT * config.scale()));
    return IoWorkload.embedded(count);
  }

  /**
   * Runs {@code w} under each model: every model's warm-up first, then the measured runs in rounds
   * (run 1 of every model, then run 2...), so that a change in the machine's load during the bench
   * hits every model alike instead of the one that happened to run then.
   */
  WorkloadResult measure(Workload w, List<Model> models) {
    int cores = Runtime.getRuntime().availableProcessors();
    java.util.Map<Model, List<RunResult>> runs = new java.util.LinkedHashMap<>();
    java.util.Map<Model, String> notes = new java.util.HashMap<>();
    for (Model m : models) {
      config
          .progress()
          .accept(w.name() + ": " + m.label() + " warm-up (" + w.warmUpInputs().size() + " tasks)");
      runOnce(w, m, w.warmUpInputs());
      runs.put(m, new ArrayList<>());
    }
    for (int i = 1; i <= config.runs(); i++) {
      if (i > 1 && deadline != Long.MAX_VALUE) {
        long round = 0;
        for (Model m : models) {
          if (!notes.containsKey(m)) {
            List<RunResult> done = runs.get(m);
            round += done.get(done.size() - 1).wallNanos() + 300_000_000L; // + start and stop
          }
        }
        if (System.nanoTime() + round > deadline) {
          // out of time: only models whose runs are cheap (under a second) go on to N runs,
          // since their medians are the ones a single noisy run would mislead most
          for (Model m : models) {
            List<RunResult> done = runs.get(m);
            if (done.get(done.size() - 1).wallNanos() >= CHEAP_RUN_NANOS) {
              notes.putIfAbsent(
                  m,
                  (i - 1)
                      + " run"
                      + (i == 2 ? "" : "s")
                      + ": bench's time budget (without --runs) ran out; ask for more with"
                      + " --runs");
            }
          }
        }
      }
      for (Model m : models) {
        if (notes.containsKey(m)) {
          continue;
        }
        String who = w.name() + ": " + m.label() + " run " + i + "/" + config.runs();
        config.progress().accept(who);
        RunResult r = runOnce(w, m, w.inputs());
        runs.get(m).add(r);
        config
            .progress()
            .accept(String.format(Locale.ROOT, "%s: %.2f s", who, r.wallNanos() / 1e9));
        if (r.wallNanos() > SLOW_RUN_NANOS && i < config.runs()) {
          notes.put(
              m,
              String.format(
                  Locale.ROOT,
                  "measured once: a run takes %.1f s, and time spent waiting hardly varies",
                  r.wallNanos() / 1e9));
        }
      }
    }
    List<ModelResult> out = new ArrayList<>();
    for (Model m : models) {
      ModelResult result = new ModelResult(m, runs.get(m), null, notes.getOrDefault(m, ""));
      if (m == Model.AUTO) {
        result = new ModelResult(m, result.runs(), decisionOf(result.median()), result.note());
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
      int k = Model.AUTO.sampleSize();
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
