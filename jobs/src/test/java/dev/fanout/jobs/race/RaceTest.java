package dev.fanout.jobs.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.cpu.ModelsInBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class RaceTest {
  static final int TASKS = 4;
  static final long INCREMENTS = 2_000;

  @ParameterizedTest
  @EnumSource(Model.class)
  void run_safe_everyModel_losesNothing(Model model) {
    assumeTrue(ModelsInBuild.available(model), model + " is not in this build");
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      Race.Result r = Race.run(f, TASKS, INCREMENTS, true);
      assertThat(r.failed()).isZero();
      assertThat(r.expected()).isEqualTo(TASKS * INCREMENTS);
      assertThat(r.observed()).isEqualTo(r.expected());
      assertThat(r.memories().stream().mapToLong(Race.Memory::tasks).sum()).isEqualTo(TASKS);
    }
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void run_unsafe_everyModel_neverCountsMoreThanExpected(Model model) {
    assumeTrue(ModelsInBuild.available(model), model + " is not in this build");
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      Race.Result r = Race.run(f, TASKS, INCREMENTS, false);
      assertThat(r.failed()).isZero();
      assertThat(r.observed()).isBetween(1L, r.expected());
      assertThat(r.lost()).isEqualTo(r.expected() - r.observed());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Model.class,
      names = {"SEQUENTIAL", "ASYNC"})
  void run_unsafe_oneThread_losesNothing(Model model) {
    // one thread runs every task to its end before the next: nobody can step in mid-update
    try (Fanout f = Fanout.of(model)) {
      Race.Result r = Race.run(f, TASKS, INCREMENTS, false);
      assertThat(r.lost()).isZero();
      assertThat(r.separateMemories()).isFalse();
      assertThat(r.memories()).singleElement().satisfies(m -> assertThat(m.local()).isTrue());
    }
  }

  @Test
  void run_processes_eachWorkerCountsInItsOwnMemory() {
    assumeTrue(ModelsInBuild.available(Model.PROCESSES), "processes is not in this build");
    try (Fanout f = Fanout.builder().model(Model.PROCESSES).workers(2).build()) {
      Race.Result r = Race.run(f, TASKS, INCREMENTS, false);
      assertThat(r.separateMemories()).isTrue();
      assertThat(r.memories())
          .allSatisfy(
              m -> {
                assertThat(m.local()).isFalse();
                assertThat(m.pid()).isNotEqualTo(ProcessHandle.current().pid());
                // one task at a time per worker process: its own counter loses nothing
                assertThat(m.counter()).isEqualTo(m.tasks() * INCREMENTS);
              });
      assertThat(r.lost()).isZero();
    }
  }

  @Test
  void run_badSizes_areRejected() {
    try (Fanout f = Fanout.of(Model.SEQUENTIAL)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Race.run(f, 0, 1, true))
          .hasMessageContaining("tasks");
    }
  }
}
