package dev.fanout.benchmarks;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out of waiting tasks: 10,000 tasks that each wait 10 ms, at most 1,000 at once, in
 * milliseconds per batch. The ideal is 10 waves of 10 ms = {@value #IDEAL_MS} ms; what a model
 * takes above that is the cost of starting, parking and waking its tasks. {@code async} waits on a
 * timer of its event loop ({@link TimerTask}); the others block a thread in {@code Thread.sleep}
 * ({@link SleepTask}). {@code threads} gets 1,000 platform threads so that the limit is the same
 * for every model; {@code sequential} is left out: one at a time, its batch takes 100 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SleepFanoutBenchmark {
  static final int TASKS = 10_000;
  static final int CONCURRENCY = 1_000;
  static final int IDEAL_MS = TASKS / CONCURRENCY * SleepTask.MILLIS;

  @Param({"sequential", "threads", "virtual", "async", "processes", "cluster", "auto"})
  public String model;

  private Fanout fanout;
  private List<Integer> inputs;
  private boolean async;

  @Setup(Level.Trial)
  public void open() {
    Model m = Model.parse(model);
    if (m == Model.SEQUENTIAL) {
      throw new IllegalStateException(
          "SKIPPED model 'sequential': it runs one task at a time, so this batch takes "
              + TASKS * SleepTask.MILLIS / 1000
              + " s by design; nothing to measure");
    }
    fanout =
        ModelUnderTest.open(
            model,
            b ->
                switch (m) {
                  case THREADS -> b.workers(CONCURRENCY).concurrency(CONCURRENCY);
                  // two worker JVMs, each running its half of -c 1000 on virtual threads
                  case PROCESSES -> b.workers(2).concurrency(CONCURRENCY);
                  // the embedded member runs "workers" tasks at once
                  case CLUSTER -> b.workers(CONCURRENCY).concurrency(CONCURRENCY);
                  default -> b.concurrency(CONCURRENCY);
                });
    async = m == Model.ASYNC;
    inputs = IntStream.range(0, TASKS).boxed().toList();
  }

  @TearDown(Level.Trial)
  public void close() {
    if (fanout != null) {
      fanout.close();
    }
  }

  @Benchmark
  public List<Outcome<Integer, Integer>> sleepers() {
    List<Outcome<Integer, Integer>> out =
        async ? fanout.mapAsync(new TimerTask(), inputs) : fanout.map(new SleepTask(), inputs);
    ModelUnderTest.check(out, TASKS);
    return out;
  }
}
