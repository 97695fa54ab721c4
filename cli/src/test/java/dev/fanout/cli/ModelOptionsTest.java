package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Model;
import dev.fanout.Options;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelOptionsTest {

  private static ModelOptions parse(String... args) {
    ModelOptions options = new ModelOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void builder_carriesEveryProcessesSetting() {
    Options o =
        parse(
                "-m",
                "processes",
                "-w",
                "3",
                "--chunk-size",
                "16",
                "--max-tasks-per-worker",
                "100",
                "--threads-per-worker",
                "2")
            .builder()
            .options();

    assertThat(o.model()).isEqualTo(Model.PROCESSES);
    assertThat(o.workers()).isEqualTo(3);
    assertThat(o.chunkSize()).isEqualTo(16);
    assertThat(o.maxTasksPerWorker()).isEqualTo(100);
    assertThat(o.threadsPerWorker()).isEqualTo(2);
  }

  @Test
  void builder_rejectsNonsenseNamingTheOption() {
    assertThatThrownBy(() -> parse("--chunk-size", "0").builder())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--chunk-size");
    assertThatThrownBy(() -> parse("--workers", "0").builder()).hasMessageContaining("--workers");
    assertThatThrownBy(() -> parse("--members", "nohost").builder())
        .hasMessageContaining("HOST:PORT");
  }

  @Test
  void model_unknownValueNamesTheValidOnes() {
    assertThatThrownBy(() -> parse("-m", "greenlets"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("greenlets");
  }
}
