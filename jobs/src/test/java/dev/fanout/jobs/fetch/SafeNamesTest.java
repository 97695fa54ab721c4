package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeNamesTest {
  private static final List<String> HOSTILE =
      List.of(
          "http://h/../../etc/passwd",
          "http://h/%2e%2e/%2e%2e/x",
          "http://h/..",
          "http://h/%2e%2e",
          "..",
          "/etc/passwd",
          "http://h/a%00b",
          "http://h/a%2F..%2F..%2Fb",
          "http://h/a\\..\\b",
          "http://h/.bashrc",
          "http://h/%1b%5b31mred",
          "http://h/" + "x".repeat(5000),
          "http://h/\u00e9t\u00e9/\u65e5\u672c",
          "");

  @Test
  void base_hostileUrls_oneSafeSegmentEach() {
    for (String url : HOSTILE) {
      String name = SafeNames.base(url);
      assertThat(name).as(url).isNotEmpty().doesNotContain("/", "\\", "\u0000", "\u001b");
      assertThat(name).as(url).isNotIn(".", "..").doesNotStartWith(".");
      assertThat(name.getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(SafeNames.MAX_BYTES);
    }
  }

  @Test
  void base_likeCurlO_lastSegmentDecodedWithoutQuery() {
    assertThat(SafeNames.base("http://h/dir/report%20final.pdf?x=1#top"))
        .isEqualTo("report final.pdf");
    assertThat(SafeNames.base("http://user:secret@h:8080/a/b.tar.gz")).isEqualTo("b.tar.gz");
    assertThat(SafeNames.base("http://h/dir/")).isEqualTo("index.html");
    assertThat(SafeNames.base("http://h")).isEqualTo("index.html");
    assertThat(SafeNames.base("http://h/\u65e5\u672c.txt")).isEqualTo("\u65e5\u672c.txt");
  }

  @Test
  void tree_likeWgetX_hostPortAndPathWithoutUserinfo() {
    assertThat(SafeNames.tree("http://user:pw@Example.COM:8080/a/../b/c.txt?q"))
        .containsExactly("example.com_8080", "b", "c.txt");
    assertThat(SafeNames.tree("https://h/")).containsExactly("h", "index.html");
  }

  @Test
  void folder_urlsThatLookAlike_neverShareAFileAndNoUserinfo(@TempDir Path dir) throws Exception {
    List<String> urls =
        List.of(
            "http://h/a",
            "https://h/a",
            "http://h/A",
            "http://user:pass@h/a",
            "http://h/x/a",
            "http://h/a?b",
            "http://h/" + "y".repeat(300) + "1",
            "http://h/" + "y".repeat(300) + "2");
    Set<String> folded = new HashSet<>();
    List<String> names = new ArrayList<>();
    try (Folder f = Folder.open(dir, false, w -> {})) {
      for (String url : urls) {
        String name = f.nameFor(url);
        names.add(name);
        folded.add(name.toLowerCase(Locale.ROOT));
        assertThat(name).doesNotContain("user", "pass");
        assertThat(f.nameFor(url)).as("the same URL keeps its name").isEqualTo(name);
      }
    }
    assertThat(folded).hasSize(urls.size());
    assertThat(names.subList(0, 4)).containsExactly("a", "a-2", "A-3", "a-4");
  }

  @Test
  void folder_fileAlreadyThere_isNeverOverwrittenAndJournaledNamesComeBack(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("data.csv"), "mine");
    Files.writeString(dir.resolve("README"), "mine");
    try (Folder f = Folder.open(dir, false, w -> {})) {
      assertThat(f.nameFor("http://h/data.csv")).isEqualTo("data-2.csv");
      assertThat(f.nameFor("http://h/readme")).isEqualTo("readme-2");
      f.journal().done("http://h/data.csv", "data-2.csv");
    }
    try (Folder f = Folder.open(dir, false, w -> {})) {
      assertThat(f.nameFor("http://g/data.csv")).isEqualTo("data-3.csv");
      assertThat(f.nameFor("http://h/data.csv")).isEqualTo("data-2.csv");
    }
  }

  @Test
  void folder_tree_fileWhereAFolderMustBe_staysInsideTheHostFolder(@TempDir Path dir)
      throws Exception {
    try (Folder f = Folder.open(dir, true, w -> {})) {
      assertThat(f.nameFor("http://h/a")).isEqualTo("h/a");
      assertThat(f.nameFor("http://h/a/b")).isEqualTo("h/b");
      assertThat(f.nameFor("http://h/../../etc/passwd")).isEqualTo("h/etc/passwd");
      assertThat(f.nameFor("http://h:81/a")).isEqualTo("h_81/a");
      for (String url : HOSTILE) {
        Path p = dir.resolve(f.nameFor(url)).normalize();
        assertThat(p.startsWith(dir)).as(url).isTrue();
      }
    }
  }

  @Test
  void folder_secondOpenWhileHeld_isBusy(@TempDir Path dir) throws Exception {
    try (Folder f = Folder.open(dir, false, w -> {})) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Folder.open(dir, false, w -> {}))
          .isInstanceOf(Folder.BusyException.class)
          .hasMessageContaining("another fanout run is writing to");
    }
    Folder.open(dir, false, w -> {}).close();
  }
}
