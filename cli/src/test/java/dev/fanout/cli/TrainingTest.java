package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The training run behind the launchers' start-up cache: a command that fails there costs every
 * later start its cache (the launchers make none), and nobody would see why, since it is silent.
 */
class TrainingTest {
  @Test
  void everyTrainingCommand_exitsZero() throws Exception {
    assertThat(Training.train(Training.Kind.COMMANDS)).isEmpty();
  }

  @Test
  void everyFetchTrainingCommand_exitsZero() throws Exception {
    assertThat(Training.train(Training.Kind.FETCH)).isEmpty();
    assertThat(Training.train(Training.Kind.FETCH_ASYNC)).isEmpty();
  }
}
