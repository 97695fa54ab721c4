package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.contract.ModelContractTest;
import dev.fanout.jobs.http.HttpException;
import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fetch job against the slow-site server on loopback, on every model this build can run: the
 * models still being built join as soon as their engine is on the classpath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FetchJobTest {
  private SlowSiteServer server;

  @BeforeAll
  void startServer() {
    server = SlowSiteServer.start("127.0.0.1", 0);
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  Stream<Model> models() {
    return Arrays.stream(Model.values()).filter(m -> m != Model.AUTO);
  }

  private Fanout fanout(Model model, int retries, int perHost, int concurrency) {
    return fanout(model, retries, perHost, concurrency, FetchSettings.defaults());
  }

  private Fanout fanout(
      Model model, int retries, int perHost, int concurrency, FetchSettings settings) {
    assumeTrue(ModelContractTest.available(model), model + " is not in this build");
    Fanout.Builder b = Fanout.builder().model(model);
    if (concurrency > 0 && model != Model.SEQUENTIAL) {
      b.concurrency(concurrency);
      if (model == Model.THREADS) {
        b.workers(concurrency);
      }
      if (model.crossesProcesses()) {
        b.threadsPerWorker(Math.max(1, concurrency / 2));
      }
    }
    return FetchJob.configure(b, model, retries, perHost).build();
  }

  private static FetchSettings limits(Duration timeout, long maxSize, Path out) {
    return new FetchSettings(new HttpLimits(Duration.ofSeconds(2), timeout, 10, maxSize), out);
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_seedWorkload_countsAndBytesExact(Model model) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 40; i++) { // the seed's mix at a shorter delay, to keep the suite quick
      urls.add(SlowSiteServer.pageUrl("127.0.0.1", server.port(), i, 10, i < 20 ? 10240 : 300));
    }
    try (Fanout f = fanout(model, 0, 0, 20)) {
      List<Outcome<String, FetchResult>> out = FetchJob.map(f, FetchSettings.defaults(), urls);

      assertThat(out).allMatch(Outcome::isSuccess);
      assertThat(out.stream().mapToLong(o -> o.value().bytes()).sum())
          .isEqualTo(20 * 10240L + 20 * 300L);
      assertThat(out).extracting(o -> o.value().status()).containsOnly(200);
      assertThat(out).extracting(Outcome::input).containsExactlyElementsOf(urls);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_503WithRetryAfter_retriedUntilSuccess(Model model) {
    String url = server.url("/flaky/" + model + "-" + System.nanoTime() + "?n=2&after=0");
    try (Fanout f = fanout(model, 2, 0, 0)) {
      Outcome<String, FetchResult> o =
          FetchJob.map(f, FetchSettings.defaults(), List.of(url)).get(0);

      assertThat(o.isSuccess()).as("%s", o).isTrue();
      assertThat(o.attempts()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_503BeyondRetries_failsNamingStatusAndUrl(Model model) {
    String url = server.url("/flaky/" + model + "-" + System.nanoTime() + "?n=5&after=0");
    try (Fanout f = fanout(model, 1, 0, 0)) {
      Outcome<String, FetchResult> o =
          FetchJob.map(f, FetchSettings.defaults(), List.of(url)).get(0);

      assertThat(o).isInstanceOf(Outcome.Failure.class);
      assertThat(o.attempts()).isEqualTo(2);
      assertThat(((Outcome.Failure<?, ?>) o).message()).contains("HTTP 503").contains(url);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_perHostLimit_neverExceededAtTheServer(Model model) {
    // a server of its own: stalled requests of other tests must not count here
    try (SlowSiteServer own = SlowSiteServer.start("127.0.0.1", 0, 1)) {
      List<String> urls =
          IntStream.range(0, 24)
              .mapToObj(i -> SlowSiteServer.pageUrl("127.0.0.1", own.port(), i, 30, 300))
              .toList();
      try (Fanout f = fanout(model, 0, 3, 16)) {
        List<Outcome<String, FetchResult>> out = FetchJob.map(f, FetchSettings.defaults(), urls);

        assertThat(out).allMatch(Outcome::isSuccess);
      }
      assertThat(own.requests()).isEqualTo(24);
      assertThat(own.peakActive("127.0.0.1")).isBetween(1, 3);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_badInputs_eachOneFailureNamingItAndTheBatchGoesOn(Model model) throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> bad = new LinkedHashMap<>(); // URL -> words its error must contain
    bad.put("http://exa mple.com/x", "malformed URL");
    bad.put("ftp://127.0.0.1/file", "unsupported scheme");
    bad.put("http://no-such-host.invalid/", "unknown host");
    bad.put("http://127.0.0.1:" + closedPort + "/", "cannot connect");
    bad.put(server.url("/status/404"), "HTTP 404");
    bad.put(server.url("/stall"), "timed out");
    bad.put(server.url("/reset?size=3000"), "connection");
    bad.put(server.url("/p/big?size=5000"), "--max-size");
    bad.put(server.url("/loop"), "too many redirects");
    List<String> urls = new ArrayList<>(bad.keySet());
    String good = server.url("/redirect?n=3");
    urls.add(good);
    // 3 s: a fresh worker JVM loads the HTTP client's classes during its first requests, and the
    // redirect loop must reach its 10 hops within --timeout even on a busy machine
    FetchSettings settings = limits(Duration.ofSeconds(3), 4096, null);
    try (Fanout f = fanout(model, 0, 0, 16, settings)) {
      List<Outcome<String, FetchResult>> out = FetchJob.map(f, settings, urls);

      for (int i = 0; i < bad.size(); i++) {
        Outcome<String, FetchResult> o = out.get(i);
        assertThat(o).as("%s", o).isInstanceOf(Outcome.Failure.class);
        Throwable error = ((Outcome.Failure<?, ?>) o).error();
        assertThat(error).isInstanceOf(HttpException.class);
        assertThat(error.getMessage()).contains(urls.get(i).trim()).contains(bad.get(urls.get(i)));
      }
      assertThat(out.get(bad.size()).isSuccess()).as("%s", out.get(bad.size())).isTrue();
      assertThat(out.get(bad.size()).value().redirects()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void map_withOut_writesWholeFilesWithSafeNamesAndKeepsTheCutOnesPartialFile(
      Model model, @TempDir Path dir) throws IOException {
    List<String> urls =
        List.of(
            server.url("/p/a?size=70000"),
            server.url("/p/b?size=300"),
            server.url("/p/../../etc/passwd?size=10"),
            server.url("/reset"));
    FetchSettings settings = limits(Duration.ofSeconds(5), Long.MAX_VALUE, dir);
    try (Fanout f = fanout(model, 0, 0, 4, settings)) {
      List<Outcome<String, FetchResult>> out = FetchJob.map(f, settings, urls);

      assertThat(out.subList(0, 3)).allMatch(Outcome::isSuccess);
      assertThat(out.get(3).isSuccess()).isFalse();
      for (Outcome<String, FetchResult> o : out.subList(0, 3)) {
        Path file = dir.resolve(o.value().file());
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(o.value().file()).doesNotStartWith(".");
        assertThat(Files.size(file)).isEqualTo(o.value().bytes());
      }
      assertThat(Files.size(dir.resolve(out.get(0).value().file()))).isEqualTo(70000);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .filteredOn(n -> !n.startsWith("."))
            .hasSize(3);
      }
      // the reset URL's partial bytes stay under a name never taken for a download, for -C
      assertThat(Folder.partFile(dir, urls.get(3))).exists();
      assertThat(Folder.partFile(dir, urls.get(3)).getFileName().toString())
          .startsWith(PartFile.PREFIX)
          .endsWith(".part");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).hasSize(3 + 3); // the journal, the lock and one partial file
      }
    }
  }
}
