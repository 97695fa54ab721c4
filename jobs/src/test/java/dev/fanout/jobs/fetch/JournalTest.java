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
  void read_lastLineCutInsideAUtf8Character_isSkippedWithOneWarning() throws Exception {
    byte[] whole = "http://h/1\th_1\n".getBytes(StandardCharsets.UTF_8);
    byte[] cut = "http://h/\u00e9t\u00e9\t\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] torn = java.util.Arrays.copyOf(cut, cut.length - 1); // half of the last character
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes(whole);
    b.writeBytes(torn);
    Files.write(dir.resolve(Journal.NAME), b.toByteArray());
    java.util.List<String> warnings = new java.util.ArrayList<>();

    assertThat(Journal.read(dir, warnings::add)).containsOnlyKeys("http://h/1");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("torn line").contains("fetched again");
  }

  @Test
  void read_completeLineThatIsNotUtf8_isSkippedNotFatal() throws Exception {
    Files.write(
        dir.resolve(Journal.NAME),
        new byte[] {'h', 't', 't', 'p', (byte) 0xc3, '\t', 'x', '\n', 'u', '\t', 'f', '\n'});
    java.util.List<String> warnings = new java.util.ArrayList<>();

    assertThat(Journal.read(dir, warnings::add)).containsOnlyKeys("u");
    assertThat(warnings).hasSize(1);
  }

  @Test
  void done_lineReachesTheFileWithin200msWithoutFlushOrClose() throws Exception {
    Journal j = Journal.open(dir);
    try {
      j.done("http://h/1", "one");
      long deadline = System.nanoTime() + 200_000_000L;
      while (System.nanoTime() < deadline && Files.size(dir.resolve(Journal.NAME)) == 0) {
        Thread.sleep(10);
      }
      assertThat(Files.readString(dir.resolve(Journal.NAME))).isEqualTo("http://h/1\tone\n");
    } finally {
      j.close();
    }
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
