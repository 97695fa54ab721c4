package dev.fanout.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schedule fed synthetic run times: at least 3 runs, except a model clearly behind the fastest
 * after its first run (over 5 s and over 10x the fastest's slowest run), which stops there and says
 * so in the table, the note and the exports.
 */
class RoundsTest {
  private static final long MS = 1_000_000L;

  /** Runs each model at its given wall time (ms), counting the calls; warm-ups apart. */
  private static final class Clock implements Rounds.Runner {
    final Map<Model, Long> wallMs;
    final Map<Model, Integer> warmUps = new EnumMap<>(Model.class);
    final Map<Model, Integer> runs = new EnumMap<>(Model.class);

    Clock(Map<Model, Long> wallMs) {
      this.wallMs = wallMs;
    }

    @Override
    public RunResult run(Model model, List<?> inputs, boolean warmUp) {
      (warmUp ? warmUps : runs).merge(model, 1, Integer::sum);
      long wall = wallMs.get(model) * MS;
      TaskSpan span = new TaskSpan(0, "x", "thread-1", 0, wall, MS, true, null);
      return new RunResult(wall, MS, 0, List.of(span), List.of());
    }
  }

  private static WorkloadResult schedule(int exactRuns, Map<Model, Long> wallMs, Clock clock) {
    Workload w = CpuWorkload.of(List.of(1L, 2L, 3L));
    List<Model> models = new ArrayList<>(wallMs.keySet());
    Rounds rounds = new Rounds(w, models, exactRuns, Long.MAX_VALUE, line -> {});
    Map<Model, List<RunResult>> runs = rounds.run(clock);
    List<ModelResult> out = new ArrayList<>();
    for (Model m : models) {
      out.add(new ModelResult(m, runs.get(m), null, rounds.note(m), rounds.stoppedEarly(m)));
    }
    return new WorkloadResult("io", "test", 3, 100 * MS, "floor", out);
  }

  private static Map<Model, Long> walls(Object... modelAndMs) {
    Map<Model, Long> m = new EnumMap<>(Model.class);
    for (int i = 0; i < modelAndMs.length; i += 2) {
      m.put((Model) modelAndMs[i], ((Number) modelAndMs[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void rounds_aModelOverTenTimesTheFastestAndOver5s_stopsAfterOneRunAndSaysSo() {
    Map<Model, Long> walls =
        walls(
            Model.SEQUENTIAL, 17_200,
            Model.THREADS, 2_950,
            Model.VIRTUAL, 210,
            Model.PROCESSES, 10_100,
            Model.AUTO, 200);
    Clock clock = new Clock(walls);

    WorkloadResult w = schedule(0, walls, clock);

    for (Model slow : List.of(Model.SEQUENTIAL, Model.PROCESSES)) {
      ModelResult r = w.of(slow).orElseThrow();
      assertThat(clock.runs.get(slow)).as(slow.label()).isEqualTo(1);
      assertThat(clock.warmUps.get(slow)).isEqualTo(1);
      assertThat(r.stoppedEarly()).isTrue();
      assertThat(r.note())
          .startsWith("stopped early: clearly behind, 1 run (")
          .contains("the slowest run of virtual, the fastest (210 ms)");
    }
    assertThat(w.of(Model.SEQUENTIAL).orElseThrow().note()).contains("(17.2 s) at 82x");
    // threads is 14x behind but a run costs under 5 s: it gets its 3 runs; so do the fast ones
    for (Model kept : List.of(Model.THREADS, Model.VIRTUAL, Model.AUTO)) {
      assertThat(clock.runs.get(kept)).as(kept.label()).isEqualTo(Rounds.MIN_RUNS);
      assertThat(w.of(kept).orElseThrow().stoppedEarly()).isFalse();
    }
    assertThat(w.ranking().fastest().model()).isEqualTo(Model.VIRTUAL);

    String table = TextReport.table(w);
    assertThat(table)
        .containsPattern(
            "sequential +17\\.2 s \\(1 run\\) .* 1  1 \\(stopped early: clearly behind\\)")
        .contains("sequential: stopped early: clearly behind");
    BenchResult result =
        new BenchResult(new Machine(2, "25", "Linux", "cpu"), 0, List.of(w), 1, null, null);
    assertThat(Exports.csv(result))
        .contains("stopped_early")
        .contains("io,sequential,17.200000,,17.200000,17.200000,17.200000,1,1,0,false,true");
    assertThat(Exports.markdown(result))
        .contains("| `sequential` | 17.200 | 17.200 |")
        .contains("- `sequential`: stopped early: clearly behind, 1 run");
    assertThat(dev.fanout.jobs.report.HtmlReport.render(result))
        .contains("sequential <span class=\"note\">stopped early: clearly behind</span>");
    var json =
        BenchJson.tree(new com.fasterxml.jackson.databind.ObjectMapper(), result).get("results");
    assertThat(json.get(0).get("stopped_early").asBoolean()).isTrue();
    assertThat(json.get(0).get("stddev").isNull()).isTrue();
    assertThat(json.get(1).get("stopped_early").asBoolean()).isFalse();
  }

  @Test
  void rounds_twoTimesBehindOrUnder5s_isNotClearlyBehind() {
    Map<Model, Long> walls =
        walls(Model.THREADS, 3_000, Model.PROCESSES, 6_500, Model.VIRTUAL, 400, Model.ASYNC, 4_900);
    Clock clock = new Clock(walls);

    WorkloadResult w = schedule(0, walls, clock);

    // processes: 6.5 s is over 5 s and over 10 x 400 ms: clearly behind
    assertThat(w.of(Model.PROCESSES).orElseThrow().stoppedEarly()).isTrue();
    // async: 12x behind, yet one run costs under 5 s
    assertThat(clock.runs.get(Model.ASYNC)).isEqualTo(Rounds.MIN_RUNS);
    assertThat(clock.runs.get(Model.THREADS)).isEqualTo(Rounds.MIN_RUNS);

    Map<Model, Long> close = walls(Model.THREADS, 6_000, Model.PROCESSES, 13_000);
    Clock again = new Clock(close);
    WorkloadResult w2 = schedule(0, close, again);
    // 2.2x behind: repeated like any other model
    assertThat(again.runs.get(Model.PROCESSES)).isEqualTo(Rounds.MIN_RUNS);
    assertThat(w2.of(Model.PROCESSES).orElseThrow().stoppedEarly()).isFalse();
    assertThat(w2.of(Model.PROCESSES).orElseThrow().note()).isEmpty();
  }

  @Test
  void rounds_exactRunCount_runsEveryModelThatOften() {
    Map<Model, Long> walls = walls(Model.SEQUENTIAL, 17_000, Model.VIRTUAL, 200);
    Clock clock = new Clock(walls);

    WorkloadResult w = schedule(2, walls, clock);

    assertThat(clock.runs).containsEntry(Model.SEQUENTIAL, 2).containsEntry(Model.VIRTUAL, 2);
    assertThat(w.of(Model.SEQUENTIAL).orElseThrow().stoppedEarly()).isFalse();
  }

  @Test
  void ranking_runnerUpStoppedEarly_itsOneRunStillLetsTheFastestWin() {
    Map<Model, Long> walls = walls(Model.SEQUENTIAL, 17_000, Model.VIRTUAL, 200);

    WorkloadResult w = schedule(0, walls, new Clock(walls));

    assertThat(w.ranking().clear()).isTrue();
    assertThat(w.ranking().reason())
        .startsWith("virtual beats sequential by 85.0x, beyond the noise")
        .contains("sequential 17.0 s (1 run)");
    // without the early stop a single run is still no evidence
    ModelResult one =
        new ModelResult(Model.SEQUENTIAL, w.of(Model.SEQUENTIAL).orElseThrow().runs(), null, "");
    WorkloadResult plain =
        new WorkloadResult(
            "io", "test", 3, 100 * MS, "floor", List.of(one, w.of(Model.VIRTUAL).orElseThrow()));
    assertThat(plain.ranking().clear()).isFalse();
  }
}
