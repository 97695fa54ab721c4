package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    // what would otherwise wait out the connect timeout (10 s) before failing
    assertThatThrownBy(() -> parse("--members", "127.0.0.1:99999").builder())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("the port must be within 1..65535");
    assertThatThrownBy(
            () -> parse("--members", "127.0.0.1:5701,no-such-host.invalid:5701").builder())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("the host 'no-such-host.invalid' is not known here");
  }

  @Test
  void model_unknownValueNamesTheValidOnes() {
    assertThatThrownBy(() -> parse("-m", "greenlets"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("greenlets");
  }

  @Test
  void builder_carriesTaskTimeoutAndFailFast() {
    Options o = parse("--task-timeout", "1.5s", "--fail-fast").builder().options();

    assertThat(o.taskTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(o.failFast()).isTrue();
    assertThat(parse().builder().options().taskTimeout()).isZero();
    assertThat(parse().builder().options().failFast()).isFalse();
  }

  @Test
  void builder_rangesSayWhatWasGivenAndWhatIsAllowed() {
    assertThatThrownBy(() -> parse("-w", "100000").builder())
        .hasMessage("--workers must be between 1 and 4096 on threads, got 100000");
    assertThatThrownBy(() -> parse("-m", "processes", "-w", "1000").builder())
        .hasMessage("--workers must be between 1 and 256 on processes, got 1000");
    assertThatThrownBy(() -> parse("-c", "2147483647").builder())
        .hasMessage("--concurrency must be between 1 and 1000000, got 2147483647");
    assertThatThrownBy(() -> parse("--threads-per-worker", "99999").builder())
        .hasMessageContaining("--threads-per-worker must be between 1 and 4096");
  }

  @Test
  void taskTimeout_outOfRangeOrNonsenseIsAParameterError() {
    assertThatThrownBy(() -> parse("--task-timeout", "9999999999999"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("at most 365 days");
    assertThatThrownBy(() -> parse("--task-timeout", "0")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> parse("--task-timeout", "soon"))
        .hasMessageContaining("'soon' is not a duration");
    assertThat(new DurationConverter().convert("250ms"))
        .isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(new DurationConverter().convert("2m")).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(new DurationConverter().convert("1h")).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(new DurationConverter().convert("0.5")).isEqualTo(java.time.Duration.ofMillis(500));
  }

  @Test
  void builder_carriesWorkerJvmAndClusterConnectSettings() {
    Options o =
        parse(
                "-m",
                "processes",
                "--worker-jvm-arg",
                "-Xmx64m",
                "--worker-jvm-arg",
                "-Dnote=a b",
                "--no-worker-cds")
            .builder()
            .options();

    assertThat(o.workerJvmArgs()).containsExactly("-Xmx64m", "-Dnote=a b");
    assertThat(o.workerCds()).isFalse();
    assertThat(parse().builder().options().workerCds()).isTrue();
    assertThat(parse("-m", "cluster", "--cluster-connect-timeout", "3s").builder().options())
        .extracting(Options::clusterConnectTimeout)
        .isEqualTo(java.time.Duration.ofSeconds(3));
    assertThatThrownBy(() -> parse("--worker-jvm-arg", " ").builder())
        .isInstanceOf(UsageException.class)
        .hasMessage("--worker-jvm-arg must not be blank");
  }

  @Test
  void durationConverter_readsDecimalsExactlyAndNothingElse() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("0.1s")).isEqualTo(java.time.Duration.ofMillis(100));
    assertThat(c.convert("1.5ms")).isEqualTo(java.time.Duration.ofNanos(1_500_000));
    assertThat(c.convert("0.001")).isEqualTo(java.time.Duration.ofMillis(1));
    assertThat(c.convert("+2.5m")).isEqualTo(java.time.Duration.ofSeconds(150));
    assertThat(c.convert("8760h")).isEqualTo(DurationConverter.MAX);
    assertThatThrownBy(() -> c.convert("8760.001h")).hasMessageContaining("at most 365 days");
    assertThatThrownBy(() -> c.convert("-1s")).hasMessageContaining("above 0");
    for (String nonsense : List.of("10d", "1e3", "1.2.3s", ".s", "", "NaN", "Infinity", "0x10")) {
      assertThatThrownBy(() -> c.convert(nonsense))
          .as(nonsense)
          .hasMessageContaining("is not a duration");
    }
  }

  @Test
  void cacheDir_onProcesses_isMadeAndGivenAbsolute(@TempDir Path dir) {
    Path cache = dir.resolve("my cache");

    Options o = parse("-m", "processes", "--cache-dir", cache.toString()).builder().options();

    assertThat(o.cacheDir()).isEqualTo(cache.toAbsolutePath());
    assertThat(cache).isDirectory();
  }

  @Test
  void cacheDir_aFileInTheWay_isAUsageErrorSayingWhatToDo(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    assertThatThrownBy(
            () -> parse("-m", "processes", "--cache-dir", file.resolve("sub").toString()).builder())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--cache-dir " + file.resolve("sub"))
        .hasMessageContaining("--no-worker-cds");
  }

  @Test
  void cacheDir_onThreads_makesNoFolderAndWarnsItHasNoEffect(@TempDir Path dir) {
    Path cache = dir.resolve("unused");
    List<String> log = new CopyOnWriteArrayList<>();

    try (Fanout f =
        parse("-m", "threads", "--cache-dir", cache.toString()).builder().log(log::add).build()) {
      assertThat(f.options().model()).isEqualTo(Model.THREADS);
    }

    assertThat(cache).doesNotExist();
    assertThat(log)
        .containsExactly(
            "warning: cacheDir "
                + cache
                + " has no effect on threads: only processes keeps its worker JVMs' archive there");
  }
}
