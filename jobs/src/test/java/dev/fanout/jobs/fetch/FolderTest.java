package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The journal is written ahead of each move, and the next run finishes a move a kill cut off. */
@Timeout(10)
class FolderTest {
  @TempDir Path dir;

  @Test
  void store_journalsTheFileAndMovesTheBodyIntoPlace() throws Exception {
    String url = "http://h/a.txt";
    try (Folder f = Folder.open(dir, false, w -> {})) {
      Files.writeString(Folder.partFile(dir, url), "body");
      f.store(url, f.nameFor(url));
    }

    assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("body");
    assertThat(Journal.done(dir)).containsExactly(url);
    assertThat(Folder.partFile(dir, url)).doesNotExist();
  }

  /** A kill between the journal line and the move: the line is there, the body is still partial. */
  @Test
  void open_journaledButNotMoved_finishesTheMoveAndCountsItDone() throws Exception {
    String url = "http://h/b.txt";
    Files.writeString(dir.resolve(Journal.NAME), url + "\tb.txt\n", StandardCharsets.UTF_8);
    Files.writeString(Folder.partFile(dir, url), "whole body");
    List<String> warnings = new ArrayList<>();

    try (Folder f = Folder.open(dir, false, warnings::add)) {
      assertThat(f.done()).containsExactly(url);
      assertThat(f.nameFor(url)).isEqualTo("b.txt");
    }

    assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("whole body");
    assertThat(Folder.partFile(dir, url)).doesNotExist();
    assertThat(warnings).isEmpty();
  }

  /**
   * A journaled file that is gone with nothing to finish it from is fetched again into its name,
   * said once.
   */
  @Test
  void open_journaledFileMissing_isNotDoneAndWarns() throws Exception {
    Files.writeString(
        dir.resolve(Journal.NAME),
        "http://h/c.txt\tc.txt\nhttp://h/d.txt\td.txt\n",
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("d.txt"), "kept");
    List<String> warnings = new ArrayList<>();

    try (Folder f = Folder.open(dir, false, warnings::add)) {
      assertThat(f.done()).containsExactly("http://h/d.txt");
      assertThat(f.nameFor("http://h/c.txt")).isEqualTo("c.txt");
      assertThat(f.nameFor("http://g/c.txt")).isEqualTo("c-2.txt");
    }

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("http://h/c.txt", "c.txt", "not there", "fetched again");
  }
}
