package dev.fanout.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Model;
import dev.fanout.jobs.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --task}: the user's own Java task measured under every in-JVM model, end to end. */
@Timeout(120)
class UserWorkloadBenchTest {
  @TempDir Path dir;

  private Path inputs(int n) throws Exception {
    Path file = dir.resolve("inputs.txt");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("item-").append(i).append("\n\n"); // blank lines are skipped
    }
    Files.writeString(file, b);
    return file;
  }

  @Test
  void task_everyModel_atLeastThreeRunsWithStatistics() throws Exception {
    List<Model> models =
        List.of(Model.SEQUENTIAL, Model.THREADS, Model.VIRTUAL, Model.ASYNC, Model.AUTO);
    Bench.Config config =
        new Bench.Config(0, List.of(), models, null, 1, l -> {})
            .withBudget(java.time.Duration.ofSeconds(5))
            .withUser(UserWorkload.task(SleepyEcho.class.getName(), inputs(6)));

    BenchResult result = new Bench(config).run();

    WorkloadResult w = result.workloads().get(0);
    assertThat(w.name()).isEqualTo("task");
    assertThat(w.tasks()).isEqualTo(6);
    assertThat(w.title()).contains("6 inputs of your task " + SleepyEcho.class.getName());
    for (ModelResult m : w.models()) {
      assertThat(m.runs().size()).as(m.model().label()).isBetween(3, Rounds.MAX_RUNS);
      assertThat(m.failedTasks()).isZero();
      assertThat(m.stats().min()).isLessThanOrEqualTo(Math.round(m.stats().median()));
    }
    // six 20 ms sleeps one after another cannot beat six at once
    Stats seq = w.of(Model.SEQUENTIAL).orElseThrow().stats();
    assertThat(seq.mean()).isGreaterThan(6 * 20e6);
    assertThat(result.load().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(TextReport.render(result)).contains("task: 6 inputs", "mean ± σ", "load average");
    assertThat(HtmlReport.render(result)).contains("6 inputs of your task");
  }

  @Test
  void task_everyTaskTimesOut_stopsAfterTheFirstRoundAndNamesNoWinner() throws Exception {
    Bench.Config config =
        new Bench.Config(0, List.of(), List.of(Model.THREADS, Model.VIRTUAL), null, 1, l -> {})
            .withUser(UserWorkload.task(AlwaysTimesOut.class.getName(), inputs(3)));

    BenchResult result = new Bench(config).run();

    WorkloadResult w = result.workloads().get(0);
    for (ModelResult m : w.models()) {
      assertThat(m.runs()).hasSize(1);
      assertThat(m.note()).contains("every task failed in run 1 (3 of 3): not run again");
    }
    assertThat(w.best()).isEmpty();
    String text = TextReport.render(result);
    assertThat(text)
        .contains("No winner on the task workload: every task failed under every model")
        .contains("threads: 3 of 3 tasks failed over 1 run; the first: input item-")
        .contains("no answer from item-0 within 5 ms")
        .contains("(all failed)");
    assertThat(HtmlReport.render(result)).contains("verdict failed").doesNotContain("winner <");
    assertThat(Exports.csv(result)).contains("task,threads,").contains(",3,3,false");
  }

  @Test
  void task_notATask_clearError() throws Exception {
    Path in = inputs(1);
    assertThatThrownBy(() -> TaskWorkload.load("java.lang.String", in))
        .hasMessageContaining("is not a dev.fanout.Task");
    assertThatThrownBy(() -> TaskWorkload.load("no.such.Task", in))
        .hasMessageContaining("class no.such.Task not found")
        .hasMessageContaining("--classpath");
    assertThatThrownBy(() -> TaskWorkload.load(SleepyEcho.class.getName(), dir.resolve("none")))
        .hasMessageContaining("-a: no such file");
  }

  @Test
  void sweep_tinyLevels_measuresEveryModelAtEveryCountAndNamesWhatItShows() {
    Sweep.Levels levels = new Sweep.Levels(List.of(1, 4, 16), 16, 2, 100_000);

    SweepResult sweep = new Sweep(levels, l -> {}).run();

    assertThat(sweep.workloads()).containsExactly("io", "cpu");
    assertThat(sweep.series()).hasSize(6);
    for (SweepResult.Series s : sweep.series()) {
      assertThat(s.points()).extracting(SweepResult.Point::count).containsExactly(1, 4, 16);
      assertThat(s.points()).allMatch(p -> p.failed() == 0 && p.wallNanos() > 0);
      assertThat(s.finding()).startsWith(s.model().label() + " on " + s.workload() + ": ");
    }
    // 16 downloads of 2 ms: one at a time takes at least 32 ms
    SweepResult.Series threadsIo = sweep.of("io").get(0);
    assertThat(threadsIo.points().get(0).wallNanos()).isGreaterThan(32_000_000L);
    assertThat(SweepText.render(sweep)).contains("sweep io:", "sweep cpu:", "threads wall");
  }

  @Test
  void sweepFinding_slowerPastTheBest_namesWhereItStopsHelpingAndHurts() {
    List<SweepResult.Point> points =
        List.of(
            new SweepResult.Point(1, 1_000_000_000L, 10_000_000L, 1 << 20, 0),
            new SweepResult.Point(4, 260_000_000L, 12_000_000L, 2 << 20, 0),
            new SweepResult.Point(16, 250_000_000L, 13_000_000L, 4 << 20, 0),
            new SweepResult.Point(64, 255_000_000L, 20_000_000L, 16 << 20, 0),
            new SweepResult.Point(1000, 400_000_000L, 90_000_000L, 80 << 20, 0));
    SweepResult.Series s = new SweepResult.Series("cpu", "t", Model.THREADS, points);

    assertThat(s.enough().count()).isEqualTo(4);
    assertThat(s.hurts().count()).isEqualTo(1000);
    assertThat(s.finding())
        .contains("adding workers helps up to 4 threads")
        .contains("it hurts from 1000: 400 ms at 1000, 60% over the best")
        .contains("memory 2.0 MiB at 4, 80.0 MiB at 1000");
  }
}
