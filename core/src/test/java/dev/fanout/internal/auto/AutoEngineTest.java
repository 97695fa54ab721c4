package dev.fanout.internal.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Listener;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AutoEngineTest {
  private static final ThreadMXBean JMX = ManagementFactory.getThreadMXBean();

  /** Burns this thread's CPU for {@code ms} of CPU time (not wall time: load cannot shorten it). */
  static void spin(long ms) {
    if (Thread.currentThread().isVirtual()) { // no CPU clock there: spin on the wall clock
      long end = System.nanoTime() + ms * 1_000_000L;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      return;
    }
    long until = JMX.getCurrentThreadCpuTime() + ms * 1_000_000L;
    long x = 0;
    while (JMX.getCurrentThreadCpuTime() < until) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  /** Auto's decisions as events, and its log lines. */
  private static final class Recorder implements Listener, Consumer<String> {
    final List<Event.Decided> decisions = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(Event e) {
      if (e instanceof Event.Decided d) {
        decisions.add(d);
      }
    }

    @Override
    public void accept(String line) {
      System.err.println(line);
      lines.add(line);
    }
  }

  private static List<Integer> inputs(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static <R> Event.Decided run(Task<Integer, R> task, int n, Recorder r) {
    try (Fanout f = Fanout.builder().model(Model.AUTO).log(r).listener(r).build()) {
      List<Outcome<Integer, R>> out = f.map(task, inputs(n));
      assertThat(out).hasSize(n);
      assertThat(out).allMatch(o -> o instanceof Outcome.Success<Integer, R>);
      assertThat(out.stream().map(Outcome::index).toList())
          .isEqualTo(inputs(n).stream().map(Integer::longValue).toList());
    }
    assertThat(r.decisions).hasSize(1);
    assertThat(r.lines).anyMatch(l -> l.startsWith("auto: chose "));
    return r.decisions.get(0);
  }

  /**
   * Regression: auto decided on its timer while the batch's caller was already waiting, and handed
   * the rest to the threads engine without flushing it, so they never ran (a hang seen in about one
   * run in four of the spinning test under load).
   */
  @Test
  void map_decidedWhileTheCallerWaits_neverStrandsTheRest() {
    for (int round = 0; round < 15; round++) {
      Event.Decided d =
          run(
              (i, w) -> {
                spin(15);
                return i;
              },
              6,
              new Recorder());
      assertThat(d.model()).isIn(Model.THREADS, Model.VIRTUAL);
    }
  }

  @Test
  void map_sleepingTasks_ioBoundOnVirtualThreads() {
    Event.Decided d =
        run(
            (i, w) -> {
              Thread.sleep(60);
              return i;
            },
            40,
            new Recorder());
    assertThat(d.kind()).isEqualTo(WorkKind.IO_BOUND.label());
    assertThat(d.model()).isEqualTo(Model.VIRTUAL);
  }

  @Test
  void mapAsync_sleepingAsyncTasks_ioBoundOnAsync() {
    Recorder r = new Recorder();
    try (Fanout f = Fanout.builder().model(Model.AUTO).log(r).listener(r).build()) {
      var out =
          f.mapAsync(
              (Integer i, dev.fanout.Worker w) ->
                  CompletableFuture.supplyAsync(
                      () -> i, CompletableFuture.delayedExecutor(60, TimeUnit.MILLISECONDS)),
              inputs(40));
      assertThat(out).allMatch(o -> o instanceof Outcome.Success<?, ?>);
    }
    assertThat(r.decisions.get(0).model()).isEqualTo(Model.ASYNC);
  }

  @Test
  void map_spinningTasks_cpuBoundOnThreadsOnePerCore() {
    Event.Decided d =
        run(
            (i, w) -> {
              spin(40);
              return i;
            },
            8,
            new Recorder());
    assertThat(d.kind()).isEqualTo(WorkKind.CPU_BOUND.label());
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void map_mixedTasks_mixedOnABiggerPool() {
    Event.Decided d =
        run(
            (i, w) -> {
              for (int k = 0; k < 8; k++) {
                spin(3);
                Thread.sleep(3);
              }
              return i;
            },
            8,
            new Recorder());
    assertThat(d.kind()).isEqualTo(WorkKind.MIXED.label());
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.workers()).isGreaterThan(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void map_failingTasks_failuresAreOutcomesAndTheRestRuns() {
    Recorder r = new Recorder();
    try (Fanout f = Fanout.builder().model(Model.AUTO).log(r).listener(r).build()) {
      var out =
          f.map(
              (Integer i, dev.fanout.Worker w) -> {
                Thread.sleep(20);
                if (i % 5 == 0) {
                  throw new IllegalStateException("bad " + i);
                }
                return i;
              },
              inputs(30));
      assertThat(out).hasSize(30);
      assertThat(out.stream().filter(o -> o instanceof Outcome.Failure<?, ?>)).hasSize(6);
    }
  }

  @Test
  void map_fewerInputsThanSamples_decidesOnWhatItSaw() {
    Event.Decided d =
        run(
            (i, w) -> {
              Thread.sleep(5);
              return i;
            },
            1,
            new Recorder());
    assertThat(d.samples()).isEqualTo(1);
  }

  @Test
  void map_twoBatchesOnOneFanout_secondReusesTheChoice() {
    Recorder r = new Recorder();
    try (Fanout f = Fanout.builder().model(Model.AUTO).log(r).listener(r).build()) {
      f.map(
          (Integer i, dev.fanout.Worker w) -> {
            Thread.sleep(20);
            return i;
          },
          inputs(10));
      var out = f.map((Integer i, dev.fanout.Worker w) -> i * 2, inputs(10));
      assertThat(out.get(3)).isInstanceOf(Outcome.Success.class);
    }
    assertThat(r.decisions).hasSize(1);
  }
}
