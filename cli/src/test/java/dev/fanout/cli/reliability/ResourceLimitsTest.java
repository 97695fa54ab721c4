package dev.fanout.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.OutputFile;
import dev.fanout.jobs.fetch.Journal;
import dev.fanout.jobs.http.SlowSiteServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fetch} under a low open-files limit, and with {@code --out} on a full file system. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ResourceLimitsTest {
  private SlowSiteServer server;

  @TempDir Path dir;

  @BeforeAll
  void startServer() {
    server = SlowSiteServer.start("127.0.0.1", 0);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"async", "virtual"})
  void fetch_ulimit256AndConcurrency1000_lowersConcurrencyAndFetchesEveryUrl(String model)
      throws Exception {
    int n = 1500;
    Path list = dir.resolve(model + ".txt");
    Files.write(
        list,
        IntStream.range(0, n)
            .mapToObj(i -> SlowSiteServer.pageUrl("127.0.0.1", server.port(), i, 50, 100))
            .toList());

    try (Child c =
        Child.run(dir, 256, 80, "fetch", "-m", model, "--concurrency", "1000", list.toString())) {
      assertThat(c.exit()).as(Child.tail(c.err())).isZero();
      assertThat(c.err())
          .contains("concurrency lowered from 1000 to")
          .contains("open-files limit is 256")
          .contains("fetched " + n + "/" + n + " ok, 0 failed")
          .doesNotContain("Exception", "too many open files");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"threads", "async", "processes"})
  void fetch_outOnAFullFileSystem_clearErrorPerFileNoPartFilesJournalIntactExit1(String model)
      throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("tiny-" + model));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt.toString()) == 0,
        "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): the full-disk case is skipped");
    try {
      int n = 12;
      List<String> urls =
          IntStream.range(0, n).mapToObj(i -> server.url("/p/full-" + i + "?size=16000")).toList();
      Path list = dir.resolve("full-" + model + ".txt");
      Files.write(list, urls);

      try (Child c =
          Child.run(
              dir,
              0,
              60,
              "fetch",
              "-m",
              model,
              "-c",
              "2",
              "-w",
              "2",
              "--out",
              mnt.toString(),
              list.toString())) {
        assertThat(c.exit()).as(Child.tail(c.err())).isEqualTo(1);
        List<String> errors = c.err().lines().filter(l -> l.startsWith("fetch: line ")).toList();
        assertThat(errors).isNotEmpty();
        assertThat(errors).allMatch(l -> l.contains("No space left on device"));
        // the disk, not the network: said so, and not retried (the default allows 2 retries)
        assertThat(errors)
            .allMatch(l -> l.contains("cannot store the body of"))
            .noneMatch(l -> l.contains("attempts)"));
        assertThat(c.err()).doesNotContain("\tat ");
        Matcher m = Pattern.compile("fetched (\\d+)/(\\d+) ok, (\\d+) failed").matcher(c.err());
        assertThat(m.find()).as(c.err()).isTrue();
        int ok = Integer.parseInt(m.group(1));
        assertThat(ok + errors.size()).isEqualTo(n); // every URL: exactly one outcome
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(errors.size());
        var done = Journal.done(mnt);
        if (c.err().contains("cannot write the journal")) {
          assertThat(done.size()).isLessThanOrEqualTo(ok); // it said so, and stopped recording
        } else {
          assertThat(done).hasSize(ok);
        }
        try (Stream<Path> files = Files.list(mnt)) {
          List<String> names = files.map(f -> f.getFileName().toString()).toList();
          assertThat(names)
              .noneMatch(f -> f.startsWith(OutputFile.TEMP_PREFIX) && f.endsWith(".part"));
          assertThat(names).filteredOn(f -> !f.startsWith(".")).hasSize(ok);
        }
        for (String line : Files.readAllLines(mnt.resolve(Journal.NAME))) {
          if (!done.contains(line.substring(0, Math.max(0, line.indexOf('\t'))))) {
            continue; // a line cut short by the full disk: ignored on reading, by design
          }
          String file = line.substring(line.indexOf('\t') + 1);
          assertThat(Files.size(mnt.resolve(file))).isEqualTo(16000);
        }
      }
    } finally {
      run("umount", "-l", mnt.toString());
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
