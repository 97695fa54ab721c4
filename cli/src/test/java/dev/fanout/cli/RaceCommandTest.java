package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class RaceCommandTest {

  @ParameterizedTest
  @EnumSource(Model.class)
  void race_everyModel_safeCounterLosesNothing(Model model) {
    assumeTrue(CpuCommandTest.available(model), model + " is not in this build");
    CliRun r = CliRun.of("race", "-m", model.label(), "-w", "2", "-t", "4", "-k", "1000");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("race: 4 tasks x 1000 increments of one shared counter, on " + model.label())
        .containsPattern("unsafe \\(read, pause, write\\)\\s+expected 4000 ")
        .containsPattern(
            "safe   \\(atomic increment\\)\\s+expected 4000 .* 4000  lost 0 \\(0.0%\\)");
  }

  @ParameterizedTest
  @EnumSource(
      value = Model.class,
      names = {"SEQUENTIAL", "ASYNC"})
  void race_oneThread_losesNoUnsafeUpdate(Model model) {
    CliRun r = CliRun.of("race", "-m", model.label(), "-t", "3", "-k", "500", "--mode", "unsafe");
    assertThat(r.out()).contains("expected 1500  observed 1500  lost 0 (0.0%)");
    assertThat(r.out()).doesNotContain("safe   (atomic");
    assertThat(r.err()).contains("one thread ran each task to its end");
  }

  @Test
  void race_processes_showsPerWorkerCountsAndTheirMergedSum() {
    assumeTrue(CpuCommandTest.available(Model.PROCESSES), "processes is not in this build");
    CliRun r = CliRun.of("race", "-m", "processes", "-w", "2", "-t", "4", "-k", "1000");
    assertThat(r.out()).contains("its own counter").contains("merged sum 4000  lost 0");
    assertThat(r.err()).contains("its own memory");
  }

  @Test
  void race_badSizes_exitTwo() {
    CliRun r = CliRun.of("race", "--tasks", "0");
    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--tasks must be between 1 and 1000000");
  }
}
