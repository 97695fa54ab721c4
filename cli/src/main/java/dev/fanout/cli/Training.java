package dev.fanout.cli;

import dev.fanout.cluster.ClusterMember;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The training runs behind the launchers' start-up caches ({@code scripts/startup-cache.sh}): each
 * runs commands in one JVM against a site on loopback, silently, and exits 0 unless a command
 * failed. The launchers run them once per build and JDK.
 *
 * <ul>
 *   <li>{@link Kind#COMMANDS}: the commands people start most, briefly, for a static CDS archive of
 *       the classes and lambdas they load (picocli's included). It fetches on cluster as the client
 *       of a member in a JVM of its own: a Hazelcast client's start spins about a thousand lambdas
 *       for its serializer factories, ~0.5 s of a cluster run's CPU when they are not in the cache,
 *       while the member's classes would only make every other start slower. Its fetch on processes
 *       has one worker JVM, which records the workers' own archive.
 *   <li>{@link Kind#FETCH} and {@link Kind#FETCH_ASYNC}: {@code fetch} at volume, thousands of
 *       requests on virtual and threads (the blocking client), or on async (Netty), for JDK 25's
 *       AOT cache: it holds the methods' profiles, so a large fetch JIT-compiles its hot code at
 *       once instead of profiling it again. One cache per client, and nothing for the remote
 *       models: every class in such a cache loads at every start (the launchers give a fetch on
 *       cluster or processes the static archive, which holds Hazelcast's client and the parent's
 *       side).
 * </ul>
 *
 * (docs/BENCHMARKS.md, issues 12, 14 and 18.)
 */
public final class Training {
  /** Which training: see the class comment. */
  enum Kind {
    COMMANDS,
    FETCH,
    FETCH_ASYNC
  }

  private static final int BULK = 2_000;

  private Training() {}

  /**
   * {@code Training [fetch|fetch-async]}: the commands' training, or fetch's on one kind of model.
   */
  public static void main(String[] args) throws Exception {
    Kind kind =
        switch (args.length > 0 ? args[0] : "") {
          case "fetch" -> Kind.FETCH;
          case "fetch-async" -> Kind.FETCH_ASYNC;
          default -> Kind.COMMANDS;
        };
    System.exit(train(kind).isEmpty() ? 0 : 1);
  }

  /** Runs a training silently; the commands that did not exit 0, each as one line. */
  static List<String> train(Kind kind) throws Exception {
    Main.quietLibraries(); // the same classes as a real run, no more
    Path few = Files.createTempFile("fanout-training", ".txt");
    Path many = Files.createTempFile("fanout-training-bulk", ".txt");
    try (SlowSiteServer site = SlowSiteServer.start("127.0.0.1", 0)) {
      Files.write(few, site.urls(4));
      if (kind == Kind.COMMANDS) {
        String cluster = "fanout-training-" + UUID.randomUUID(); // joins no one else's cluster
        try (MemberJvm member = MemberJvm.start(cluster)) {
          return run(commands(few.toString(), member.address(), cluster));
        }
      }
      List<String> bulk = new ArrayList<>(BULK);
      for (int i = 0; i < BULK; i++) {
        bulk.add(SlowSiteServer.pageUrl(site.host(), site.port(), i, 100, 10_240));
      }
      Files.write(many, bulk);
      return run(
          kind == Kind.FETCH
              ? blockingFetch(few.toString(), many.toString())
              : asyncFetch(few.toString(), many.toString()));
    } finally {
      Files.deleteIfExists(few);
      Files.deleteIfExists(many);
    }
  }

  private static List<List<String>> commands(String list, String member, String cluster) {
    return List.of(
        List.of("--version"),
        List.of("fetch", "--help"),
        List.of("fetch", "-m", "async", list),
        List.of("fetch", "-m", "threads", list),
        List.of("fetch", "-m", "virtual", list),
        List.of("fetch", "-m", "processes", "-w", "1", list),
        List.of(
            "fetch",
            "-m",
            "cluster",
            "--members",
            member,
            "--cluster-name",
            cluster,
            "-c",
            "8",
            list),
        List.of("cpu", "--count", "2", "--scale", "0.01", "-m", "threads"),
        List.of("hash", "-m", "threads", list),
        List.of("run", "-m", "threads", "true", ":::", "a", "b"));
  }

  private static List<List<String>> blockingFetch(String few, String many) {
    return List.of(
        List.of("fetch", "--help"),
        List.of("fetch", few),
        List.of("fetch", "-m", "virtual", "-c", "1000", many),
        List.of("fetch", "-m", "threads", "-w", "64", many));
  }

  private static List<List<String>> asyncFetch(String few, String many) {
    return List.of(
        List.of("fetch", "--help"),
        List.of("fetch", "-m", "async", few),
        List.of("fetch", "-m", "async", "-c", "1000", many));
  }

  private static List<String> run(List<List<String>> commands) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<String> failed = new ArrayList<>();
    System.setOut(quiet);
    System.setErr(quiet);
    try {
      for (List<String> command : commands) {
        String[] args = command.toArray(String[]::new);
        var cl = Main.commandLineFor(args);
        cl.setOut(new PrintWriter(quiet));
        cl.setErr(new PrintWriter(quiet));
        int code = cl.execute(args);
        if (code != ExitCode.OK) {
          failed.add("fanout " + String.join(" ", command) + ": exit " + code);
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return failed;
  }

  /**
   * A member in a JVM of its own, on this JVM's class path, for the cluster fetch's client: in this
   * JVM, the member's classes would go into the cache, and every command would load them at start.
   */
  private record MemberJvm(Process process, String address) implements AutoCloseable {
    static MemberJvm start(String cluster) throws IOException, InterruptedException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p =
          new ProcessBuilder(
                  java.toString(),
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ClusterMember.class.getName(),
                  "--port",
                  "0",
                  "--cluster-name",
                  cluster,
                  "--threads",
                  "2",
                  "--parent",
                  Long.toString(ProcessHandle.current().pid()))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      // the member prints "fanout member HOST:PORT ready ..." when ready; bounded, so that a
      // member that never starts cannot hang the launcher that trains
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(
              () -> readyAddress(p), r -> Thread.ofPlatform().daemon().start(r));
      String address;
      try {
        address = ready.get(60, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        address = null;
      }
      if (address == null) {
        p.destroyForcibly();
        throw new IOException("the training's member did not start within 60 s");
      }
      return new MemberJvm(p, address);
    }

    private static String readyAddress(Process p) {
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("fanout member ")) {
            return line.split(" ")[2];
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
