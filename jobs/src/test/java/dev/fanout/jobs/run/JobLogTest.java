package dev.fanout.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLogTest {
  @TempDir Path dir;

  private static JobResult result(int exit, int signal) {
    return new JobResult(
        exit,
        signal,
        new byte[3],
        new byte[2],
        1_700_000_000_123L,
        1_500_000_000L,
        1,
        false,
        ":",
        1,
        null);
  }

  @Test
  void write_gnuParallelColumns() throws IOException {
    Path f = dir.resolve("log");
    try (JobLog log = JobLog.open(f, false)) {
      log.write(1, result(0, 0), "echo 'a b'");
    }
    assertThat(Files.readAllLines(f))
        .containsExactly(
            "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand",
            "1\t:\t1700000000.123\t     1.500\t0\t5\t0\t0\techo 'a b'");
  }

  @Test
  void resume_tornLastLineIgnoredAndCutBeforeAppending() throws IOException {
    Path f = dir.resolve("log");
    try (JobLog log = JobLog.open(f, false)) {
      log.write(1, result(0, 0), "true");
      log.write(2, result(1, 0), "false");
    }
    Files.writeString(f, "3\t:\t1700000000.1", java.nio.file.StandardOpenOption.APPEND);
    assertThat(JobLog.read(f).keySet()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(JobLog.read(f).get(2L).ok()).isFalse();
    try (JobLog log = JobLog.open(f, true)) {
      log.write(3, result(0, 15), "sleep 9");
    }
    List<String> lines = Files.readAllLines(f);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3)).startsWith("3\t:\t").endsWith("\t0\t15\tsleep 9");
    assertThat(JobLog.read(f).get(3L).ok()).isFalse();
  }

  @Test
  void read_notAJoblog_saysWhichLine() throws IOException {
    Path f = Files.writeString(dir.resolve("x"), "Seq\tHost\nhello world\n");
    assertThatThrownBy(() -> JobLog.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2 is not a joblog line");
  }
}
