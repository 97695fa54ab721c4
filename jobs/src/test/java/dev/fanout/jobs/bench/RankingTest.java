package dev.fanout.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict logic fed synthetic runs: a winner only beyond the noise. */
class RankingTest {
  private static final long MS = 1_000_000L;

  private static ModelResult model(Model m, long... wallMs) {
    List<RunResult> runs = new ArrayList<>();
    for (long w : wallMs) {
      TaskSpan span = new TaskSpan(0, "x", "thread-1", 0, w * MS, MS, true, null);
      runs.add(new RunResult(w * MS, MS, 0, List.of(span), List.of()));
    }
    return new ModelResult(m, runs, null, "");
  }

  private static ModelResult failed(Model m, int runs) {
    List<RunResult> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      TaskSpan span = new TaskSpan(0, "http://x", "thread-1", 0, 5 * MS, 0, false, "timed out");
      out.add(new RunResult(5 * MS, 0, 1, List.of(span), List.of()));
    }
    return new ModelResult(m, out, null, "");
  }

  private static WorkloadResult workload(ModelResult... models) {
    return new WorkloadResult("io", "test", 1, 10 * MS, "floor", List.of(models));
  }

  @Test
  void ranking_twoModelsWithinNoise_noClearWinner() {
    WorkloadResult w =
        workload(model(Model.VIRTUAL, 100, 112, 95, 108), model(Model.ASYNC, 104, 99, 115, 101));

    Ranking r = w.ranking();

    assertThat(r.clear()).isFalse();
    assertThat(r.winner()).isEmpty();
    assertThat(w.best()).isEmpty();
    assertThat(r.reason()).startsWith("no clear winner").contains("within the noise");
    assertThat(Verdicts.of(w).get(0)).startsWith("No clear winner on the io workload");
    assertThat(TextReport.table(w)).contains("(fastest, within noise)").doesNotContain("winner)");
  }

  @Test
  void ranking_apartBeyondTheirSpread_namesTheWinner() {
    WorkloadResult w =
        workload(model(Model.THREADS, 300, 310, 305), model(Model.VIRTUAL, 100, 104, 102));

    Ranking r = w.ranking();

    assertThat(r.clear()).isTrue();
    assertThat(r.winner()).map(ModelResult::model).contains(Model.VIRTUAL);
    assertThat(r.reason()).startsWith("virtual beats threads by 3.0x, beyond the noise");
    assertThat(Verdicts.of(w).get(0)).startsWith("virtual won the io workload");
  }

  @Test
  void ranking_aOnePercentGap_isNotAWinEvenWithoutSpread() {
    WorkloadResult w =
        workload(model(Model.THREADS, 1000, 1000, 1000), model(Model.VIRTUAL, 990, 990, 990));
    assertThat(w.ranking().clear()).isFalse();
  }

  @Test
  void ranking_singleRuns_cannotTellNoiseFromADifference() {
    WorkloadResult w = workload(model(Model.THREADS, 300), model(Model.VIRTUAL, 100));
    assertThat(w.ranking().clear()).isFalse();
    assertThat(w.ranking().reason()).contains("a single run cannot tell");
  }

  @Test
  void ranking_everyTaskFailedEverywhere_noWinnerAndSaysWhatFailed() {
    WorkloadResult w = workload(failed(Model.THREADS, 1), failed(Model.ASYNC, 1));

    assertThat(w.allFailed()).isTrue();
    assertThat(w.ranking().winner()).isEmpty();
    List<String> verdict = Verdicts.of(w);
    assertThat(verdict.get(0)).startsWith("No winner on the io workload: every task failed");
    assertThat(verdict)
        .anyMatch(
            l ->
                l.equals(
                    "threads: 1 of 1 tasks failed over 1 run; the first: input"
                        + " http://x: timed out."));
  }

  @Test
  void ranking_autoAndFailedModelsAreNotRanked() {
    WorkloadResult w =
        workload(
            model(Model.AUTO, 10, 10, 10),
            failed(Model.ASYNC, 3),
            model(Model.THREADS, 300, 310, 305),
            model(Model.VIRTUAL, 100, 104, 102));
    assertThat(w.ranking().fastest().model()).isEqualTo(Model.VIRTUAL);
    assertThat(w.ranking().runnerUp().model()).isEqualTo(Model.THREADS);
  }

  @Test
  void stats_meanSampleStddevMedianMinMax() {
    Stats s = Stats.of(List.of(2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L));
    assertThat(s.mean()).isEqualTo(5.0);
    assertThat(s.stddev()).isCloseTo(2.138, org.assertj.core.data.Offset.offset(0.001));
    assertThat(s.median()).isEqualTo(4.5);
    assertThat(s.min()).isEqualTo(2);
    assertThat(s.max()).isEqualTo(9);
    assertThat(Stats.of(List.of(7L)).relativeStandardError()).isInfinite();
  }
}
