package dev.fanout.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.WorkerLostException;
import dev.fanout.contract.FailOnSevens;
import dev.fanout.contract.ModelContractTest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What is the processes model's own: real worker JVMs, killed, crashed, recycled and orphaned. */
// a separate thread: a test blocked reading a pipe does not notice an interrupt
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessEngineTest {

  private static Fanout.Builder processes(int workers) {
    return Fanout.builder().model(Model.PROCESSES).workers(workers);
  }

  private static List<Long> range(long n) {
    return LongStream.range(0, n).boxed().toList();
  }

  /** The worker JVMs this JVM started and that are still alive. */
  static List<ProcessHandle> workers() {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().orElse("").contains(WorkerMain.class.getName()))
        .toList();
  }

  /** Alive and not a zombie (a reparented worker may wait unreaped under a container's pid 1). */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  @Test
  void map_workerKilledWithSigkillMidRun_everyInputStillHasOneCorrectOutcome() throws Exception {
    Set<String> startedOn = ConcurrentHashMap.newKeySet();
    ConcurrentLinkedQueue<Event.Finished> finished = new ConcurrentLinkedQueue<>();
    try (Fanout fanout =
        processes(2)
            .listener(
                e -> {
                  if (e instanceof Event.Started s) {
                    startedOn.add(s.worker());
                  } else if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      AtomicReference<List<Outcome<Long, Long>>> result = new AtomicReference<>();
      Thread caller = new Thread(() -> result.set(fanout.map(new SquareSlowly(), range(200))));
      caller.start();
      while (startedOn.size() < 2) { // both workers busy
        Thread.sleep(10);
      }
      Thread.sleep(100);
      ProcessHandle victim = workers().get(0);
      victim.destroyForcibly(); // SIGKILL
      caller.join(60_000);

      List<Outcome<Long, Long>> outcomes = result.get();
      assertThat(outcomes).hasSize(200);
      for (int i = 0; i < 200; i++) {
        assertThat(outcomes.get(i).index()).isEqualTo(i);
        assertThat(outcomes.get(i).isSuccess()).as("outcome %d: %s", i, outcomes.get(i)).isTrue();
        assertThat(outcomes.get(i).value()).isEqualTo((long) i * i);
      }
      // the task the killed worker ran was retried on a replacement (worker-3)
      assertThat(outcomes).anyMatch(o -> o.attempts() == 2);
      assertThat(finished).extracting(Event.Finished::worker).contains("worker-3");
    }
  }

  @Test
  void map_taskCallsSystemExit_retriedThenAFailureNamingWorkerAndExitCode() {
    try (Fanout fanout = processes(2).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new ExitOnThree(), range(10));

      assertThat(outcomes).hasSize(10);
      Outcome<Long, Long> three = outcomes.get(3);
      assertThat(three).isInstanceOf(Outcome.Failure.class);
      assertThat(three.attempts()).isEqualTo(3); // RetryPolicy's default workerLossAttempts
      Throwable error = ((Outcome.Failure<Long, Long>) three).error();
      assertThat(error)
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("a task called System.exit(42), exit code 42")
          .hasMessageContaining("worker-")
          .hasMessageContaining("input 3");
      for (int i = 0; i < 10; i++) {
        if (i != 3) {
          assertThat(outcomes.get(i).value()).isEqualTo((long) i);
          assertThat(outcomes.get(i).attempts()).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void close_endsEveryWorkerProcess() {
    List<Long> pids;
    try (Fanout fanout = processes(2).chunkSize(1).build()) {
      pids =
          fanout.map(new SleepMillis(), List.of(50L, 50L, 50L, 50L)).stream()
              .map(Outcome::value)
              .distinct()
              .toList();
      assertThat(pids).isNotEmpty().allMatch(ProcessEngineTest::alive);
    }
    assertThat(pids).noneMatch(ProcessEngineTest::alive);
    assertThat(workers()).isEmpty();
  }

  @Test
  void parentKilled_itsWorkersExit() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process parent =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), OrphanParent.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Long> pids = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
      String line =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      assertThat(line).startsWith("pids ");
      Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).forEach(pids::add);
      assertThat(pids).hasSize(2).allMatch(ProcessEngineTest::alive);
    } finally {
      parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
      parent.waitFor(10, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (pids.stream().anyMatch(ProcessEngineTest::alive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(pids)
        .as("workers alive after their parent was killed")
        .noneMatch(ProcessEngineTest::alive);
  }

  @Test
  void map_lambdaOrAnonymousTask_isRefusedAtSubmitSayingHowToFixIt() {
    try (Fanout fanout = processes(1).build()) {
      assertThatThrownBy(() -> fanout.map((Long x, dev.fanout.Worker w) -> x, range(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lambda")
          .hasMessageContaining("public no-arg constructor");
      Task<Long, Long> anonymous =
          new Task<>() {
            @Override
            public Long run(Long x, dev.fanout.Worker w) {
              return x;
            }
          };
      assertThatThrownBy(() -> fanout.map(anonymous, range(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("anonymous class");
    }
  }

  @Test
  void build_resourceFromFunctions_isRefusedBeforeAnyWorkerStarts() {
    assertThatThrownBy(() -> processes(1).resource(Resource.of(w -> "x", r -> {})).build().close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the resource is an anonymous class");
    assertThat(workers()).isEmpty();
  }

  @Test
  void resource_isOpenedOnceInEachWorkerProcess() {
    try (Fanout fanout = processes(2).chunkSize(1).resource(new PidResource()).build()) {
      List<String> values =
          fanout.map(new UsesResource(), range(40)).stream().map(Outcome::value).toList();

      Map<String, String> byPid = new HashMap<>();
      for (String v : values) {
        String[] pidAndCount = v.split(":");
        assertThat(pidAndCount[1]).as("opens in JVM %s", pidAndCount[0]).isEqualTo("1");
        byPid.put(pidAndCount[0], v);
      }
      assertThat(byPid.size()).isBetween(1, 2);
    }
  }

  @Test
  void resource_initializerThrows_everyTaskFailsAtOnceWithItsMessage() {
    try (Fanout fanout = processes(2).resource(new FailingResource()).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new SquareSlowly(), range(20));

      assertThat(outcomes).hasSize(20).noneMatch(Outcome::isSuccess);
      assertThat(outcomes)
          .allSatisfy(
              o ->
                  assertThat(((Outcome.Failure<Long, Long>) o).error())
                      .hasMessageContaining("resource initializer")
                      .hasMessageContaining("cannot reach the database"));
    }
    assertThat(workers()).isEmpty();
  }

  @Test
  void error_isRebuiltAsItsOwnClassWithTheRemoteTraceAndTheWorkerName() {
    try (Fanout fanout = processes(1).build()) {
      Outcome<Long, Long> o = fanout.map(new FailOnSevens(), List.of(7L)).get(0);

      Throwable error = ((Outcome.Failure<Long, Long>) o).error();
      assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("boom 7");
      assertThat(error.getStackTrace()[0].getClassName()).isEqualTo(FailOnSevens.class.getName());
      assertThat(error.getSuppressed()[0]).hasMessageStartingWith("thrown in worker-1 (pid ");
    }
  }

  @Test
  void workerOutput_goesToOurStderrPrefixedWithTheWorkerName() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (Fanout fanout = processes(1).build()) {
      assertThat(fanout.map(new Printing(), range(3))).allMatch(Outcome::isSuccess);
    } finally {
      System.setErr(saved);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    // System.out inside a worker is stderr: the protocol owns stdout
    assertThat(text).contains("[worker-1] out 0", "[worker-1] err 2");
  }

  @Test
  void malformedFrame_onAWorkersStdout_isAClearErrorAndTheWorkerIsReplaced() {
    try (Fanout fanout = processes(1).chunkSize(1).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new CorruptsStdout(), range(4));

      Throwable error = ((Outcome.Failure<Long, Long>) outcomes.get(0)).error();
      assertThat(error)
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("malformed frame");
      assertThat(outcomes.subList(1, 4)).allMatch(Outcome::isSuccess);
    }
  }

  @Test
  void maxTasksPerWorker_replacesEachWorkerAfterThatManyTasks() {
    try (Fanout fanout = processes(1).maxTasksPerWorker(3).build()) {
      List<Long> pids =
          fanout
              .map(new SleepMillis(), LongStream.range(0, 10).map(i -> 1).boxed().toList())
              .stream()
              .map(Outcome::value)
              .toList();

      Map<Long, Long> tasksPerPid = new HashMap<>();
      pids.forEach(p -> tasksPerPid.merge(p, 1L, Long::sum));
      assertThat(tasksPerPid).hasSize(4);
      assertThat(tasksPerPid.values()).allMatch(n -> n <= 3);
    }
  }

  @Test
  void threadsPerWorker_runsThatManyTasksAtOnceInOneJvm() {
    ConcurrentLinkedQueue<Event.Finished> finished = new ConcurrentLinkedQueue<>();
    try (Fanout fanout =
        processes(1)
            .threadsPerWorker(3)
            .chunkSize(1)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      List<Outcome<Long, Long>> outcomes =
          fanout.map(new SleepMillis(), List.of(300L, 300L, 300L, 300L, 300L, 300L));

      assertThat(outcomes.stream().map(Outcome::value).distinct()).hasSize(1);
    }
    List<Event.Finished> all = new ArrayList<>(finished);
    assertThat(ModelContractTest.maxOverlap(all)).isEqualTo(3);
  }

  @Test
  void concurrency_keepsThatManyInFlightAcrossTheWorkersOnVirtualThreads() {
    ConcurrentLinkedQueue<Event.Finished> finished = new ConcurrentLinkedQueue<>();
    try (Fanout fanout =
        processes(2)
            .concurrency(60)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      List<Long> sleeps = java.util.Collections.nCopies(120, 500L);
      List<Outcome<Long, Long>> outcomes = fanout.map(new SleepMillis(), sleeps);

      assertThat(outcomes).allMatch(Outcome::isSuccess);
      assertThat(outcomes.stream().map(Outcome::value).distinct()).hasSize(2); // two JVMs
    }
    // 60 in flight at a time, not 2 (one per worker): a sleeping task holds no thread
    assertThat(ModelContractTest.maxOverlap(new ArrayList<>(finished))).isBetween(30, 60);
  }

  @Test
  void concurrencyAboveThreadsPerWorker_warnsThatItIsCapped() {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Fanout fanout =
        processes(1).threadsPerWorker(2).concurrency(10).log(warnings::add).build()) {
      fanout.map(new SleepMillis(), List.of(1L));
    }
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).contains("--concurrency 10 is capped at 2 in flight"));
  }

  @Test
  void events_carryTheWorkersTimesAndCpuTime() {
    ConcurrentLinkedQueue<Event.Finished> finished = new ConcurrentLinkedQueue<>();
    long before = System.nanoTime();
    try (Fanout fanout =
        processes(2)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      fanout.map(new SumOfSquares(), List.of(20_000_000L, 20_000_001L, 20_000_002L));
    }
    long after = System.nanoTime();
    assertThat(finished)
        .hasSize(3)
        .allSatisfy(
            f -> {
              assertThat(f.worker()).matches("worker-\\d+");
              assertThat(f.startNanos()).isBetween(before, after);
              assertThat(f.endNanos()).isBetween(f.startNanos(), after);
              assertThat(f.cpuNanos()).isPositive();
            });
  }
}
