package dev.fanout.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.OutputFile;
import dev.fanout.cli.ExitCode;
import dev.fanout.jobs.fetch.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and a crash in the middle of {@code fanout fetch --out}, then {@code --resume}: every URL
 * ends with exactly one journal line, no finished download is fetched again (the server counts
 * requests per path), and every file under its final name is whole.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FetchInterruptTest {
  private static final int URLS = 60;
  private static final int SIZE = 3000;

  @TempDir Path dir;

  @Test
  void fetch_sigintMidRunThenResume_everyUrlOnceAndNothingFetchedTwice() throws Exception {
    interruptThenResume("INT", "async");
  }

  @Test
  void fetch_sigkillMidRunThenResume_everyUrlOnceAndNoHalfFileUnderItsName() throws Exception {
    interruptThenResume("KILL", "virtual");
  }

  private void interruptThenResume(String signal, String model) throws Exception {
    try (CountingServer server = new CountingServer()) {
      List<String> paths = IntStream.range(0, URLS).mapToObj(i -> "/d/" + i).toList();
      Path list = dir.resolve("urls.txt");
      Files.write(list, paths.stream().map(p -> server.url(p + "?ms=150&size=" + SIZE)).toList());
      Path out = dir.resolve("out");
      Path journal = out.resolve(Journal.NAME);

      int exit;
      try (Child first =
          Child.start(
              dir, 0, "fetch", "-m", model, "-c", "6", "--out", out.toString(), list.toString())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (journalLines(journal) < 10
            && first.process.isAlive()
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assumeTrue(first.process.isAlive(), "the run ended before it could be interrupted");
        first.signal(signal);
        exit = first.await(20);
      }
      if (signal.equals("INT")) {
        assertThat(exit).isEqualTo(ExitCode.INTERRUPTED);
      } else {
        assertThat(exit).isEqualTo(128 + 9);
      }
      Map<String, String> done = journal(journal);
      assertThat(done).isNotEmpty().hasSizeLessThan(URLS);
      for (String file : done.values()) {
        assertThat(Files.size(out.resolve(file))).as(file).isEqualTo(SIZE); // whole, never cut
      }
      for (Path f : finalNames(out)) { // a final name always holds a whole body
        assertThat(Files.size(f)).as("%s", f).isEqualTo(SIZE);
      }
      Map<String, Integer> before = new HashMap<>();
      paths.forEach(p -> before.put(p, server.count(p)));

      try (Child again =
          Child.run(
              dir,
              0,
              60,
              "fetch",
              "-m",
              "threads",
              "-w",
              "8",
              "--out",
              out.toString(),
              "--resume",
              list.toString())) {
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains(done.size() + " skipped");
      }
      Map<String, String> all = journal(journal);
      List<String> lines = Files.readAllLines(journal).stream().filter(l -> !l.isEmpty()).toList();
      assertThat(all).hasSize(URLS); // every URL has its outcome...
      assertThat(lines.stream().filter(l -> isWholeEntry(out, l)))
          .hasSize(URLS); // ...exactly once (a line torn by SIGKILL names no file)
      for (int i = 0; i < URLS; i++) {
        String p = paths.get(i);
        String url = server.url(p + "?ms=150&size=" + SIZE);
        int fetchedAgain = server.count(p) - before.get(p);
        if (done.containsKey(url)) {
          assertThat(fetchedAgain)
              .as("finished before the %s, fetched again: %s", signal, p)
              .isZero();
        } else {
          assertThat(fetchedAgain).as("fetched by the resumed run: %s", p).isEqualTo(1);
        }
      }
      List<Path> files = finalNames(out);
      assertThat(files).hasSize(URLS);
      for (Path f : files) {
        assertThat(Files.size(f)).isEqualTo(SIZE);
      }
      if (signal.equals("INT")) {
        try (Stream<Path> s = Files.list(out)) { // Ctrl-C leaves no temporary file behind
          assertThat(s.map(f -> f.getFileName().toString()))
              .noneMatch(n -> n.startsWith(OutputFile.TEMP_PREFIX) && n.endsWith(".part"));
        }
      }
    }
  }

  private static boolean isWholeEntry(Path out, String line) {
    int tab = line.indexOf('\t');
    return tab > 0 && tab < line.length() - 1 && Files.exists(out.resolve(line.substring(tab + 1)));
  }

  private static long journalLines(Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return 0;
    }
    return Files.readAllLines(journal).size();
  }

  private static Map<String, String> journal(Path journal) throws IOException {
    Map<String, String> done = new HashMap<>();
    for (String url : Journal.done(journal.getParent())) {
      done.put(url, null);
    }
    for (String line : Files.readAllLines(journal)) {
      int tab = line.indexOf('\t');
      if (tab > 0 && done.containsKey(line.substring(0, tab))) {
        done.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return done;
  }

  private static List<Path> finalNames(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.filter(f -> !f.getFileName().toString().startsWith(".fanout-")).toList();
    }
  }
}
