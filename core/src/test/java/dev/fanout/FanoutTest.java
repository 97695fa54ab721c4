package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is particular to one engine or to the builder; the shared semantics are ModelContractTest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanoutTest {

  @Test
  void model_parseAcceptsLabelsAndNamesTheValidOnes() {
    assertThat(Model.parse("virtual")).isEqualTo(Model.VIRTUAL);
    assertThat(Model.parse(" ASYNC ")).isEqualTo(Model.ASYNC);
    assertThatThrownBy(() -> Model.parse("greenlets"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("greenlets")
        .hasMessageContaining("sequential, threads, virtual, async, processes, cluster, auto");
  }

  @Test
  void options_defaultsFollowTheModel() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(Fanout.builder().model(Model.THREADS).options().workers()).isEqualTo(cores + 4);
    assertThat(Fanout.builder().model(Model.THREADS).options().concurrency()).isEqualTo(cores + 4);
    assertThat(Fanout.builder().model(Model.VIRTUAL).options().concurrency()).isEqualTo(1000);
    assertThat(Fanout.builder().model(Model.ASYNC).options().concurrency()).isEqualTo(1000);
    assertThat(Fanout.builder().model(Model.SEQUENTIAL).options().concurrency()).isEqualTo(1);
  }

  @Test
  void options_rejectBadSettingsNamingThem() {
    assertThatThrownBy(() -> Fanout.builder().workers(-2).options())
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> Fanout.builder().concurrency(-1).options())
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> Fanout.builder().perKey(x -> "k", -1).options())
        .hasMessageContaining("perKey");
  }

  @Test
  void async_blockingTaskIsReportedAsHoldingTheLoop() {
    List<String> log = new CopyOnWriteArrayList<>();
    List<Event.LoopBlocked> blocked = new CopyOnWriteArrayList<>();
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.ASYNC)
            .blockedLoopThreshold(Duration.ofMillis(50))
            .log(log::add)
            .listener(
                e -> {
                  if (e instanceof Event.LoopBlocked b) {
                    blocked.add(b);
                  }
                })
            .build()) {
      List<Outcome<String, String>> outcomes =
          fanout.map(
              (String s, Worker w) -> {
                if (s.equals("slow")) {
                  Thread.sleep(150);
                }
                return s;
              },
              List.of("fast", "slow", "fast2"));

      assertThat(outcomes).allMatch(Outcome::isSuccess);
    }
    assertThat(blocked).hasSize(1);
    assertThat(blocked.get(0).input()).isEqualTo("slow");
    assertThat(blocked.get(0).heldNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    assertThat(log)
        .singleElement()
        .asString()
        .contains("input slow")
        .contains("held the event loop");
  }

  @Test
  void async_runsEveryTaskOnOneLoopThread() {
    List<String> threads = new CopyOnWriteArrayList<>();
    try (Fanout fanout = Fanout.of(Model.ASYNC)) {
      fanout.mapAsync(
          (Integer i, Worker w) -> {
            threads.add(Thread.currentThread().getName());
            CompletableFuture<Integer> f = new CompletableFuture<>();
            w.executor().schedule(() -> f.complete(i), 5, TimeUnit.MILLISECONDS);
            return f;
          },
          List.of(1, 2, 3, 4, 5, 6, 7, 8));
    }
    assertThat(threads).hasSize(8);
    assertThat(threads.stream().distinct()).singleElement().asString().startsWith("fanout-loop");
  }

  @Test
  void async_startsAWaveInBatches_withTheLoopsOtherWorkBetween() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger startedWhenTheLoopTurned = new AtomicInteger(-1);
    try (Fanout fanout = Fanout.builder().model(Model.ASYNC).concurrency(1000).build()) {
      fanout.mapAsync(
          (Integer i, Worker w) -> {
            started.incrementAndGet();
            if (i == 0) { // work queued on the loop by the first task of the wave
              w.executor().execute(() -> startedWhenTheLoopTurned.set(started.get()));
            }
            return CompletableFuture.completedFuture(i);
          },
          java.util.stream.IntStream.range(0, 500).boxed().toList());
    }
    // the loop ran it before the wave's 500 starts were done: the first requests of a wave go out
    // while the rest are being started
    assertThat(startedWhenTheLoopTurned.get()).isPositive().isLessThan(500);
  }

  @Test
  void async_loopPollsWithEpollWhereNettysNativeTransportLoads() {
    List<Boolean> epoll = new CopyOnWriteArrayList<>();
    try (Fanout fanout = Fanout.of(Model.ASYNC)) {
      fanout.mapAsync(
          (Integer i, Worker w) -> {
            epoll.add(
                ((io.netty.channel.IoEventLoop) w.executor())
                    .isCompatible(io.netty.channel.epoll.EpollIoHandle.class));
            return CompletableFuture.completedFuture(i);
          },
          List.of(1));
    }
    boolean linux =
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "aarch64").contains(System.getProperty("os.arch"));
    // the native library ships for both: on Linux its absence would be a packaging bug
    assertThat(io.netty.channel.epoll.Epoll.isAvailable()).isEqualTo(linux);
    assertThat(epoll).containsExactly(linux);
  }

  @Test
  void resource_isClosedWhenTheRunEnds() {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    Resource<String> r =
        Resource.of(w -> "r" + opened.incrementAndGet(), s -> closed.incrementAndGet());
    try (Fanout fanout = Fanout.builder().model(Model.THREADS).workers(3).resource(r).build()) {
      fanout.map((Integer i, Worker w) -> w.<String>resource(), List.of(1, 2, 3, 4, 5, 6));
      assertThat(closed).hasValue(0);
    }
    assertThat(opened.get()).isBetween(1, 3);
    assertThat(closed).hasValue(opened.get());
  }

  @Test
  void resource_initializerFailureFailsTheTasksWithItsMessage() {
    Resource<String> broken =
        Resource.of(
            w -> {
              throw new IllegalStateException("no credentials");
            },
            s -> {});
    try (Fanout fanout =
        Fanout.builder().model(Model.THREADS).workers(2).resource(broken).build()) {
      List<Outcome<Integer, String>> outcomes =
          fanout.map((Integer i, Worker w) -> w.<String>resource(), List.of(1, 2, 3));
      assertThat(outcomes)
          .allSatisfy(
              o ->
                  assertThat(((Outcome.Failure<Integer, String>) o).message())
                      .contains("resource initializer failed")
                      .contains("no credentials"));
    }
  }

  @Test
  void listener_thatThrowsDoesNotLoseOutcomes() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.VIRTUAL)
            .log(log::add)
            .listener(
                e -> {
                  throw new IllegalStateException("bad listener");
                })
            .build()) {
      List<Outcome<Integer, Integer>> outcomes =
          fanout.map((Integer i, Worker w) -> i + 1, List.of(1, 2, 3));
      assertThat(outcomes).extracting(Outcome::value).containsExactly(2, 3, 4);
    }
    assertThat(log).singleElement().asString().contains("bad listener");
  }

  @Test
  void clock_injectedClockTimesTheEvents() {
    AtomicInteger ticks = new AtomicInteger();
    List<Event.Finished> finished = new CopyOnWriteArrayList<>();
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.SEQUENTIAL)
            .clock(() -> 1_000L * ticks.incrementAndGet())
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    finished.add(f);
                  }
                })
            .build()) {
      fanout.map((Integer i, Worker w) -> i, List.of(7, 8));
    }
    assertThat(finished).hasSize(2);
    assertThat(finished.get(0).startNanos()).isEqualTo(1_000L);
    assertThat(finished.get(0).endNanos()).isEqualTo(2_000L);
    assertThat(finished.get(1).startNanos()).isEqualTo(3_000L);
  }

  @Test
  void map_afterCloseIsRefusedClearly() {
    Fanout fanout = Fanout.of(Model.SEQUENTIAL);
    fanout.close();
    assertThatThrownBy(() -> fanout.map((Integer i, Worker w) -> i, List.of(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void build_settingWithoutEffect_warnsOnceNamingIt() {
    List<Event.Warning> warnings = new CopyOnWriteArrayList<>();
    List<String> log = new CopyOnWriteArrayList<>();
    try (Fanout f =
        Fanout.builder()
            .model(Model.VIRTUAL)
            .workers(8)
            .chunkSize(16)
            .members(List.of("127.0.0.1:5701"))
            .isolate(true)
            .concurrency(50)
            .log(log::add)
            .listener(
                e -> {
                  if (e instanceof Event.Warning w) {
                    warnings.add(w);
                  }
                })
            .build()) {
      assertThat(f.options().concurrency()).isEqualTo(50);
    }
    assertThat(warnings)
        .allSatisfy(w -> assertThat(w.kind()).isEqualTo(Event.Warning.Kind.NO_EFFECT))
        .extracting(Event.Warning::text)
        .containsExactly(
            "workers 8 has no effect on virtual: it sizes itself: use concurrency",
            "chunkSize 16 has no effect on virtual: it sends no chunks: only processes and cluster"
                + " do",
            "members 127.0.0.1:5701 has no effect on virtual: only cluster joins members",
            "isolate true has no effect on virtual: only auto chooses a model");
    assertThat(log).hasSize(4).allMatch(l -> l.startsWith("warning: ") && l.contains("no effect"));
  }

  @Test
  void build_settingsTheModelUses_noWarning() {
    List<String> log = new CopyOnWriteArrayList<>();
    try (Fanout f =
        Fanout.builder().model(Model.THREADS).workers(3).concurrency(3).log(log::add).build()) {
      assertThat(f.options().workers()).isEqualTo(3);
    }
    assertThat(log).isEmpty();
  }

  @Test
  void failFast_stream_yieldsTheCancelledTasksItPulledThenEnds() {
    try (Fanout f =
            Fanout.builder().model(Model.THREADS).workers(2).concurrency(2).failFast(true).build();
        java.util.stream.Stream<Outcome<Long, Long>> outcomes =
            f.stream(
                new dev.fanout.contract.FailsFirst(),
                java.util.stream.LongStream.range(0, 1000).boxed())) {
      List<Outcome<Long, Long>> all = outcomes.toList();

      assertThat(all.size()).isLessThan(1000);
      assertThat(all).anyMatch(o -> o.index() == 0 && !o.isSuccess());
      assertThat(all)
          .filteredOn(o -> o.index() != 0)
          .allSatisfy(
              o ->
                  assertThat(((Outcome.Failure<Long, Long>) o).error())
                      .isInstanceOf(java.util.concurrent.CancellationException.class));
    }
  }
}
