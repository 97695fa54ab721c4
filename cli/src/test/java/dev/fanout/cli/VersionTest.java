package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --version}: the build's version, and main's shortcut prints exactly what picocli does. */
class VersionTest {
  @Test
  void build_isTheVersionMavenFilteredIn() {
    assertThat(Main.Version.build()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void print_isWhatPicocliPrintsForVersion() {
    StringWriter picocli = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(picocli));
    int picocliExit = cl.execute("--version");
    ByteArrayOutputStream fast = new ByteArrayOutputStream();

    int fastExit = Main.Version.print(new PrintStream(fast, true, StandardCharsets.UTF_8));

    assertThat(fastExit).isEqualTo(picocliExit).isZero();
    assertThat(fast.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"))
        .isEqualTo(picocli.toString().replace("\r\n", "\n"))
        .startsWith("fanout " + Main.Version.build() + "\n");
  }

  @Test
  void asked_onlyForABareVersionOption() {
    assertThat(Main.Version.asked(new String[] {"--version"})).isTrue();
    assertThat(Main.Version.asked(new String[] {"-V"})).isTrue();
    assertThat(Main.Version.asked(new String[] {"fetch", "--version"})).isFalse();
    assertThat(Main.Version.asked(new String[] {"--version", "extra"})).isFalse();
    assertThat(Main.Version.asked(new String[] {})).isFalse();
  }
}
