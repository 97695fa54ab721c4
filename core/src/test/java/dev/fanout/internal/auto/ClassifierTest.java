package dev.fanout.internal.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {
  private static final long MS = 1_000_000L;

  private static Classifier.Facts facts(boolean async, boolean isolate, boolean processes) {
    return new Classifier.Facts(4, async, isolate, processes, true, 1000);
  }

  private static List<Measurement> done(long wallMs, long cpuMs, int n) {
    return java.util.Collections.nCopies(n, new Measurement(wallMs * MS, cpuMs * MS, 0, true));
  }

  @Test
  void decide_sleepingBlockingTasks_virtualSizedFromLatency() {
    Decision d = Classifier.decide(done(100, 1, 4), facts(false, false, false), 100 * MS);
    assertThat(d.kind()).isEqualTo(WorkKind.IO_BOUND);
    assertThat(d.model()).isEqualTo(Model.VIRTUAL);
    // 1% CPU: 100 in flight keep a core busy; x4 cores x4 headroom, capped at the limit
    assertThat(d.concurrency()).isEqualTo(1000);
    assertThat(d.line()).startsWith("auto: chose virtual (concurrency 1000): I/O-bound");
  }

  @Test
  void decide_sleepingAsyncTask_asyncWithConcurrencyFromLatency() {
    Decision d = Classifier.decide(done(100, 2, 4), facts(true, false, false), 100 * MS);
    assertThat(d.model()).isEqualTo(Model.ASYNC);
    assertThat(d.concurrency()).isEqualTo(200); // 50 per loop x 4 headroom
    assertThat(d.line()).contains("latency 100 ms");
  }

  @Test
  void decide_unfinishedIoSamples_concurrencyAtTheLimit() {
    List<Measurement> running = List.of(new Measurement(12 * MS, MS / 10, 0, false));
    Decision d = Classifier.decide(running, facts(true, false, false), 12 * MS);
    assertThat(d.model()).isEqualTo(Model.ASYNC);
    assertThat(d.concurrency()).isEqualTo(1000);
    assertThat(d.evidence()).contains("1 still running");
  }

  @Test
  void decide_spinningTasks_threadsOnePerCore() {
    Decision d = Classifier.decide(done(50, 49, 4), facts(false, false, false), 50 * MS);
    assertThat(d.kind()).isEqualTo(WorkKind.CPU_BOUND);
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.workers()).isEqualTo(4);
  }

  @Test
  void decide_spinningOnABusyMachine_queueTimeIsNotMistakenForIo() {
    // half the wall time waiting for a core that other processes held
    List<Measurement> m = List.of(new Measurement(100 * MS, 48 * MS, 50 * MS, true));
    assertThat(Classifier.kind(Classifier.cpuShare(m))).isEqualTo(WorkKind.CPU_BOUND);
  }

  @Test
  void decide_mixedTasks_poolSizedByTheWaitToComputeRatio() {
    Decision d = Classifier.decide(done(100, 40, 4), facts(false, false, false), 100 * MS);
    assertThat(d.kind()).isEqualTo(WorkKind.MIXED);
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.workers()).isEqualTo(10); // 4 cores / 0.4
  }

  @Test
  void decide_isolate_processesWhenAvailable() {
    Decision d = Classifier.decide(done(50, 49, 4), facts(false, true, true), 50 * MS);
    assertThat(d.model()).isEqualTo(Model.PROCESSES);
    assertThat(d.workers()).isEqualTo(4);
  }

  @Test
  void decide_isolateWithoutProcesses_saysWhyItIsIgnored() {
    Decision d = Classifier.decide(done(50, 49, 4), facts(false, true, false), 50 * MS);
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.note()).contains("--isolate ignored");
  }

  @Test
  void settled_clearIoAfterTheMinimumWatch_decidesBeforeTasksEnd() {
    List<Measurement> early = List.of(new Measurement(3 * MS, MS / 10, 0, false));
    List<Measurement> later = List.of(new Measurement(11 * MS, MS / 10, 0, false));
    assertThat(Classifier.settled(early, 3 * MS)).isFalse();
    assertThat(Classifier.settled(later, 11 * MS)).isTrue();
  }

  @Test
  void settled_threadStillQueuedForACore_notMistakenForIo() {
    List<Measurement> queued = List.of(new Measurement(20 * MS, MS / 10, 0, false, false));
    assertThat(Classifier.settled(queued, 20 * MS)).isFalse();
  }

  @Test
  void settled_mixedSoFar_waitsForTheTasksToEnd() {
    List<Measurement> mixed = List.of(new Measurement(40 * MS, 20 * MS, 0, false));
    assertThat(Classifier.settled(mixed, 40 * MS)).isFalse();
    assertThat(Classifier.settled(mixed, Classifier.MAX_WATCH_NANOS)).isTrue();
    assertThat(Classifier.settled(done(40, 20, 1), 40 * MS)).isTrue();
  }

  @Test
  void settled_cpuSoFar_waitsForTheTasksToEnd() {
    List<Measurement> busy = List.of(new Measurement(40 * MS, 39 * MS, 0, false));
    assertThat(Classifier.settled(busy, 40 * MS)).isFalse();
  }

  @Test
  void sampleSize_onePerCoreBounded() {
    assertThat(Classifier.sampleSize(1)).isEqualTo(2);
    assertThat(Classifier.sampleSize(2)).isEqualTo(2);
    assertThat(Classifier.sampleSize(64)).isEqualTo(Classifier.MAX_SAMPLES);
  }

  @Test
  void settled_ioShareJustUnderTheThreshold_watchesLongerInsteadOfDecidingEarly() {
    // 18% of a running task's time on the CPU: under 20%, but inside the margin
    List<Measurement> near = List.of(new Measurement(50 * MS, 9 * MS, 0, false, true));
    List<Measurement> clear = List.of(new Measurement(50 * MS, 2 * MS, 0, false, true));
    assertThat(Classifier.nearThreshold(Classifier.cpuShare(near))).isTrue();
    assertThat(Classifier.settled(near, 50 * MS)).isFalse();
    assertThat(Classifier.settled(clear, 50 * MS)).isTrue();
    assertThat(Classifier.settled(near, Classifier.MAX_WATCH_NANOS)).isTrue();
  }

  @Test
  void wantsMoreSamples_finishedSamplesNearAThreshold_untilTwiceTheSampleSize() {
    List<Measurement> nearMixed = done(100, 58, 2); // 58%: 2 points under CPU-bound
    List<Measurement> clearCpu = done(100, 95, 2);
    assertThat(Classifier.wantsMoreSamples(nearMixed, 2, 2)).isTrue();
    assertThat(Classifier.wantsMoreSamples(nearMixed, 4, 2)).isFalse();
    assertThat(Classifier.wantsMoreSamples(clearCpu, 2, 2)).isFalse();
  }

  @Test
  void decide_shareInsideTheMargin_saysSoInTheNote() {
    Decision d = Classifier.decide(done(100, 21, 4), facts(false, false, false), 100 * MS);
    assertThat(d.note()).contains("CPU share 21.0% is within 5 points of the 20% threshold");
    Decision more = Classifier.decide(done(100, 5, 8), facts(false, false, false), 100 * MS);
    assertThat(more.note())
        .contains("the first 4 samples were within 5 points")
        .contains("8 in all");
  }

  @Test
  void settled_noSampleBegunByTheWatchCap_waitsForOneInsteadOfReadingNothingAsIo() {
    List<Measurement> queued = List.of(new Measurement(0, 0, 0, false, false));
    assertThat(Classifier.settled(queued, Classifier.MAX_WATCH_NANOS)).isFalse();
    assertThat(Classifier.settled(queued, Classifier.MAX_WAIT_TO_BEGIN_NANOS)).isTrue();
    Decision d = Classifier.decide(queued, facts(false, false, false), 5_000 * MS);
    assertThat(d.model()).isEqualTo(Model.THREADS);
    assertThat(d.note()).startsWith("no sampled task had begun after 5000 ms");
  }
}
