package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class JournalTest {
  @TempDir Path dir;

  @Test
  void done_afterAppends_returnsEveryUrl() throws Exception {
    try (Journal j = Journal.open(dir)) {
      j.done("http://h/1", "h_1");
      j.done("http://h/2", "h_2");
    }

    assertThat(Journal.done(dir)).containsExactlyInAnyOrder("http://h/1", "http://h/2");
  }

  @Test
  void done_tornLastLine_isIgnoredAndTheNextAppendStartsClean() throws Exception {
    Files.writeString(
        dir.resolve(Journal.NAME), "http://h/1\th_1\nhttp://h/2", StandardCharsets.UTF_8);

    assertThat(Journal.done(dir)).containsExactly("http://h/1");

    try (Journal j = Journal.open(dir)) {
      j.done("http://h/3", "h_3");
    }
    assertThat(Journal.done(dir)).containsExactlyInAnyOrder("http://h/1", "http://h/3");
  }

  @Test
  void done_noJournal_isEmpty() throws Exception {
    assertThat(Journal.done(dir)).isEmpty();
    Files.writeString(dir.resolve("x"), "", StandardOpenOption.CREATE);
  }

  @Test
  void urlSource_skipsBlanksAndCommentsAndNumbersLines() {
    String text = "\uFEFFhttp://a\n\n  # comment\n  http://b  \n#x\nhttp://c";
    try (UrlSource s = new UrlSource(new BufferedReader(new StringReader(text)))) {
      assertThat(s)
          .toIterable()
          .containsExactly(
              new UrlSource.Line(1, "http://a"),
              new UrlSource.Line(4, "http://b"),
              new UrlSource.Line(6, "http://c"));
    }
  }
}
