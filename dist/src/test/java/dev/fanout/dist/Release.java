package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The release tarball this build made ({@code dist/target/fanout-VERSION.tar.gz}), unpacked into a
 * folder outside the checkout, and a way to run its commands there as a user would.
 */
final class Release {
  static final Path ROOT = Path.of(System.getProperty("fanout.root", "..")).toAbsolutePath();
  static final String VERSION = System.getProperty("fanout.version", "0.1.0-SNAPSHOT");
  static final Path TARBALL =
      Path.of(
          System.getProperty(
              "fanout.tarball",
              ROOT.resolve("dist/target/fanout-" + VERSION + ".tar.gz").toString()));

  /** What a command printed and how it ended. */
  record Result(int exit, String out, String err) {}

  private Release() {}

  /**
   * Unpacks the tarball into {@code dir}; returns the release's folder ({@code fanout-VERSION}).
   */
  static Path unpack(Path dir) throws IOException, InterruptedException {
    assertThat(TARBALL).as("the package phase builds the release tarball").isRegularFile();
    Result tar = run(dir, Map.of(), 60, "tar", "-xzf", TARBALL.toString());
    assertThat(tar.exit()).as(tar.err()).isZero();
    Path home = dir.resolve("fanout-" + VERSION);
    assertThat(home).isDirectory();
    return home;
  }

  /** Runs a command in {@code dir} with HOME there too (caches stay in the test's folder). */
  static Result run(Path dir, Map<String, String> env, int timeoutSeconds, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("release-out", ".txt");
    Path err = Files.createTempFile("release-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(List.of(command))
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().put("HOME", dir.toString());
      pb.environment().remove("XDG_CACHE_HOME");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " did not end in " + timeoutSeconds + " s");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * Starts {@code fanout serve --port 0 --print-urls n} and returns it with the URLs it printed.
   */
  static Server serve(Path home, Path dir, int n) throws IOException, InterruptedException {
    Path urls = dir.resolve("urls.txt");
    Path log = dir.resolve("serve.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                home.resolve("bin/fanout").toString(),
                "serve",
                "--port",
                "0",
                "--print-urls",
                Integer.toString(n))
            .directory(dir.toFile())
            .redirectOutput(urls.toFile())
            .redirectError(log.toFile());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // serve prints 'listening' after the URLs: once it is there, the list is whole
    while (!Files.readString(log).contains("listening")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("fanout serve did not start: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(urls));
    assertThat(lines).hasSize(n);
    return new Server(p, urls, lines);
  }

  /** A running {@code fanout serve}; closing it stops the JVM. */
  record Server(Process process, Path urlFile, List<String> urls) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Copies the folder {@code from} into {@code to}, recursively. */
  static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
