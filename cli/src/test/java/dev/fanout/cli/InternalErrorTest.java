package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** An unexpected error is not a usage error: its own exit code, one line, the stack on --debug. */
class InternalErrorTest {

  @Test
  void internalError_withoutDebug_oneLineNamingItAndExit70() {
    StringWriter err = new StringWriter();
    int code =
        Main.internalError(
            new NullPointerException("engine was null"), new PrintWriter(err), false);

    assertThat(code).isEqualTo(ExitCode.INTERNAL).isEqualTo(70).isNotEqualTo(ExitCode.USAGE);
    assertThat(err.toString().lines())
        .containsExactly(
            "fanout: internal error: java.lang.NullPointerException: engine was null (a bug in"
                + " fanout; run again with --debug for its stack trace)");
  }

  @Test
  void internalError_withDebug_printsTheStackTrace() {
    StringWriter err = new StringWriter();
    Main.internalError(new IllegalStateException("broken"), new PrintWriter(err), true);

    assertThat(err.toString())
        .startsWith("fanout: internal error: java.lang.IllegalStateException: broken")
        .contains("\tat dev.fanout.cli.InternalErrorTest");
  }

  @Test
  void debugOption_isAcceptedByEverySubcommand() {
    CliRun r = CliRun.of("race", "--debug", "-t", "2", "-k", "10", "-q");

    assertThat(r.exit()).isEqualTo(ExitCode.OK);
  }
}
