package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code main} builds only the command it runs, and that command reads as in the full model. */
class CommandLineForTest {
  private static List<String> names() {
    return Main.commandLine().getSubcommands().keySet().stream()
        .filter(n -> !n.equals("help"))
        .toList();
  }

  @Test
  void commandLineFor_aCommandNameBuildsThatCommandAlone() {
    for (String name : names()) {
      assertThat(Main.commandLineFor(name, "--some-option").getSubcommands().keySet())
          .as(name)
          .containsExactly(name);
    }
  }

  @Test
  void commandLineFor_anythingElseBuildsEveryCommand() {
    var all = Main.commandLine().getSubcommands().keySet();
    assertThat(all).contains("fetch", "run", "help");
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"help", "fetch"},
            new String[] {"--debug", "fetch"},
            new String[] {"--help"},
            new String[] {"fecth"})) {
      assertThat(Main.commandLineFor(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactlyElementsOf(all);
    }
  }

  @Test
  void commandLineFor_helpOfACommandIsTheFullModelsHelp() {
    for (String name : names()) {
      assertThat(usage(Main.commandLineFor(name), name))
          .as(name)
          .isEqualTo(usage(Main.commandLine(), name))
          .contains("Usage: fanout " + name);
    }
  }

  @Test
  void commandLineFor_keepsRunsOptionsEndingAtItsCommand() {
    var run = Main.commandLineFor("run", "grep", "-n", "x").getSubcommands().get("run");

    assertThat(run.isStopAtPositional()).isTrue();
  }

  @Test
  void commandLineFor_mapsErrorsToExitCodesAsTheFullModelDoes() {
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLineFor("fetch", "--retries", "-1", "http://127.0.0.1:9/");
    cl.setErr(new PrintWriter(err));

    int exit = cl.execute("fetch", "--retries", "-1", "http://127.0.0.1:9/");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("fanout: --retries must be between 0 and");
  }

  private static String usage(CommandLine cl, String name) {
    StringWriter out = new StringWriter();
    cl.getSubcommands().get(name).usage(new PrintWriter(out));
    return out.toString();
  }
}
