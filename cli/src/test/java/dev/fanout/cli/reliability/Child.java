package dev.fanout.cli.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanout} in a JVM of its own, as a user runs it, on this test's classpath; optionally under
 * a lower open-files limit. Closing it kills the process if it is still running, so a failing test
 * never leaves one behind.
 */
final class Child implements AutoCloseable {
  final Process process;
  private final Path out;
  private final Path err;

  private Child(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code fanout ARGS...}; {@code openFiles} > 0 runs it under {@code ulimit -n}. */
  static Child start(Path dir, int openFiles, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    // like `bash -c 'ulimit -n N; exec java ...'`, and SIGINT back to its default: a test runner
    // in the background ignores it, and children inherit that (a shell cannot undo it)
    cmd.addAll(
        List.of(
            "python3",
            "-c",
            "import os, resource, signal, sys\n"
                + "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                + "n = int(sys.argv[1])\n"
                + "if n > 0: resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))\n"
                + "os.execvp(sys.argv[2], sys.argv[2:])",
            Integer.toString(openFiles)));
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.fanout.cli.Main");
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new Child(p, out, err);
  }

  /** Runs {@code fanout ARGS...} to its end, {@code seconds} at most. */
  static Child run(Path dir, int openFiles, int seconds, String... args)
      throws IOException, InterruptedException {
    Child c = start(dir, openFiles, args);
    c.await(seconds);
    return c;
  }

  /** Waits for the end; kills it and fails if it takes longer than {@code seconds}. */
  int await(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError(
          "fanout did not end within " + seconds + " s (a hang); stderr:\n" + tail(err()));
    }
    return process.exitValue();
  }

  int exit() {
    return process.exitValue();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  /** Sends a signal (INT for Ctrl-C, KILL for a crash) to the JVM. */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "<cannot read " + file + ": " + e + ">";
    }
  }

  static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
