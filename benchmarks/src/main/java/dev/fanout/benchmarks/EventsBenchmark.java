package dev.fanout.benchmarks;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Listener;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * The cost of the event stream: 100,000 no-op tasks through {@code map} with no listener and with
 * one listener that counts what it sees (the cheapest useful listener, the floor under a progress
 * bar), in nanoseconds per task. The difference between the two rows is what the Started and
 * Finished events cost; {@link BaselineBenchmark} gives the floor under both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EventsBenchmark {
  @Param({"sequential", "threads", "virtual", "async", "processes", "cluster", "auto"})
  public String model;

  @Param({"0", "1"})
  public int listeners;

  private Fanout fanout;
  private List<Integer> inputs;
  private boolean async;
  private final LongAdder seen = new LongAdder();

  @Setup(Level.Trial)
  public void open() {
    Listener counter =
        event -> {
          if (event instanceof Event.Finished) {
            seen.increment();
          }
        };
    fanout = ModelUnderTest.open(model, b -> listeners == 1 ? b.listener(counter) : b);
    async = Model.parse(model) == Model.ASYNC;
    inputs = IntStream.range(0, TaskOverheadBenchmark.TASKS).boxed().toList();
  }

  @TearDown(Level.Trial)
  public void close() {
    if (fanout != null) {
      fanout.close();
    }
  }

  @TearDown(Level.Iteration)
  public void checkEvents() {
    long finished = seen.sumThenReset();
    if (listeners == 1 && (finished == 0 || finished % TaskOverheadBenchmark.TASKS != 0)) {
      throw new IllegalStateException("the listener saw " + finished + " finish events");
    }
  }

  @Benchmark
  @OperationsPerInvocation(TaskOverheadBenchmark.TASKS)
  public List<Outcome<Integer, Integer>> map() {
    List<Outcome<Integer, Integer>> out =
        async ? fanout.mapAsync(new NoopAsyncTask(), inputs) : fanout.map(new NoopTask(), inputs);
    ModelUnderTest.check(out, TaskOverheadBenchmark.TASKS);
    return out;
  }
}
