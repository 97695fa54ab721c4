package dev.fanout.spi.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.Model;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The remote engine's arithmetic: shares in flight, what a worker holds, batch sizes. */
class SharesTest {
  private static final long UNKNOWN = -1;

  private static Fanout.Builder processes() {
    return Fanout.builder().model(Model.PROCESSES).workers(2);
  }

  @Test
  void explicitConcurrency_isSplitOverTheWorkers_onVirtualThreads() {
    Shares s = new Shares(processes().concurrency(1000).options(), 2, true);

    assertThat(s.virtual(2)).isTrue();
    assertThat(s.atOnce(2)).isEqualTo(500);
    assertThat(s.atOnce(3)).as("ceil(1000 / 3)").isEqualTo(334);
    assertThat(s.cappedAt(2)).as("nothing to warn about").isEqualTo(-1);
    assertThat(s.limit(500, 1000, 2, UNKNOWN)).as("a second helping").isEqualTo(1000);
    assertThat(s.window(2)).isEqualTo(2 * 2 * 500 + 2 * 4 * 512);
  }

  @Test
  void platformThreadsPerWorker_capTheConcurrency_andSaySo() {
    Shares s = new Shares(processes().concurrency(1000).threadsPerWorker(8).options(), 2, true);

    assertThat(s.virtual(2)).isFalse();
    assertThat(s.atOnce(2)).isEqualTo(8);
    assertThat(s.cappedAt(2)).isEqualTo(16);
  }

  @Test
  void membersWithoutConcurrency_runTheirWorkersEach() {
    Shares s = new Shares(Fanout.builder().model(Model.CLUSTER).workers(3).options(), 0, true);

    assertThat(s.byWorkers()).isTrue();
    assertThat(s.virtual(2)).isFalse();
    assertThat(s.atOnce(2)).isEqualTo(3);
    assertThat(s.cappedAt(2)).isEqualTo(-1);
  }

  @Test
  void batchSize_isPoolMapsFairShare_boundedByTimeOnceTasksAreTimed() {
    Shares s = new Shares(processes().concurrency(1000).options(), 2, true);

    assertThat(s.batchSize(500, 1000, 2, UNKNOWN))
        .as("min(ceil(1000 / (4 x 2)), ceil(500 / 8))")
        .isEqualTo(63);
    assertThat(s.batchSize(500, 100_000, 2, TimeUnit.MICROSECONDS.toNanos(10)))
        .as("10 us tasks: 5 ms keeps 500 at once busy for 250,000, capped")
        .isEqualTo(1024);
    assertThat(s.batchSize(500, 100_000, 2, TimeUnit.MILLISECONDS.toNanos(100)))
        .as("100 ms tasks: an eighth of the share")
        .isEqualTo(63);
    assertThat(s.batchSize(500, 3, 2, UNKNOWN)).as("never empty").isEqualTo(1);
    assertThat(s.limit(500, 100_000, 2, TimeUnit.MICROSECONDS.toNanos(10)))
        .as("short tasks: a batch ahead")
        .isEqualTo(1000);
  }

  @Test
  void chunkSize_isTakenAsGiven() {
    Shares s = new Shares(processes().chunkSize(7).options(), 2, true);

    assertThat(s.batchSize(1, 1000, 2, UNKNOWN)).isEqualTo(7);
  }

  @Test
  void taskTimeout_withStartsReportedLate_sendsOneAtATimeAndHoldsNoMore() {
    var options = processes().concurrency(10).taskTimeout(Duration.ofSeconds(1)).options();

    Shares late = new Shares(options, 2, false);
    Shares told = new Shares(options, 2, true);

    assertThat(late.lateTimeout()).isTrue();
    assertThat(late.batchSize(5, 1000, 2, UNKNOWN)).isEqualTo(1);
    assertThat(late.limit(5, 1000, 2, UNKNOWN)).isEqualTo(5);
    assertThat(told.lateTimeout()).isFalse();
    assertThat(told.limit(5, 1000, 2, UNKNOWN)).isEqualTo(10);
  }
}
