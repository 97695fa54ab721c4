package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers out of range are usage errors found before anything runs, named with what is allowed
 * (regressions: each of these once ran out of memory, overflowed, or failed every task).
 */
class RangesCommandTest {
  @TempDir Path dir;

  @Test
  void cpu_hugeWorkerCount_isAUsageErrorNotAnOutOfMemory() throws Exception {
    Cli r = Cli.run(dir, null, "cpu", "-w", "100000");

    assertThat(r.exit).isEqualTo(ExitCode.USAGE);
    assertThat(r.err.strip())
        .isEqualTo("fanout: --workers must be between 1 and 4096 on threads, got 100000");
  }

  @Test
  void race_hugeTaskCount_isAUsageError() throws Exception {
    Cli r = Cli.run(dir, null, "race", "-t", "2147483647");

    assertThat(r.exit).isEqualTo(ExitCode.USAGE);
    assertThat(r.err).contains("--tasks must be between 1 and 1000000, got 2147483647");
  }

  @Test
  void fetch_hugeRetriesOrTimeout_areUsageErrors() throws Exception {
    Cli retries = Cli.run(dir, null, "fetch", "--retries", "2147483647", "http://127.0.0.1:9/");
    Cli timeout = Cli.run(dir, null, "fetch", "--timeout", "9999999999999", "http://127.0.0.1:9/");

    assertThat(retries.exit).isEqualTo(ExitCode.USAGE);
    assertThat(retries.err).contains("--retries must be between 0 and 100, got 2147483647");
    assertThat(timeout.exit).isEqualTo(ExitCode.USAGE);
    assertThat(timeout.err).contains("'9999999999999' is out of range").contains("365 days");
  }

  @Test
  void cpu_taskTimeout_failsEachLateTaskWithATimeout() throws Exception {
    Cli r =
        Cli.run(
            dir, null, "cpu", "--count", "2", "--base", "3000000", "--task-timeout", "1ms", "-q");

    assertThat(r.exit).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.err).contains("ran longer than the task timeout of 1 ms");
  }

  @Test
  void cpu_failFast_cancelsTheRestAfterTheFirstFailure() throws Exception {
    Cli r =
        Cli.run(
            dir,
            null,
            "cpu",
            "-w",
            "1",
            "--count",
            "4",
            "--base",
            "3000000",
            "--task-timeout",
            "1ms",
            "--fail-fast",
            "-q");

    assertThat(r.exit).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.err).contains("ran longer than the task timeout").contains("fail-fast");
  }
}
