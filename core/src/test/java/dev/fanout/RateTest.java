package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.contract.Square;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-key rate of {@link Fanout.Builder#rate}, and the ranges of the new settings. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateTest {

  private static List<Long> startsOfKey(List<Outcome<Long, Long>> outcomes, long key) {
    List<Long> starts = new ArrayList<>();
    for (Outcome<Long, Long> o : outcomes) {
      if (o.input() % 2 == key) {
        starts.add(o.stats().startNanos());
      }
    }
    starts.sort(null);
    return starts;
  }

  @Test
  void rate_theNthAttemptOfAKeyStartsNoSoonerThanNIntervals() {
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.THREADS)
            .workers(8)
            .rate((Long x) -> "k" + x % 2, 20)
            .build()) {
      long t0 = System.nanoTime(); // the default clock
      List<Outcome<Long, Long>> outcomes =
          fanout.map(new Square(), LongStream.range(0, 12).boxed().toList());

      assertThat(outcomes).allMatch(Outcome::isSuccess);
      for (long key = 0; key < 2; key++) {
        List<Long> starts = startsOfKey(outcomes, key);
        for (int i = 1; i < starts.size(); i++) {
          // 20 per second: one start per 50 ms at most, for each key on its own
          assertThat(starts.get(i) - t0)
              .as("key %d, start %d", key, i)
              .isGreaterThanOrEqualTo(i * 50_000_000L);
        }
      }
    }
  }

  @Test
  void rate_keysArePacedSeparately() {
    try (Fanout fanout =
        Fanout.builder().model(Model.VIRTUAL).rate((Long x) -> "k" + x, 0.01).build()) {
      long t0 = System.nanoTime();
      List<Outcome<Long, Long>> outcomes =
          fanout.map(new Square(), LongStream.range(0, 20).boxed().toList());

      // one attempt per 100 s per key, but 20 keys: all start at once
      assertThat(outcomes).allMatch(Outcome::isSuccess);
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(20));
    }
  }

  @Test
  void rate_isSharedByTheBatchesOfOneFanout() {
    try (Fanout fanout =
        Fanout.builder().model(Model.VIRTUAL).rate((Long x) -> "one", 10).build()) {
      long t0 = System.nanoTime();
      List<Outcome<Long, Long>> first = fanout.map(new Square(), List.of(0L, 2L));
      List<Outcome<Long, Long>> second = fanout.map(new Square(), List.of(4L));

      assertThat(first).allMatch(Outcome::isSuccess);
      // 10 per second: the second batch's task takes the third permit, 200 ms after the first
      assertThat(second.get(0).stats().startNanos() - t0).isGreaterThanOrEqualTo(200_000_000L);
    }
  }

  @Test
  void rate_outOfRangeIsRefusedNamingWhatIsAllowed() {
    assertThatThrownBy(() -> Fanout.builder().rate((Long x) -> "k", -1).options())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate must be 0 (none) or between 0.001 and 1000000")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Fanout.builder().rate((Long x) -> "k", Double.NaN).options())
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Fanout.builder().rate(null, 5).options())
        .hasMessageContaining("key function");
  }

  @Test
  void taskTimeout_outOfRangeIsRefused() {
    assertThatThrownBy(() -> Fanout.builder().taskTimeout(Duration.ofMillis(-1)).options())
        .hasMessageContaining("taskTimeout must be between 0 (none) and 365 days");
    assertThatThrownBy(() -> Fanout.builder().taskTimeout(Duration.ofDays(366)).options())
        .hasMessageContaining("taskTimeout");
  }
}
