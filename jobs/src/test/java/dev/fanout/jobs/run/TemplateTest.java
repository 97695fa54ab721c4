package dev.fanout.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateTest {

  private static List<String> argv(Template t, String input, long seq, int slot) {
    return Template.join(t.argv(input, seq), slot);
  }

  @Test
  void argv_everyPlaceholder_asGnuParallel() {
    Template t =
        new Template(List.of("cmd", "{}", "{.}", "{/}", "{//}", "{/.}", "{#}", "{%}"), false);
    assertThat(argv(t, "dir.d/sub/file.tar.gz", 7, 3))
        .containsExactly(
            "cmd",
            "dir.d/sub/file.tar.gz",
            "dir.d/sub/file.tar",
            "file.tar.gz",
            "dir.d/sub",
            "file.tar",
            "7",
            "3");
    assertThat(argv(t, "plain", 1, 1))
        .containsExactly("cmd", "plain", "plain", "plain", ".", "plain", "1", "1");
    assertThat(argv(t, "a.b/c", 1, 1).subList(1, 6))
        .containsExactly("a.b/c", "a.b/c", "c", "a.b", "c");
    assertThat(argv(t, "/top", 1, 1).get(4)).isEqualTo("/");
  }

  @Test
  void argv_placeholdersInsideWords_andUnknownBracesKept() {
    Template t = new Template(List.of("echo", "pre-{}-{#}.out", "{x}", "{%}{%}"), false);
    assertThat(argv(t, "in", 12, 4)).containsExactly("echo", "pre-in-12.out", "{x}", "44");
  }

  @Test
  void argv_noPlaceholder_appendsTheInput() {
    assertThat(argv(new Template(List.of("gzip", "-k"), false), "a b.log", 1, 1))
        .containsExactly("gzip", "-k", "a b.log");
  }

  @Test
  void argv_awkwardInputs_stayOneArgumentOfText() {
    Template t = new Template(List.of("printf", "%s\\n", "{}"), false);
    for (String in : List.of("$(rm -rf ~)", "; reboot", "-n", "it's \"quoted\"", "héllo ✓", "{}")) {
      assertThat(argv(t, in, 1, 1)).containsExactly("printf", "%s\\n", in);
    }
  }

  @Test
  void shell_quotesEveryInput_soTheShellSeesText() {
    Template t = new Template(List.of("echo", "{}", "|", "tr", "a-z", "A-Z"), true);
    List<String> a = argv(t, "it's $(x); `y`", 2, 1);
    assertThat(a.subList(0, 2)).containsExactly("/bin/sh", "-c");
    assertThat(a.get(2)).isEqualTo("echo 'it'\\''s $(x); `y`' | tr a-z A-Z");
    assertThat(argv(new Template(List.of("wc", "-c"), true), "a b", 1, 1).get(2))
        .isEqualTo("wc -c 'a b'");
  }

  @Test
  void display_quotesWhatAShellWouldSplit() {
    Template t = new Template(List.of("cp", "{}", "{/.}.bak"), false);
    assertThat(t.argv("my file.txt", 1).size()).isEqualTo(3);
    assertThat(Template.display(t.argv("my file.txt", 1)))
        .isEqualTo("cp 'my file.txt' 'my file.bak'");
  }

  @Test
  void inputs_emptyLinesCount_carriageReturnsKept_lastLineWithoutNewline() {
    List<String> got = new ArrayList<>();
    new Inputs(List.of(new StringReader("a\n\nb\r\nc"), new StringReader("d\n")), false)
        .forEachRemaining(got::add);
    assertThat(got).containsExactly("a", "", "b\r", "c", "d");
    got.clear();
    new Inputs(List.of(new StringReader("a\n\n\nb\n")), true).forEachRemaining(got::add);
    assertThat(got).containsExactly("a", "b");
  }
}
