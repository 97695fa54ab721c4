package dev.fanout.jobs.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void line_knownTotal_barCountMiddleEtaAndFailures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, r -> "  MID")) {
      bar.finished();
      bar.finished();
      bar.failed();

      assertThat(bar.line())
          .startsWith("[############............] 2/4  MID  ETA ")
          .endsWith("  1 failed");
    }
  }

  @Test
  void line_unknownTotal_countOnlyAndNoEta() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), -1, r -> "")) {
      bar.finished();

      assertThat(bar.line()).isEqualTo("1 done");
    }
  }

  @Test
  void close_clearsTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1, r -> "");
    bar.close();

    assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("\r\u001b[K");
  }
}
