package dev.fanout.benchmarks;

import dev.fanout.Outcome;
import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floors under the models, with no fanout at all, for the same 100,000 no-op tasks: a plain
 * loop that wraps each result in an {@link Outcome.Success} (under {@code sequential}); the JDK's
 * own virtual-thread-per-task executor with 1,000 in flight (under {@code virtual}); and a fixed
 * pool of cores + 4 platform threads given every task as its own {@code Runnable} (under {@code
 * threads}). What a model costs above its floor is fanout's bookkeeping; these have no model, so no
 * {@code model} parameter.
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
  private ExecutorService virtualThreads;
  private ExecutorService pool;

  @Setup
  public void open() {
    inputs = IntStream.range(0, TaskOverheadBenchmark.TASKS).boxed().toList();
    virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors() + 4);
  }

  @TearDown
  public void close() {
    virtualThreads.close();
    pool.close();
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

  @Benchmark
  @OperationsPerInvocation(TaskOverheadBenchmark.TASKS)
  public int jdkVirtualThreads() throws InterruptedException {
    return fanOut(virtualThreads, 1_000);
  }

  @Benchmark
  @OperationsPerInvocation(TaskOverheadBenchmark.TASKS)
  public int jdkThreadPool() throws InterruptedException {
    return fanOut(pool, TaskOverheadBenchmark.TASKS);
  }

  /**
   * The floor under {@link SleepFanoutBenchmark} on {@code virtual}: 10,000 virtual threads
   * sleeping 10 ms, at most 1,000 at once, straight on the JDK; in ms per batch (the ideal is 100).
   */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int jdkVirtualThreadsSleeping() throws InterruptedException {
    return fanOut(
        virtualThreads,
        SleepFanoutBenchmark.TASKS,
        SleepFanoutBenchmark.CONCURRENCY,
        input -> Thread.sleep(SleepTask.MILLIS));
  }

  private int fanOut(ExecutorService executor, int limit) throws InterruptedException {
    return fanOut(executor, inputs.size(), limit, input -> task.run(input, NO_WORKER));
  }

  /** Submits {@code n} tasks with at most {@code limit} in flight, and waits for all of them. */
  private int fanOut(ExecutorService executor, int n, int limit, Body body)
      throws InterruptedException {
    Semaphore permits = new Semaphore(limit);
    CountDownLatch done = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      Integer input = inputs.get(i);
      permits.acquire();
      executor.execute(
          () -> {
            try {
              body.run(input);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            } finally {
              permits.release();
              done.countDown();
            }
          });
    }
    done.await();
    return n;
  }

  private interface Body {
    void run(Integer input) throws Exception;
  }
}
