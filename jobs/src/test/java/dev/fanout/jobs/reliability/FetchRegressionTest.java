package dev.fanout.jobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchResult;
import dev.fanout.jobs.fetch.FetchRun;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.fetch.Folder;
import dev.fanout.jobs.fetch.Journal;
import dev.fanout.jobs.fetch.Summary;
import dev.fanout.jobs.fetch.UrlSource;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the bugs the reliability suite found in fetch. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetchRegressionTest {
  @TempDir Path dir;

  @Test
  void journal_writesFailWithDiskFull_stopsRecordingRemembersWhyAndClosesQuietly()
      throws IOException {
    Path devFull = Path.of("/dev/full");
    assumeTrue(Files.isWritable(devFull), "no /dev/full here");
    Files.createSymbolicLink(dir.resolve(Journal.NAME), devFull);

    Journal j = Journal.open(dir);
    j.done("http://a/1", "a_1");
    j.flush();
    j.done("http://a/2", "a_2");

    assertThat(j.error()).isNotNull().hasMessageContaining("No space left on device");
    j.close(); // already reported: no second error
  }

  @Test
  void run_journalOnAFullDisk_oneClearLineAndEveryUrlStillFetched() throws IOException {
    Path devFull = Path.of("/dev/full");
    assumeTrue(Files.isWritable(devFull), "no /dev/full here");
    Files.createSymbolicLink(dir.resolve(Journal.NAME), devFull);
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0)) {
      String list = server.url("/p/1?size=10") + "\n" + server.url("/p/2?size=10") + "\n";
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      FetchRun run =
          new FetchRun(
              FetchJob.configure(Fanout.builder().model(Model.THREADS), Model.THREADS, 0, 0),
              new FetchSettings(dev.fanout.jobs.http.HttpLimits.defaults(), dir));
      Summary s;
      try (Folder folder = Folder.open(dir, false, w -> {});
          UrlSource src = new UrlSource(new BufferedReader(new StringReader(list)))) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        s =
            run.run(
                src,
                FetchRun.Plan.plain(),
                new FetchRun.Outputs(System.out, e, null, folder, false));
      } finally {
        run.close();
      }

      assertThat(s.failed()).isZero();
      assertThat(s.ok()).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .containsOnlyOnce("cannot write the journal")
          .contains("No space left on device", "--resume will fetch");
    }
  }

  @Test
  void map_urlOver8KbOrWithReplacedBytes_failsItsOwnUrlWithAClearShortError() {
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0);
        Fanout f =
            FetchJob.configure(Fanout.builder().model(Model.VIRTUAL), Model.VIRTUAL, 0, 0)
                .build()) {
      String huge = server.url("/p/x?q=" + "a".repeat(1 << 20));
      String notUtf8 = server.url("/p/caf\uFFFD");
      String fine = server.url("/p/fine?size=5");

      List<Outcome<String, FetchResult>> out =
          FetchJob.map(f, FetchSettings.defaults(), List.of(huge, notUtf8, fine));

      String tooLong = ((Outcome.Failure<?, ?>) out.get(0)).message();
      assertThat(tooLong).contains("URL too long", "at most 8192").hasSizeLessThan(400);
      assertThat(((Outcome.Failure<?, ?>) out.get(1)).message()).contains("not UTF-8");
      assertThat(out.get(2).isSuccess()).isTrue();
    }
  }
}
