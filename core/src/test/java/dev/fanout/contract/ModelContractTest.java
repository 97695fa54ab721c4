package dev.fanout.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Clock;
import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one contract every model keeps: ordering, failures as outcomes, per-worker resources, limits,
 * backpressure, cancellation and events. Every task here is a named class, so that models running
 * tasks in other JVMs join unchanged: a module adding a model subclasses this and overrides {@link
 * #models()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class ModelContractTest {

  /** The models under test: every model this build can run, but auto (its own tests). */
  protected Stream<Model> models() {
    return Arrays.stream(Model.values())
        .filter(m -> m != Model.AUTO)
        .filter(ModelContractTest::available);
  }

  /** True when this build has an engine for {@code model}. */
  public static boolean available(Model model) {
    try (Fanout f = Fanout.builder().model(model).workers(1).build()) {
      return true;
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).contains("not available")) {
        return false;
      }
      throw e;
    }
  }

  /** The builder each test starts from; subclasses may add settings (cluster members). */
  protected Fanout.Builder builder(Model model) {
    return Fanout.builder().model(model);
  }

  /** How many inputs the backpressure test streams through a model. */
  protected long streamSize(Model model) {
    return model.crossesProcesses() ? 100_000 : 1_000_000;
  }

  private static List<Long> range(long n) {
    return LongStream.range(0, n).boxed().toList();
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_returnsOneOutcomePerInputInInputOrder(Model model) {
    try (Fanout fanout = builder(model).workers(3).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new Square(), range(200));

      assertThat(outcomes).hasSize(200);
      for (int i = 0; i < 200; i++) {
        Outcome<Long, Long> o = outcomes.get(i);
        assertThat(o.index()).isEqualTo(i);
        assertThat(o.input()).isEqualTo((long) i);
        assertThat(o.value()).isEqualTo((long) i * i);
        assertThat(o.attempts()).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_failureIsAnOutcomeWithTheOriginalError(Model model) {
    try (Fanout fanout = builder(model).workers(2).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new FailOnSevens(), range(50));

      assertThat(outcomes).hasSize(50);
      for (Outcome<Long, Long> o : outcomes) {
        if (o.input() % 7 == 0) {
          assertThat(o).isInstanceOf(Outcome.Failure.class);
          Throwable error = ((Outcome.Failure<Long, Long>) o).error();
          assertThat(error.toString())
              .contains("IllegalStateException")
              .contains("boom " + o.input());
        } else {
          assertThat(o.value()).isEqualTo(o.input());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void resource_isOpenedOncePerWorkerOrOnceInAllWhenShared(Model model) {
    try (Fanout fanout = builder(model).workers(3).resource(new CountingResource()).build()) {
      List<Outcome<Long, String>> outcomes = fanout.map(new ResourceProbe(), range(120));

      Map<String, Set<String>> resourcesByWorker = new HashMap<>();
      Set<String> resources = new HashSet<>();
      for (Outcome<Long, String> o : outcomes) {
        String[] parts = o.value().split("\\|", 2);
        resourcesByWorker.computeIfAbsent(parts[0], k -> new HashSet<>()).add(parts[1]);
        resources.add(parts[1]);
      }
      assertThat(resourcesByWorker.values()).allSatisfy(set -> assertThat(set).hasSize(1));
      if (model.sharesOneResource()) {
        assertThat(resources).hasSize(1);
      } else {
        assertThat(resources.size()).isLessThanOrEqualTo(resourcesByWorker.size());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void limits_inFlightNeverAboveGlobalOrPerKeyLimit(Model model) {
    ConcurrentLinkedQueue<Event.Finished> finished = new ConcurrentLinkedQueue<>();
    try (Fanout fanout =
        builder(model)
            .workers(4)
            .concurrency(4)
            .perKey((Long x) -> "k" + (x % 3), 2)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      List<Outcome<Long, String>> outcomes = fanout.map(new InFlightProbe(), range(60));

      for (Outcome<Long, String> o : outcomes) {
        String[] seen = o.value().split(",");
        assertThat(Integer.parseInt(seen[0]))
            .as("running at once, seen inside")
            .isLessThanOrEqualTo(4);
        assertThat(Integer.parseInt(seen[1])).as("running at once per key").isLessThanOrEqualTo(2);
      }
    }
    // the same limits, seen from the events of every worker on the run's clock
    List<Event.Finished> all = new ArrayList<>(finished);
    assertThat(all).hasSize(60);
    assertThat(maxOverlap(all)).isLessThanOrEqualTo(4);
    for (long k = 0; k < 3; k++) {
      long key = k;
      assertThat(maxOverlap(all.stream().filter(f -> (Long) f.input() % 3 == key).toList()))
          .isLessThanOrEqualTo(2);
    }
  }

  /** The most intervals [start, end) that overlap at one instant. */
  public static int maxOverlap(List<Event.Finished> events) {
    List<long[]> edges = new ArrayList<>();
    for (Event.Finished f : events) {
      edges.add(new long[] {f.startNanos(), 1});
      edges.add(new long[] {f.endNanos(), -1});
    }
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  @ParameterizedTest
  @MethodSource("models")
  void stream_pullsInputsLazilyAndKeepsInFlightBounded(Model model) {
    long n = streamSize(model);
    AtomicLong pulled = new AtomicLong();
    long consumed = 0;
    long maxAhead = 0;
    long sum = 0;
    try (Fanout fanout = builder(model).workers(2).concurrency(64).build();
        Stream<Outcome<Long, Long>> outcomes =
            fanout.stream(
                new Identity(),
                LongStream.range(0, n).boxed().peek(x -> pulled.incrementAndGet()))) {
      for (Outcome<Long, Long> o : (Iterable<Outcome<Long, Long>>) outcomes::iterator) {
        consumed++;
        sum += o.value();
        maxAhead = Math.max(maxAhead, pulled.get() - consumed);
      }
    }
    assertThat(consumed).isEqualTo(n);
    assertThat(sum).isEqualTo(n * (n - 1) / 2);
    // inputs are pulled as outcomes are consumed, never far ahead: constant memory
    assertThat(maxAhead).isLessThanOrEqualTo(20_000);
  }

  @ParameterizedTest
  @MethodSource("models")
  void close_midRunCancelsPromptlyAndLeavesNoThreadRunning(Model model) throws Exception {
    // threads other tests of this JVM left behind are theirs to answer for, not this run's
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    Fanout fanout = builder(model).workers(2).concurrency(8).build();
    AtomicReference<List<Outcome<Long, Long>>> result = new AtomicReference<>();
    Thread caller =
        new Thread(
            () ->
                result.set(
                    model == Model.ASYNC
                        ? fanout.mapAsync(new SlowAsync(), range(20))
                        : fanout.map(new SlowSleeper(), range(20))));
    caller.start();
    Thread.sleep(500);
    long t0 = System.nanoTime();
    fanout.close();
    caller.join(5_000);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertThat(caller.isAlive()).as("map returned").isFalse();
    assertThat(tookMs).as("close took %d ms", tookMs).isLessThan(4_000);
    assertThat(result.get()).hasSize(20);
    assertThat(result.get())
        .allSatisfy(
            o ->
                assertThat(((Outcome.Failure<Long, Long>) o).error())
                    .isInstanceOf(CancellationException.class));
    awaitNoFanoutThreads(before);
  }

  @ParameterizedTest
  @MethodSource("models")
  void close_ofAStreamNobodyReadsInterruptsItsTasksAndWaitsForThemBeforeTheResource(Model model)
      throws Exception {
    assumeTrue(
        !model.runsOnCaller() && !model.runsOnOneThread() && !model.crossesProcesses(),
        "the tasks must block on threads of this JVM other than the caller's");
    StubbornSleeper.RUNNING.set(0);
    RunningAtClose.SEEN.clear();
    Fanout fanout = builder(model).workers(3).concurrency(3).resource(new RunningAtClose()).build();
    Stream<Outcome<Long, Long>> outcomes =
        fanout.stream(new StubbornSleeper(), LongStream.range(0, 10).boxed());
    // the one quick task's outcome: the other attempts are launched by now, and nobody reads on
    assertThat(outcomes.iterator().next().input()).isZero();
    // the running attempts have begun: their count has held still for 300 ms (a fixed pause was
    // not always enough on a loaded machine, and interrupts that all land before a task's first
    // sleep count as one)
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int seen = -1;
    long stillSince = System.nanoTime();
    while (System.nanoTime() < until) {
      int now = StubbornSleeper.RUNNING.get();
      if (now != seen) {
        seen = now;
        stillSince = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - stillSince > 300_000_000L) {
        break;
      }
      Thread.sleep(5);
    }
    assertThat(StubbornSleeper.RUNNING.get()).as("tasks running before the close").isPositive();
    long t0 = System.nanoTime();
    fanout.close();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    // each running task ignored the cancel's interrupt and ended on the close's second one, and
    // no resource was closed while a task using it still ran
    assertThat(StubbornSleeper.RUNNING.get()).isZero();
    assertThat(RunningAtClose.SEEN).isNotEmpty().containsOnly(0);
    assertThat(tookMs).as("close took %d ms", tookMs).isLessThan(6_000);
  }

  @ParameterizedTest
  @MethodSource("models")
  void close_interruptsAnAbandonedTaskOnceMoreAndWaitsForItBeforeTheResource(Model model) {
    assumeTrue(
        model.abandonsStuckTasks() && !model.crossesProcesses(),
        "the model must abandon a stuck task on a thread of this JVM");
    StubbornSleeper.RUNNING.set(0);
    RunningAtClose.SEEN.clear();
    Fanout fanout =
        builder(model)
            .workers(1)
            .concurrency(1)
            .taskTimeout(Duration.ofMillis(300))
            .resource(new RunningAtClose())
            .build();
    // the task ignores the timeout's interrupt, so the batch gives up on it and returns
    List<Outcome<Long, Long>> out = fanout.map(new StubbornSleeper(), List.of(1L));
    assertThat(((Outcome.Failure<Long, Long>) out.get(0)).error())
        .isInstanceOf(TimeoutException.class);
    assertThat(StubbornSleeper.RUNNING.get()).isEqualTo(1);
    fanout.close();

    assertThat(StubbornSleeper.RUNNING.get()).isZero();
    assertThat(RunningAtClose.SEEN).isNotEmpty().containsOnly(0);
  }

  @ParameterizedTest
  @MethodSource("models")
  void interrupt_ofTheCallerCancelsTheBatchAndKeepsTheFlag(Model model) throws Exception {
    try (Fanout fanout = builder(model).workers(2).concurrency(4).build()) {
      AtomicReference<List<Outcome<Long, Long>>> result = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      Thread caller =
          new Thread(
              () -> {
                result.set(
                    model == Model.ASYNC
                        ? fanout.mapAsync(new SlowAsync(), range(10))
                        : fanout.map(new SlowSleeper(), range(10)));
                flag.set(Thread.currentThread().isInterrupted());
              });
      caller.start();
      Thread.sleep(400);
      caller.interrupt();
      caller.join(5_000);

      assertThat(caller.isAlive()).isFalse();
      assertThat(flag.get()).isTrue();
      assertThat(result.get()).hasSize(10).noneMatch(Outcome::isSuccess);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void events_exactlyOneStartAndOneFinishPerTask(Model model, @TempDir Path dir) {
    Map<Long, Integer> starts = new ConcurrentHashMap<>();
    Map<Long, Event.Finished> finishes = new ConcurrentHashMap<>();
    AtomicLong duplicates = new AtomicLong();
    try (Fanout fanout =
        builder(model)
            .workers(2)
            .retry(RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
            .listener(
                e -> {
                  switch (e) {
                    case Event.Started s -> starts.merge(s.index(), 1, Integer::sum);
                    case Event.Finished f -> {
                      if (finishes.put(f.index(), f) != null) {
                        duplicates.incrementAndGet();
                      }
                    }
                    default -> {}
                  }
                })
            .build()) {
      List<String> markers =
          LongStream.range(0, 30).mapToObj(i -> dir.resolve("m" + i).toString()).toList();
      List<Outcome<String, String>> outcomes = fanout.map(new FlakyOnce(), markers);

      assertThat(outcomes).allSatisfy(o -> assertThat(o.attempts()).isEqualTo(2));
      assertThat(outcomes).allMatch(Outcome::isSuccess);
    }
    assertThat(duplicates.get()).isZero();
    assertThat(starts).hasSize(30).allSatisfy((i, n) -> assertThat(n).isEqualTo(1));
    assertThat(finishes).hasSize(30);
    assertThat(finishes.values())
        .allSatisfy(
            f -> {
              assertThat(f.ok()).isTrue();
              assertThat(f.attempts()).isEqualTo(2);
              assertThat(f.endNanos()).isGreaterThanOrEqualTo(f.startNanos());
              assertThat(f.worker()).isNotBlank();
            });
  }

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  private static Throwable errorOf(Outcome<?, ?> o) {
    assertThat(o).isInstanceOf(Outcome.Failure.class);
    return ((Outcome.Failure<?, ?>) o).error();
  }

  @ParameterizedTest
  @MethodSource("models")
  void taskTimeout_slowAttemptFailsWithTimeoutAndIsRetried(Model model) {
    try (Fanout fanout =
        builder(model)
            .workers(2)
            .taskTimeout(Duration.ofMillis(300))
            .retry(
                RetryPolicy.attempts(2).withBackoff(Duration.ofMillis(10), Duration.ofMillis(10)))
            .build()) {
      long t0 = System.nanoTime();
      List<Outcome<Long, Long>> outcomes =
          model.runsOnOneThread()
              ? fanout.mapAsync(new Sleeps(), List.of(10_000L, 10_000L, 10_000L, 50L))
              : fanout.map(new Sleeps(), List.of(10_000L, 10_000L, 10_000L, 50L));
      long tookMs = millisSince(t0);

      assertThat(outcomes.subList(0, 3))
          .allSatisfy(
              o -> {
                assertThat(errorOf(o)).isInstanceOf(TimeoutException.class);
                assertThat(errorOf(o).getMessage()).contains("task timeout of 300 ms");
                assertThat(o.attempts()).isEqualTo(2);
              });
      assertThat(outcomes.get(3).value()).isEqualTo(50L);
      // 3 tasks x 2 attempts of 300 ms on 2 workers, never the 10 s the tasks wanted
      assertThat(tookMs).as("map took %d ms", tookMs).isLessThan(6_000);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void taskTimeout_attemptIgnoringItsInterruptIsAbandonedAndItsWorkerReplaced(Model model) {
    assumeTrue(model.abandonsStuckTasks(), "the model cannot abandon a running task");
    try (Fanout fanout = builder(model).workers(1).taskTimeout(Duration.ofMillis(300)).build()) {
      long t0 = System.nanoTime();
      List<Outcome<Long, String>> stuck = fanout.map(new SpinsDeaf(), List.of(8_000L));
      long tookMs = millisSince(t0);
      List<Outcome<Long, Long>> after = fanout.map(new Square(), range(4));

      assertThat(errorOf(stuck.get(0))).isInstanceOf(TimeoutException.class);
      // 300 ms, then the grace, never the 8 s the task spins
      assertThat(tookMs).as("map took %d ms", tookMs).isLessThan(6_000);
      assertThat(after).allMatch(Outcome::isSuccess);
      if (model.isolatesCrashes()) { // the stuck worker JVM was killed, a fresh one runs the rest
        assertThat(after)
            .allSatisfy(
                o -> assertThat(o.stats().worker()).isNotEqualTo(stuck.get(0).stats().worker()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void failFast_firstFailureCancelsTheRest(Model model) {
    try (Fanout fanout = builder(model).workers(2).concurrency(4).failFast(true).build()) {
      long t0 = System.nanoTime();
      List<Outcome<Long, Long>> outcomes =
          model.runsOnOneThread()
              ? fanout.mapAsync(new FailsFirst(), range(10))
              : fanout.map(new FailsFirst(), range(10));
      long tookMs = millisSince(t0);

      assertThat(outcomes).hasSize(10);
      assertThat(errorOf(outcomes.get(0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("input 0 fails");
      assertThat(outcomes.subList(1, 10))
          .allSatisfy(
              o ->
                  assertThat(errorOf(o))
                      .isInstanceOf(CancellationException.class)
                      .hasMessageContaining("fail-fast"));
      assertThat(tookMs).as("map took %d ms", tookMs).isLessThan(6_000);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void failFast_offByDefault_everyInputRuns(Model model) {
    try (Fanout fanout = builder(model).workers(2).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new FailOnSevens(), range(20));

      assertThat(outcomes.stream().filter(Outcome::isSuccess).count()).isEqualTo(17);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void submit_completesWithTheOutcomeOfOneTask(Model model) throws Exception {
    try (Fanout fanout = builder(model).workers(2).build()) {
      CompletableFuture<Outcome<Long, Long>> a = fanout.submit(new Square(), 7L);
      CompletableFuture<Outcome<Long, Long>> b = fanout.submit(new FailOnSevens(), 14L);
      CompletableFuture<Outcome<Long, String>> c = fanout.submitAsync(new Measured(), 5L);

      Outcome<Long, Long> square = a.get(30, TimeUnit.SECONDS);
      assertThat(square.value()).isEqualTo(49L);
      assertThat(square.input()).isEqualTo(7L);
      assertThat(square.stats().worker()).isNotBlank().isNotEqualTo("-");
      assertThat(errorOf(b.get(30, TimeUnit.SECONDS))).hasMessageContaining("boom 14");
      assertThat(c.get(30, TimeUnit.SECONDS).stats().bytes()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void submit_cancellingTheFutureCancelsTheTask(Model model) throws Exception {
    try (Fanout fanout = builder(model).workers(2).build()) {
      CompletableFuture<Outcome<Long, Long>> f =
          model.runsOnOneThread()
              ? fanout.submitAsync(new Sleeps(), 30_000L)
              : fanout.submit(new Sleeps(), 30_000L);
      Thread.sleep(300);
      f.cancel(true);

      assertThat(errorOf(f.get(10, TimeUnit.SECONDS))).isInstanceOf(CancellationException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void retry_backsOffBetweenAttempts(Model model, @TempDir Path dir) {
    try (Fanout fanout =
        builder(model)
            .workers(2)
            .retry(
                RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(200), Duration.ofMillis(200)))
            .build()) {
      List<String> markers =
          LongStream.range(0, 4).mapToObj(i -> dir.resolve("b" + i).toString()).toList();
      List<Outcome<String, String>> outcomes = fanout.map(new FlakyOnce(), markers);

      assertThat(outcomes)
          .allSatisfy(
              o -> {
                assertThat(o.isSuccess()).isTrue();
                assertThat(o.attempts()).isEqualTo(2);
                // half of the 200 ms delay is jitter: at least 100 ms from first start to last end
                assertThat(o.stats().wallNanos()).isGreaterThanOrEqualTo(100_000_000L);
              });
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void workerDeath_taskIsRetriedOnAFreshWorker(Model model, @TempDir Path dir) {
    assumeTrue(model.isolatesCrashes(), "a crash would end this JVM");
    try (Fanout fanout = builder(model).workers(2).build()) {
      List<String> markers =
          LongStream.range(0, 3).mapToObj(i -> dir.resolve("d" + i).toString()).toList();
      List<Outcome<String, String>> outcomes = fanout.map(new ExitsOnce(), markers);

      assertThat(outcomes)
          .allSatisfy(
              o -> {
                assertThat(o.value()).startsWith("ok on ");
                assertThat(o.attempts()).isEqualTo(2);
              });
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void mapAsync_runsNonBlockingTasksOnEveryModel(Model model) {
    try (Fanout fanout = builder(model).workers(2).build()) {
      List<Outcome<Long, Long>> outcomes =
          fanout.mapAsync(new Sleeps(), List.of(30L, 10L, 20L, 0L));

      assertThat(outcomes).extracting(Outcome::value).containsExactly(30L, 10L, 20L, 0L);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void outcome_carriesItsStatsAsTheFinishEventDoes(Model model) {
    Map<Long, Event.Finished> finishes = new ConcurrentHashMap<>();
    Clock clock = System::nanoTime;
    long t0 = clock.nanoTime();
    try (Fanout fanout =
        builder(model)
            .workers(2)
            .clock(clock)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finishes.put(f.index(), f);
                  }
                })
            .build()) {
      List<Outcome<Long, String>> outcomes = fanout.map(new Measured(), range(20));

      for (Outcome<Long, String> o : outcomes) {
        Outcome.Stats s = o.stats();
        Event.Finished f = finishes.get(o.index());
        assertThat(s.worker()).isEqualTo(o.value()).isEqualTo(f.worker());
        assertThat(s.bytes()).isEqualTo(o.input()).isEqualTo(f.bytes());
        assertThat(s.startNanos()).isEqualTo(f.startNanos()).isGreaterThanOrEqualTo(t0);
        assertThat(s.endNanos()).isEqualTo(f.endNanos()).isGreaterThanOrEqualTo(s.startNanos());
        assertThat(s.cpuNanos()).isEqualTo(f.cpuNanos());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void outcome_measureCpu_cpuTimeKnownWhereTheModelCanTell(Model model) {
    try (Fanout plain = builder(model).workers(1).build();
        Fanout measured = builder(model).workers(1).measureCpu(true).build()) {
      Outcome<Long, String> p = plain.map(new Measured(), List.of(3L)).get(0);
      Outcome<Long, String> m = measured.map(new Measured(), List.of(3L)).get(0);

      assertThat(p.stats().bytes()).isEqualTo(3);
      assertThat(p.stats().worker()).isEqualTo(p.value());
      if (model.measuresCpu()) {
        assertThat(m.stats().cpuKnown()).isTrue();
        assertThat(m.stats().cpuNanos()).isLessThanOrEqualTo(m.stats().wallNanos() + 10_000_000L);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void settings_travelWithTheTaskIntactAndItsFilesLandWithTheCaller(Model model, @TempDir Path tmp)
      throws Exception {
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("out \"dir\" 'ü' ☃"));
    SavesWithSettings.Settings settings =
        new SavesWithSettings.Settings(
            dir,
            "a note with spaces, \"quotes\", 'apostrophes', tab\t, ünïcödé ☃ and -Dx=y",
            List.of("one two", "-D fanout.fetch.out=/tmp", "€"),
            Duration.ofMillis(1));
    List<String> inputs = List.of("a", "b c", "ü");
    try (Fanout fanout = builder(model).workers(2).build()) {
      List<Outcome<String, String>> outcomes = fanout.map(new SavesWithSettings(settings), inputs);

      for (Outcome<String, String> o : outcomes) {
        String expected =
            settings.note() + "|" + String.join(",", settings.words()) + "|" + o.input();
        assertThat(o.value()).isEqualTo(expected);
        assertThat(java.nio.file.Files.readString(dir.resolve(o.input() + ".txt")))
            .isEqualTo(expected);
      }
    }
    try (Stream<Path> files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.txt", "b c.txt", "ü.txt");
    }
  }

  private static void awaitNoFanoutThreads(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    Set<String> left = Set.of();
    while (System.nanoTime() < deadline) {
      left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .filter(t -> !before.contains(t))
              .map(Thread::getName)
              .filter(n -> n.startsWith("fanout-") && !n.equals("fanout-timer"))
              .collect(Collectors.toSet());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(20);
    }
    assertThat(left).as("fanout threads still running after close").isEmpty();
  }
}
