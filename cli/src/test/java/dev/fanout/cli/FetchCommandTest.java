package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.jobs.fetch.Journal;
import dev.fanout.jobs.fetch.PartFile;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fanout fetch} as a user runs it: a real CLI process against the slow-site server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FetchCommandTest {
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

  @Test
  void fetch_mixedList_failuresNamedByLineSummaryJsonAndExitOne() throws Exception {
    Path list =
        write(
            "urls.txt",
            "# the seed's two kinds of page",
            server.url("/p/1?size=10240"),
            "",
            server.url("/p/2?size=300"),
            "not a url at all",
            server.url("/status/404"));
    Path json = dir.resolve("out.jsonl");

    Cli r =
        Cli.run(
            dir,
            null,
            "fetch",
            "-m",
            "virtual",
            "--retries",
            "0",
            "--json",
            json.toString(),
            list.toString());

    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat(r.err).contains("fetch: line 5: ").contains("not a url at all");
    assertThat(r.err).contains("fetch: line 6: ").contains("HTTP 404");
    assertThat(r.err)
        .containsPattern(
            "fetched 2/4 ok, 2 failed, 10540 bytes in [0-9.]+ s \\([0-9.]+ URLs/s\\),"
                + " model=virtual");
    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String l : Files.readAllLines(json)) {
      assertThat(l).startsWith("{").endsWith("}"); // one object per line, nothing around it
      lines.add(mapper.readTree(l));
    }
    assertThat(lines).hasSize(4);
    assertThat(lines)
        .allSatisfy(
            n ->
                assertThat(n.properties().stream().map(e -> e.getKey()))
                    .containsExactly(
                        "url",
                        "line",
                        "status",
                        "protocol",
                        "bytes",
                        "ms",
                        "attempts",
                        "worker",
                        "file",
                        "error"));
    JsonNode big =
        lines.stream().filter(n -> n.get("line").asLong() == 2).findFirst().orElseThrow();
    assertThat(big.get("status").asInt()).isEqualTo(200);
    assertThat(big.get("bytes").asLong()).isEqualTo(10240);
    assertThat(big.get("error").isNull()).isTrue();
    JsonNode missing =
        lines.stream().filter(n -> n.get("line").asLong() == 6).findFirst().orElseThrow();
    assertThat(missing.get("status").asInt()).isEqualTo(404);
    assertThat(missing.get("error").asText()).contains("HTTP 404");
  }

  @Test
  void fetch_stdinVerbose_printsTheSeedsLinesAndExitsZero() throws Exception {
    String urls = server.url("/p/1?size=300") + "\n" + server.url("/p/2?size=700") + "\n";

    Cli r = Cli.run(dir, urls, "fetch", "-m", "async", "--verbose", "-");

    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out.lines())
        .containsExactlyInAnyOrder(
            "Read 300 from " + server.url("/p/1?size=300"),
            "Read 700 from " + server.url("/p/2?size=700"));
    assertThat(r.err).contains("fetched 2/2 ok, 0 failed, 1000 bytes");
  }

  @Test
  void fetch_ctrlC_exits130WithJournalIntact_thenResumeFetchesOnlyTheRest() throws Exception {
    List<String> urls =
        IntStream.range(0, 40)
            .mapToObj(i -> server.url("/p/resume-" + i + "?ms=250&size=2000"))
            .toList();
    Path list = write("many.txt", urls.toArray(String[]::new));
    Path out = dir.resolve("bodies");
    Path journal = out.resolve(Journal.NAME);
    Process p =
        Cli.start(
            dir, "fetch", "-m", "threads", "-w", "4", "--out", out.toString(), list.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lines(journal) < 8 && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(20);
    }
    assumeTrue(p.isAlive(), "the run ended before it could be interrupted");
    Cli.interrupt(p);

    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited after Ctrl-C").isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
    List<String> done = Files.readAllLines(journal);
    assertThat(done).isNotEmpty().hasSizeLessThan(40);
    for (String line : done) {
      String file = line.split("\t")[1];
      assertThat(Files.size(out.resolve(file))).isEqualTo(2000); // whole, never partial
    }

    server.resetCounters();
    Cli again =
        Cli.run(
            dir,
            null,
            "fetch",
            "-m",
            "virtual",
            "--out",
            out.toString(),
            "--resume",
            list.toString());

    assertThat(again.exit).as(again.err).isZero();
    assertThat(server.requests()).isEqualTo(40 - done.size());
    assertThat(again.err).contains(done.size() + " skipped");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .filteredOn(n -> !n.startsWith(PartFile.PREFIX))
          .hasSize(40);
    }
  }

  @Test
  void fetch_resumeWithoutOut_isAUsageError() throws Exception {
    Path list = write("one.txt", server.url("/p/1"));

    Cli r = Cli.run(dir, null, "fetch", "--resume", list.toString());

    assertThat(r.exit).isEqualTo(ExitCode.USAGE);
    assertThat(r.err).contains("--resume needs --out");
  }

  @Test
  void fetch_missingList_isAUsageErrorNamingIt() throws Exception {
    Cli r = Cli.run(dir, null, "fetch", dir.resolve("nope.txt").toString());

    assertThat(r.exit).isEqualTo(ExitCode.USAGE);
    assertThat(r.err).contains("nope.txt");
  }

  /** Beyond loopback only when told, and then with a warning; loopback says nothing more. */
  @Test
  void serve_beyondLoopback_warnsOnceListening() throws Exception {
    for (String host : List.of("0.0.0.0", "127.0.0.1")) {
      Path err = dir.resolve("serve-" + host + ".err");
      Process p = Cli.start(dir, err, "serve", "--host", host, "--port", "0");
      try {
        String text = "";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!text.contains("listening on") && System.nanoTime() < deadline && p.isAlive()) {
          Thread.sleep(50);
          text = Files.readString(err);
        }
        assertThat(text).contains("fanout serve: listening on http://" + host + ":");
        if (host.equals("0.0.0.0")) {
          assertThat(text)
              .contains(
                  "warning: --host 0.0.0.0 is not loopback: any machine that reaches this"
                      + " port can use the server");
        } else {
          assertThat(text).doesNotContain("warning");
        }
      } finally {
        p.destroy();
        p.waitFor();
      }
    }
  }

  @Test
  void serve_unknownHost_isAUsageErrorNamingIt() {
    CliRun r = CliRun.of("serve", "--host", "no-such-host.invalid", "--port", "0");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err())
        .contains("--host no-such-host.invalid: not a name or address known here")
        .doesNotContain("null");
  }

  @Test
  void serve_printUrls_printsTheSeedsWorkloadAndServesIt() throws Exception {
    Process p = Cli.start(dir, "serve", "--port", "0", "--print-urls", "4");
    try {
      var out = p.inputReader(StandardCharsets.UTF_8);
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        urls.add(out.readLine());
      }
      assertThat(urls.get(0)).matches("http://127\\.0\\.0\\.1:\\d+/p/0\\?ms=100&size=10240");
      assertThat(urls.get(3)).endsWith("/p/3?ms=100&size=300");
      Path list = write("served.txt", urls.toArray(String[]::new));

      Cli r = Cli.run(dir, null, "fetch", "-m", "async", list.toString());

      assertThat(r.exit).as(r.err).isZero();
      assertThat(r.err).contains("fetched 4/4 ok, 0 failed, " + (2 * 10240 + 2 * 300) + " bytes");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fetch_httpOptions_headersAgentAndUrlCredentialsNeverShown() throws Exception {
    String secretUrl = server.url("/p/1?size=10").replace("http://", "http://alice:s3cret@");
    Path list = write("creds.txt", secretUrl, secretUrl.replace("/p/1", "/status/404"));
    Path json = dir.resolve("creds.jsonl");

    Cli r =
        Cli.run(
            dir,
            null,
            "fetch",
            "-m",
            "threads",
            "--retries",
            "0",
            "-v",
            "-H",
            "X-Probe: 1",
            "-A",
            "probe/2",
            "--compressed",
            "--http1.1",
            "--json",
            json.toString(),
            list.toString());

    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat(r.err).contains("HTTP 404");
    assertThat(r.err).contains("--http1.1 has no effect on threads");
    assertThat(r.out + r.err + Files.readString(json)).doesNotContain("s3cret").contains("/p/1");
  }

  @Test
  void fetch_badHttpOptions_oneLineUsageErrors() throws Exception {
    Path list = write("one.txt", server.url("/p/1?size=10"));
    Path notPem = write("not.pem", "hello");

    Cli cacert = Cli.run(dir, null, "fetch", "--cacert", notPem.toString(), list.toString());
    Cli user = Cli.run(dir, null, "fetch", "-u", "alice", list.toString());
    Cli header = Cli.run(dir, null, "fetch", "-H", "no colon here", list.toString());
    Cli insecure = Cli.run(dir, null, "fetch", "-k", list.toString());

    assertThat(cacert.exit).isEqualTo(2);
    assertThat(cacert.err)
        .contains("--cacert")
        .contains("BEGIN CERTIFICATE")
        .doesNotContain("\tat ");
    assertThat(user.exit).isEqualTo(2);
    assertThat(user.err).contains("user:password");
    assertThat(header.exit).isEqualTo(2);
    assertThat(header.err).contains("'Name: value'");
    assertThat(insecure.exit).as(insecure.err).isZero();
    assertThat(insecure.err).containsOnlyOnce("-k/--insecure");
  }

  @Test
  void fetch_badOutputsAndValues_usageErrorsInTheUsersTerms() throws Exception {
    Path list = write("one.txt", server.url("/p/1?size=10"));

    // a folder that is there but takes no new file, even for root
    String unwritable = "/proc/fanout-test.jsonl";
    Cli json = Cli.run(dir, null, "fetch", "--json", unwritable, list.toString());
    Cli model = Cli.run(dir, null, "fetch", "-m", "fibers", list.toString());
    Cli timeout = Cli.run(dir, null, "fetch", "--timeout", "soon", list.toString());
    Cli size = Cli.run(dir, null, "fetch", "--max-size", "1x", list.toString());
    Cli rate = Cli.run(dir, null, "fetch", "--rate", "fast", list.toString());

    assertThat(json.exit).as(json.err).isEqualTo(ExitCode.USAGE);
    assertThat(json.err)
        .contains("--json " + unwritable + ": cannot write it")
        .contains("give a writable path")
        .doesNotContain("internal error");
    assertThat(model.err)
        .contains("Invalid value for option '--model': unknown model 'fibers'")
        .contains("sequential, threads, virtual, async, processes, cluster, auto");
    assertThat(timeout.err)
        .contains("Invalid value for option '--timeout': 'soon' is not a duration");
    assertThat(size.err).contains("Invalid value for option '--max-size': '1x' is not a size");
    assertThat(rate.err).contains("Invalid value for option '--rate': 'fast' is not a rate");
    for (Cli r : List.of(model, timeout, size, rate)) {
      assertThat(r.exit).as(r.err).isEqualTo(ExitCode.USAGE);
      assertThat(r.err)
          .as("no Java class names")
          .doesNotContain("java.lang")
          .doesNotContain("cannot convert");
    }
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  private static long lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> s = Files.lines(file)) {
      return s.count();
    }
  }
}
