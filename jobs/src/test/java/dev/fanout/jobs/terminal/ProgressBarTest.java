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

  @Test
  void above_linesPrintedDuringTheBar_eachStartsOnAClearedLineAndIsWrittenWhole() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = drawnOf3(err);
    bar.above().print("fetch: http://h/a: ");
    bar.above().println("connection refused");
    bar.above().print("no newline yet");
    bar.close();

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("\r\u001b[Kfetch: http://h/a: connection refused\n");
    assertThat(text).contains("\r\u001b[Kno newline yet\n");
    assertThat(text.indexOf("connection refused"))
        .as("the line is not appended to the bar's text")
        .isGreaterThan(text.indexOf("] 0/3"));
    assertThat(text).doesNotContain("0/3fetch");
  }

  @Test
  void cleared_writesOnAClearedLine_andTheBarIsNotDrawnInsideIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressBar bar = drawnOf3(err);
    bar.cleared(
        () -> {
          err.print("job output, part 1;");
          try {
            Thread.sleep(250); // more than two redraws
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          err.print(" part 2\n");
        });
    bar.close();

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("0/3\u001b[K\r\u001b[Kjob output, part 1; part 2\n");
  }

  /** A bar of 3 items on {@code err}, once its painter has drawn it at least once. */
  private static ProgressBar drawnOf3(PrintStream err) throws InterruptedException {
    ProgressBar bar = new ProgressBar(err, 3, r -> "");
    Thread.sleep(150);
    return bar;
  }
}
