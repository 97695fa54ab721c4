package dev.fanout.benchmarks;

import dev.fanout.Outcome;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor: the same 100,000 no-op tasks called in a plain loop that wraps each result in a {@link
 * Outcome.Success}, with no fanout at all. What {@code sequential} costs above this is fanout's
 * bookkeeping (events, timing, outcomes); it has no model, so it has no {@code model} parameter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BaselineBenchmark {
  private static final Worker NO_WORKER =
      new Worker() {
        @Override
        public String id() {
          return "main";
        }

        @Override
        public <S> S resource() {
          throw new IllegalStateException("no resource");
        }

        @Override
        public ScheduledExecutorService executor() {
          throw new IllegalStateException("no executor");
        }

        @Override
        public void addBytes(long bytes) {}
      };

  private List<Integer> inputs;
  private final Task<Integer, Integer> task = new NoopTask();

  @Setup
  public void open() {
    inputs = IntStream.range(0, TaskOverheadBenchmark.TASKS).boxed().toList();
  }

  @Benchmark
  @OperationsPerInvocation(TaskOverheadBenchmark.TASKS)
  public List<Outcome<Integer, Integer>> plainLoop() throws Exception {
    List<Outcome<Integer, Integer>> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      Integer input = inputs.get(i);
      out.add(new Outcome.Success<>(i, input, task.run(input, NO_WORKER), 1));
    }
    return out;
  }
}
