package dev.fanout.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code fanout} in a JVM of its own, as a user would, with this test's classpath. */
final class Cli {
  final int exit;
  final String out;
  final String err;

  private Cli(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  /** Runs to completion (60 s at most) with {@code stdin} as input (null for none). */
  static Cli run(Path dir, String stdin, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("fanout " + String.join(" ", args) + " did not end in 60 s");
    }
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts it and returns the process; stdout is readable, stderr inherited. */
  static Process start(Path dir, String... args) throws IOException {
    return builder(args)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .start();
  }

  /** Starts it with stderr going to {@code err}; stdout is readable. */
  static Process start(Path dir, Path err, String... args) throws IOException {
    return builder(args)
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
        .start();
  }

  /** Sends SIGINT, as Ctrl-C does. */
  static void interrupt(Process p) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
  }

  private static ProcessBuilder builder(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (sigintIgnored()) {
      // a background parent ignores SIGINT and children inherit that: undo it, as a shell would
      cmd.addAll(
          List.of(
              "python3",
              "-c",
              "import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                  + " os.execvp(sys.argv[1], sys.argv[1:])"));
    }
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.fanout.cli.Main");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        return (mask & (1L << 1)) != 0; // bit n-1 for signal n; SIGINT is 2
      }
    }
    return false;
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }
}
