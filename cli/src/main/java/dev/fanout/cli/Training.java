package dev.fanout.cli;

import dev.fanout.cluster.ClusterMember;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The training run behind the CLI's start-up cache (a static CDS archive of the classes it loads,
 * {@code scripts/startup-cache.sh}): runs the commands people start most, in one JVM, against a
 * slow site on loopback, so the cache holds the classes and lambdas they need. The launchers run it
 * once per build and JDK; it prints nothing and exits 0 unless a command failed.
 *
 * <p>It also starts a member ({@code fanout member}'s classes) and fetches on cluster as its
 * client: a Hazelcast client's start spins about a thousand lambdas for its serializer factories,
 * ~0.5 s of a cluster run's CPU when they are not in the cache (docs/BENCHMARKS.md, issue 14). Its
 * fetch on processes has one worker JVM, which records the workers' own archive.
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) throws Exception {
    System.exit(train().isEmpty() ? 0 : 1);
  }

  /** Runs the training commands silently; the ones that did not exit 0, each as one line. */
  static List<String> train() throws Exception {
    Main.quietLibraries(); // the same classes as a real run, no more
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<String> failed = new ArrayList<>();
    Path urls = Files.createTempFile("fanout-training", ".txt");
    String cluster = "fanout-training-" + UUID.randomUUID(); // joins no one else's cluster
    try (SlowSiteServer site = SlowSiteServer.start("127.0.0.1", 0);
        ClusterMember member =
            ClusterMember.start(
                new ClusterMember.Settings("127.0.0.1", 0, List.of(), cluster, 2, List.of()))) {
      Files.write(urls, site.urls(4));
      String list = urls.toString();
      List<List<String>> commands =
          List.of(
              List.of("--version"),
              List.of("fetch", "--help"),
              List.of("fetch", "-m", "async", list),
              List.of("fetch", "-m", "threads", list),
              List.of("fetch", "-m", "virtual", list),
              // its worker JVM also records the workers' own archive, which a user's first run on
              // processes would otherwise record (seconds at its end)
              List.of("fetch", "-m", "processes", "-w", "1", list),
              List.of(
                  "fetch",
                  "-m",
                  "cluster",
                  "--members",
                  member.address(),
                  "--cluster-name",
                  cluster,
                  "-c",
                  "8",
                  list),
              List.of("cpu", "--count", "2", "--scale", "0.01", "-m", "threads"),
              List.of("hash", "-m", "threads", list),
              List.of("run", "-m", "threads", "true", ":::", "a", "b"));
      System.setOut(quiet);
      System.setErr(quiet);
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
      Files.deleteIfExists(urls);
    }
    return failed;
  }
}
