package dev.fanout.cli;

import dev.fanout.jobs.http.SlowSiteServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the CLI's start-up cache (JDK 25's AOT cache, or a CDS archive on older
 * JDKs): runs the commands people start most, in one JVM, against a slow site on loopback, so the
 * cache holds the classes (and, with the AOT cache, the linking and profiles) they need. The
 * launchers run it once per build and JDK; it prints nothing and exits 0 unless a command failed.
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) throws Exception {
    Main.quietLibraries(); // the same classes as a real run, no more
    PrintStream out = System.out;
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    int failed = 0;
    Path urls = Files.createTempFile("fanout-training", ".txt");
    try (SlowSiteServer site = SlowSiteServer.start("127.0.0.1", 0)) {
      Files.write(urls, site.urls(4));
      List<String[]> commands =
          List.of(
              new String[] {"--version"},
              new String[] {"fetch", "--help"},
              new String[] {"fetch", "-m", "async", urls.toString()},
              new String[] {"fetch", "-m", "threads", urls.toString()},
              new String[] {"fetch", "-m", "virtual", urls.toString()},
              new String[] {"cpu", "--count", "2", "--scale", "0.01", "-m", "threads"},
              new String[] {"hash", "-m", "threads", urls.toString()},
              new String[] {"run", "-m", "threads", "true", ":::", "a", "b"});
      System.setOut(quiet);
      System.setErr(quiet);
      for (String[] command : commands) {
        var cl = Main.commandLineFor(command);
        cl.setOut(new PrintWriter(quiet));
        cl.setErr(new PrintWriter(quiet));
        if (cl.execute(command) != ExitCode.OK) {
          failed++;
        }
      }
    } finally {
      System.setOut(out);
      Files.deleteIfExists(urls);
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
