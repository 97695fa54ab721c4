package dev.fanout.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real members in child JVMs on 127.0.0.1, started with the tests' classpath (so they have the test
 * task classes) and always killed by {@link #close()}.
 */
final class MemberProcesses implements AutoCloseable {
  final String clusterName;
  final List<Integer> ports = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();

  MemberProcesses(String clusterName, int count) {
    this.clusterName = clusterName;
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
  }

  List<String> addresses() {
    return ports.stream().map(p -> "127.0.0.1:" + p).toList();
  }

  /** Starts the first member, then the others together, each waiting for its ready line. */
  void start() throws Exception {
    processes.add(null);
    CompletableFuture<Process> first = CompletableFuture.supplyAsync(() -> launch(0));
    processes.set(0, first.get(60, TimeUnit.SECONDS));
    List<CompletableFuture<Process>> rest = new ArrayList<>();
    for (int i = 1; i < ports.size(); i++) {
      int n = i;
      processes.add(null);
      rest.add(CompletableFuture.supplyAsync(() -> launch(n)));
    }
    for (int i = 0; i < rest.size(); i++) {
      processes.set(i + 1, rest.get(i).get(60, TimeUnit.SECONDS));
    }
  }

  private Process launch(int n) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx160m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "--add-opens",
                "java.base/java.lang=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(
        List.of(
            "-cp",
            cp,
            ClusterMember.class.getName(),
            "--port",
            String.valueOf(ports.get(n)),
            "--members",
            String.join(",", addresses()),
            "--cluster-name",
            clusterName,
            "--threads",
            "4",
            "--parent",
            String.valueOf(ProcessHandle.current().pid())));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(Path.of("target", "member-" + n + ".log").toFile())
              .start();
      synchronized (this) {
        processes.set(n, p); // visible to close() even if the wait below fails
      }
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.contains("ready in cluster")) {
          Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "drain-member-" + n);
          drain.setDaemon(true);
          drain.start();
          return p;
        }
      }
      throw new IllegalStateException(
          "member " + n + " exited before it was ready; see target/member-" + n + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: the member gets no chance to leave gracefully. */
  void kill(int n) throws InterruptedException {
    Process p = processes.get(n);
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }

  String pids() {
    return processes.stream()
        .filter(p -> p != null)
        .map(p -> String.valueOf(p.pid()))
        .collect(Collectors.joining(","));
  }

  @Override
  public synchronized void close() throws InterruptedException {
    for (Process p : processes) {
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    for (Process p : processes) {
      if (p != null) {
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  boolean anyAlive() {
    return processes.stream().anyMatch(p -> p != null && p.isAlive());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
