package dev.fanout.jobs.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class SumOfSquaresTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 3, 10, 1000, 3_037_000, 5_000_000, 5_000_019})
  void of_equalsClosedForm(long n) throws Exception {
    assertThat(SumOfSquares.of(n)).isEqualTo(SumOfSquares.closedForm(n));
  }

  @Test
  void of_defaultSizes_passLongMaxValue() throws Exception {
    // the point of the 128-bit accumulator: a long would have wrapped here
    assertThat(SumOfSquares.of(5_000_000)).isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
  }

  @Test
  void range_squaresAboveThreeBillion_keepTheirHighBits() throws Exception {
    // i*i overflows a long from i = 3,037,000,500 on; the loop must still be exact there
    long from = 4_000_000_000L;
    long to = from + 10_000;
    BigInteger expected = SumOfSquares.closedForm(to).subtract(SumOfSquares.closedForm(from));
    assertThat(SumOfSquares.range(from, to)).isEqualTo(expected);
  }

  @Test
  void closedForm_smallN_matchesHandSums() {
    assertThat(SumOfSquares.closedForm(4)).isEqualTo(BigInteger.valueOf(0 + 1 + 4 + 9));
  }

  @Test
  void of_negativeN_isRejected() {
    assertThatThrownBy(() -> SumOfSquares.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void inputs_defaults_areBasePlusXInOrder() {
    assertThat(SumOfSquares.inputs(5_000_000, 3, 1.0))
        .containsExactly(5_000_000L, 5_000_001L, 5_000_002L);
  }

  @Test
  void inputs_scale_multipliesEachN() {
    assertThat(SumOfSquares.inputs(10, 2, 2.5)).containsExactly(25L, 28L);
  }

  @Test
  void inputs_badScale_namesIt() {
    assertThatThrownBy(() -> SumOfSquares.inputs(10, 2, 0)).hasMessageContaining("scale");
    assertThatThrownBy(() -> SumOfSquares.inputs(10, 2, Double.NaN)).hasMessageContaining("scale");
    assertThatThrownBy(() -> SumOfSquares.inputs(SumOfSquares.MAX_N, 2, 1.0))
        .hasMessageContaining("--base or --scale");
  }

  @Test
  void of_interrupted_stopsPromptly() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                SumOfSquares.of(SumOfSquares.MAX_N); // hours of work
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
    t.start();
    Thread.sleep(50);
    t.interrupt();
    t.join(2000);
    assertThat(t.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void map_everyModel_exactAndInInputOrder(Model model) {
    assumeTrue(ModelsInBuild.available(model), model + " is not in this build");
    List<Long> ns = SumOfSquares.inputs(200_000, 6, 1.0);
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      List<Outcome<Long, BigInteger>> out = f.map(new SumOfSquares(), ns);
      assertThat(out).extracting(Outcome::input).containsExactlyElementsOf(ns);
      for (Outcome<Long, BigInteger> o : out) {
        assertThat(o.value()).as("n=%d", o.input()).isEqualTo(SumOfSquares.closedForm(o.input()));
      }
    }
  }

  @Test
  void map_async_reportsTheBlockedLoopOnce() {
    BatchMeter meter = new BatchMeter();
    List<String> log = new CopyOnWriteArrayList<>();
    try (Fanout f =
        Fanout.builder()
            .model(Model.ASYNC)
            .blockedLoopThreshold(Duration.ofNanos(1))
            .listener(meter)
            .listener(meter.stderrLines(log::add))
            .log(line -> {})
            .build()) {
      f.map(new SumOfSquares(), SumOfSquares.inputs(100_000, 5, 1.0));
    }
    BatchMeter.Snapshot s = meter.take();
    assertThat(s.tasks()).isEqualTo(5);
    assertThat(s.loopBlocks()).isEqualTo(5);
    assertThat(log)
        .hasSize(1)
        .first()
        .asString()
        .startsWith("warning: task ")
        .contains("held the event loop");
    assertThat(s.loopLesson()).contains("5 of 5 tasks held the one event-loop thread");
  }

  @Test
  void take_threads_countsCpuAndWorkers() {
    BatchMeter meter = new BatchMeter();
    try (Fanout f = Fanout.builder().model(Model.THREADS).workers(2).listener(meter).build()) {
      f.map(new SumOfSquares(), SumOfSquares.inputs(1_000_000, 4, 1.0));
    }
    BatchMeter.Snapshot s = meter.take();
    assertThat(s.tasks()).isEqualTo(4);
    assertThat(s.failed()).isZero();
    assertThat(s.cpuNanos()).isPositive();
    assertThat(s.workers()).isBetween(1, 2);
    assertThat(s.describe("cpu", "threads", 1_000_000_000L))
        .startsWith("cpu: 4 tasks on threads in 1.00 s wall");
    assertThat(meter.take().tasks()).isZero();
  }
}
