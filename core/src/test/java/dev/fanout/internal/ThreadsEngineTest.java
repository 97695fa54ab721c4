package dev.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Worker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the threads engine's shared queue and drainers must keep: no task waits behind another. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadsEngineTest {

  @Test
  void flush_idleThreadTakesAQueuedTaskWhileAnotherThreadRunsALongOne() throws Exception {
    CountDownLatch longOneStarted = new CountDownLatch(1);
    CountDownLatch secondBatchRan = new CountDownLatch(1);
    try (Fanout fanout = Fanout.builder().model(Model.THREADS).workers(2).build()) {
      CompletableFuture<List<Outcome<Integer, String>>> first =
          CompletableFuture.supplyAsync(
              () ->
                  fanout.map(
                      (Integer i, Worker w) -> {
                        longOneStarted.countDown();
                        return secondBatchRan.await(10, TimeUnit.SECONDS) ? "released" : "starved";
                      },
                      List.of(0)));
      assertThat(longOneStarted.await(10, TimeUnit.SECONDS)).isTrue();

      // one thread is busy with the first batch: the second batch must get the idle one
      List<Outcome<Integer, String>> second =
          fanout.map(
              (Integer i, Worker w) -> {
                secondBatchRan.countDown();
                return "ok";
              },
              List.of(1));

      assertThat(second).allMatch(Outcome::isSuccess);
      assertThat(first.get(15, TimeUnit.SECONDS).get(0))
          .usingRecursiveComparison()
          .ignoringFields("stats")
          .isEqualTo(new Outcome.Success<>(0, 0, "released", 1));
    }
  }

  @Test
  void cpuTime_isMeasuredWhenAListenerReadsIt() {
    ConcurrentLinkedQueue<Long> cpu = new ConcurrentLinkedQueue<>();
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.THREADS)
            .workers(1)
            .listener(
                e -> {
                  if (e instanceof Event.Finished f) {
                    cpu.add(f.cpuNanos());
                  }
                })
            .build()) {
      fanout.map(
          (Integer i, Worker w) -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            long spins = 0;
            while (System.nanoTime() < end) {
              spins++;
            }
            return spins;
          },
          List.of(1));
    }
    assertThat(cpu).singleElement().satisfies(n -> assertThat(n).isPositive());
  }
}
