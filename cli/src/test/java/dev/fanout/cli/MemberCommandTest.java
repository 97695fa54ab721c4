package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code fanout member}'s refusals: each a one-line error and exit code 2, never a hang. */
@Timeout(60)
class MemberCommandTest {

  private static int run(StringWriter err, String... args) {
    CommandLine cl = Main.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void member_badMemberAddress_isAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "member", "--members", "nonsense")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("'nonsense' is not host:port");
  }

  @Test
  void member_portTaken_saysSoAndExits() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      int code = run(err, "member", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(code).isEqualTo(ExitCode.USAGE);
      assertThat(err.toString())
          .contains("cannot start a member on 127.0.0.1:" + taken.getLocalPort())
          .contains("pick another with --port");
    }
  }

  @Test
  void member_missingClasspathEntry_isAUsageError() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "member", "--classpath", "/no/such/dir")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--classpath: /no/such/dir does not exist");
  }
}
