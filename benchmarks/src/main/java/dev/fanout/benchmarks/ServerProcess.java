package dev.fanout.benchmarks;

import dev.fanout.jobs.http.SlowSiteServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's slow-site server in a JVM of its own, so that the benchmark JVM's CPU time is the
 * clients' alone. {@link #main} is the child: it prints its port, then serves until its stdin
 * closes (so it never outlives the benchmark, even one that is killed).
 *
 * <p>Not thread-safe; one per benchmark trial.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server JVM with {@code threads} event-loop threads and waits for its port. */
  static ServerProcess start(int threads) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ServerProcess.class.getName(),
                    Integer.toString(threads)))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("port ")) {
      p.destroyForcibly();
      throw new IOException("the server JVM did not start; it printed: " + line);
    }
    return new ServerProcess(p, Integer.parseInt(line.substring(5).trim()));
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The child: {@code ServerProcess <threads>}. */
  public static void main(String[] args) throws IOException {
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0, Integer.parseInt(args[0]))) {
      System.out.println("port " + server.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent goes away
      }
    }
  }
}
