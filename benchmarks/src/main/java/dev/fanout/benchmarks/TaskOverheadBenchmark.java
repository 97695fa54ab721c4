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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-task overhead: 100,000 no-op tasks through {@code map} and through {@code stream}, reported
 * in nanoseconds per task. The task does nothing, so every nanosecond is fanout's: pulling the
 * input, handing it to a worker, timing it, and turning it into an outcome. {@code async} runs the
 * no-op as an {@link NoopAsyncTask} (its native shape); every other model runs {@link NoopTask}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TaskOverheadBenchmark {
  static final int TASKS = 100_000;

  @Param({"sequential", "threads", "virtual", "async", "processes", "cluster", "auto"})
  public String model;

  private Fanout fanout;
  private List<Integer> inputs;
  private boolean async;

  @Setup(Level.Trial)
  public void open() {
    fanout = ModelUnderTest.open(model, b -> b);
    async = Model.parse(model) == Model.ASYNC;
    inputs = IntStream.range(0, TASKS).boxed().toList();
  }

  @TearDown(Level.Trial)
  public void close() {
    if (fanout != null) {
      fanout.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public List<Outcome<Integer, Integer>> map() {
    List<Outcome<Integer, Integer>> out =
        async ? fanout.mapAsync(new NoopAsyncTask(), inputs) : fanout.map(new NoopTask(), inputs);
    ModelUnderTest.check(out, TASKS);
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long stream() {
    var source = IntStream.range(0, TASKS).boxed();
    try (var outcomes =
        async
            ? fanout.streamAsync(new NoopAsyncTask(), source)
            : fanout.stream(new NoopTask(), source)) {
      long ok = outcomes.filter(o -> o instanceof Outcome.Success).count();
      ModelUnderTest.check(ok, TASKS);
      return ok;
    }
  }
}
