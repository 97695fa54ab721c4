package dev.fanout.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.cli.ExitCode;
import dev.fanout.jobs.fetch.Journal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile URL lists for {@code fetch --out}: each bad line gets a clear error naming its line or a
 * safe file name, nothing is written outside {@code --out}, and the rest of the list goes on.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileInputTest {
  @TempDir Path dir;

  @Test
  void fetch_hostileList_safeNamesInsideOutClearErrorsPerLineAndTheRestFetched() throws Exception {
    try (CountingServer server = new CountingServer()) {
      String base = server.url("");
      String longName = base + "/" + "n".repeat(400);
      List<String> escapes =
          List.of(
              base + "/../../../../escape-dotdot",
              base + "/%2e%2e%2f%2e%2e%2fescape-encoded",
              base + "/..%2F..%2Fescape-encoded-upper",
              base + "//tmp/escape-absolute",
              base + "/%00escape-nul",
              longName);
      ByteArrayOutputStream list = new ByteArrayOutputStream();
      for (String u : escapes) { // lines 1-6
        list.writeBytes((u + "\n").getBytes(StandardCharsets.UTF_8));
      }
      list.writeBytes((base + "/bad-\u0000-raw-nul\n").getBytes(StandardCharsets.UTF_8)); // 7
      list.writeBytes((base + "/not-utf8-").getBytes(StandardCharsets.US_ASCII)); // 8
      list.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, '\n'});
      list.writeBytes(
          (base + "/q?" + "a".repeat(10 << 20) + "\n").getBytes(StandardCharsets.UTF_8));
      list.writeBytes((base + "/twice\n" + base + "/twice\n").getBytes(StandardCharsets.UTF_8));
      list.writeBytes((base + "/after-all-that\n").getBytes(StandardCharsets.UTF_8)); // 12
      Path urls = dir.resolve("hostile.txt");
      Files.write(urls, list.toByteArray());
      Path out = dir.resolve("out");

      try (Child c =
          Child.run(
              dir, 0, 80, "fetch", "-m", "virtual", "--out", out.toString(), urls.toString())) {
        String err = c.err();
        assertThat(c.exit()).as(Child.tail(err)).isEqualTo(ExitCode.SOME_FAILED);
        assertThat(err).doesNotContain("\tat ", "Exception in thread");
        assertThat(err.length())
            .as("a 10 MB line must not become a 10 MB message")
            .isLessThan(20_000);
        assertThat(err).containsPattern("fetch: line 7: .*malformed URL");
        assertThat(err).containsPattern("fetch: line 8: .*not UTF-8");
        assertThat(err).containsPattern("fetch: line 9: .*URL too long: 104857\\d\\d characters");
        assertThat(err.lines().filter(l -> l.startsWith("fetch: line "))).hasSize(3);
        assertThat(err).contains("fetched 8/11 ok, 3 failed").contains("1 skipped");
      }
      // nothing escaped: the temp dir holds only what the test made, and out holds plain files
      try (Stream<Path> all = Files.walk(dir)) {
        assertThat(all.filter(p -> p.getFileName().toString().contains("escape")))
            .allMatch(p -> p.getParent().equals(out));
      }
      try (Stream<Path> files = Files.list(out)) {
        List<Path> stored = files.toList();
        assertThat(stored).allMatch(Files::isRegularFile);
        assertThat(stored)
            .allMatch(
                p -> p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255);
        // six escapes, 'twice' once, and the last line (the journal and the lock start with .)
        assertThat(stored).filteredOn(p -> !p.getFileName().toString().startsWith(".")).hasSize(8);
      }
      // one file per URL: a repeated line is skipped (two fetches would share one partial file)
      assertThat(server.count("/twice")).isEqualTo(1);
      assertThat(Journal.done(out)).hasSize(8);
    }
  }

  @Test
  void fetch_emptyList_exitsZeroWithNothingFetched() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.txt"));

    try (Child c = Child.run(dir, 0, 60, "fetch", empty.toString())) {
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(c.err()).contains("fetched 0/0 ok, 0 failed");
    }
  }

  @Test
  void fetch_directoryAsTheList_isAUsageErrorSayingSo() throws Exception {
    try (Child c = Child.run(dir, 0, 60, "fetch", dir.toString())) {
      assertThat(c.exit()).isEqualTo(ExitCode.USAGE);
      assertThat(c.err()).contains("is a directory").doesNotContain("\tat ");
    }
  }
}
