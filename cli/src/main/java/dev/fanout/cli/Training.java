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
 * The training runs behind the launchers' start-up caches ({@code scripts/startup-cache.sh}): each
 * runs commands in one JVM against a site on loopback, silently, and exits 0 unless a command
 * failed. The launchers run them once per build and JDK.
 *
 * <ul>
 *   <li>{@link Kind#COMMANDS}: the commands people start most, briefly, for a static CDS archive of
 *       the classes and lambdas they load (picocli's included). It also starts a member ({@code
 *       fanout member}'s classes) and fetches on cluster as its client: a Hazelcast client's start
 *       spins about a thousand lambdas for its serializer factories, ~0.5 s of a cluster run's CPU
 *       when they are not in the cache. Its fetch on processes has one worker JVM, which records
 *       the workers' own archive.
 *   <li>{@link Kind#FETCH}: {@code fetch} at volume, thousands of requests on async, virtual and
 *       threads, for JDK 25's AOT cache: it holds the methods' profiles, so a large fetch
 *       JIT-compiles its hot code at once instead of profiling it again. Nothing for cluster: every
 *       class in that cache loads at every start, and Hazelcast's client is as large as the rest
 *       (the launchers give a fetch on cluster the static archive).
 * </ul>
 *
 * (docs/BENCHMARKS.md, issues 12, 14 and 18.)
 */
public final class Training {
  /** Which training: see the class comment. */
  enum Kind {
    COMMANDS,
    FETCH
  }

  private static final int BULK = 2_000;

  private Training() {}

  /** {@code Training [fetch]}: the commands' training, or fetch's. */
  public static void main(String[] args) throws Exception {
    Kind kind = args.length > 0 && args[0].equals("fetch") ? Kind.FETCH : Kind.COMMANDS;
    System.exit(train(kind).isEmpty() ? 0 : 1);
  }

  /** Runs a training silently; the commands that did not exit 0, each as one line. */
  static List<String> train(Kind kind) throws Exception {
    Main.quietLibraries(); // the same classes as a real run, no more
    String cluster = "fanout-training-" + UUID.randomUUID(); // joins no one else's cluster
    Path few = Files.createTempFile("fanout-training", ".txt");
    Path many = Files.createTempFile("fanout-training-bulk", ".txt");
    try (SlowSiteServer site = SlowSiteServer.start("127.0.0.1", 0)) {
      Files.write(few, site.urls(4));
      List<String> bulk = new ArrayList<>(BULK);
      for (int i = 0; i < BULK; i++) {
        bulk.add(SlowSiteServer.pageUrl(site.host(), site.port(), i, 100, 10_240));
      }
      Files.write(many, bulk);
      if (kind == Kind.COMMANDS) {
        try (ClusterMember member =
            ClusterMember.start(
                new ClusterMember.Settings("127.0.0.1", 0, List.of(), cluster, 2, List.of()))) {
          return run(commands(few.toString(), member.address(), cluster));
        }
      }
      return run(fetch(few.toString(), many.toString()));
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

  private static List<List<String>> fetch(String few, String many) {
    return List.of(
        List.of("fetch", "--help"),
        List.of("fetch", few),
        List.of("fetch", "-m", "async", "-c", "1000", many),
        List.of("fetch", "-m", "virtual", "-c", "1000", many),
        List.of("fetch", "-m", "threads", "-w", "64", many),
        List.of("fetch", "-m", "processes", "-w", "1", few));
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
}
