package dev.fanout.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.contract.ModelContractTest;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchResult;
import dev.fanout.jobs.fetch.FetchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP setting, on every model, against real servers on loopback: one {@link HttpSettings},
 * one behaviour, whichever client the model uses. Processes get theirs with the task, encoded by
 * the codecs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpFeaturesTest {
  private static final String CA = OriginServer.text("tls/ca.pem");

  private OriginServer plain;
  private OriginServer tls;
  private OriginServer otherName;

  @BeforeAll
  void start() throws Exception {
    plain = new OriginServer(null);
    tls = new OriginServer("localhost");
    otherName = new OriginServer("other");
  }

  @AfterAll
  void stop() {
    plain.close();
    tls.close();
    otherName.close();
  }

  /** The in-JVM models: each test here runs on all of them. */
  Stream<Model> models() {
    return Stream.of(Model.SEQUENTIAL, Model.THREADS, Model.VIRTUAL, Model.ASYNC);
  }

  /**
   * Plus {@code processes}, for the tests that show the settings reach worker JVMs with the task (a
   * worker JVM per test is slow, so not every test runs there).
   */
  Stream<Model> modelsAndWorkerJvms() {
    return Stream.concat(models(), Stream.of(Model.PROCESSES));
  }

  static HttpSettings with(
      List<String> headers,
      String agent,
      String user,
      Map<String, String> netrc,
      String ca,
      boolean insecure,
      String proxy,
      String noProxy,
      boolean compressed) {
    HttpSettings d = HttpSettings.defaults();
    return new HttpSettings(
        2_000,
        10_000,
        5,
        d.maxSize(),
        headers,
        agent == null ? d.userAgent() : agent,
        user,
        netrc,
        ca,
        insecure,
        proxy,
        proxy,
        noProxy,
        compressed,
        false);
  }

  static HttpSettings trusting(String ca) {
    return with(List.of(), null, null, Map.of(), ca, false, null, null, false);
  }

  static Outcome<String, FetchResult> fetch(
      Model model, HttpSettings s, String url, Path out, int retries) {
    assumeTrue(ModelContractTest.available(model), model + " is not in this build");
    Fanout.Builder b = Fanout.builder().model(model).concurrency(2);
    if (model == Model.THREADS || model.crossesProcesses()) {
      b.workers(1);
    }
    try (Fanout f = FetchJob.configure(b, model, retries, 0).build()) {
      return FetchJob.map(f, new FetchSettings(s, out), List.of(url)).get(0);
    }
  }

  static String error(Outcome<String, FetchResult> o) {
    assertThat(o).isInstanceOf(Outcome.Failure.class);
    return ((Outcome.Failure<String, FetchResult>) o).message();
  }

  // ---- TLS ----

  @ParameterizedTest
  @MethodSource("modelsAndWorkerJvms")
  void tls_privateCaWithCacert_fetchedOverHttp11(Model model) {
    Outcome<String, FetchResult> o =
        fetch(model, trusting(CA), tls.url("localhost", "/hello"), null, 0);

    assertThat(o).isInstanceOf(Outcome.Success.class);
    FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
    assertThat(r.bytes()).isEqualTo(5);
    assertThat(r.protocol()).isEqualTo("HTTP/1.1");
  }

  @ParameterizedTest
  @MethodSource("models")
  void tls_privateCaWithoutCacert_failsOnceNamingTheFix(Model model) {
    Outcome<String, FetchResult> o =
        fetch(model, HttpSettings.defaults(), tls.url("localhost", "/hello"), null, 2);

    assertThat(error(o)).contains("not signed by a trusted authority").contains("--cacert");
    assertThat(o.attempts()).isEqualTo(1);
  }

  /** The finding: the blocking models accepted a certificate for any other host name. */
  @ParameterizedTest
  @MethodSource("modelsAndWorkerJvms")
  void tls_certificateForAnotherName_refusedEvenWithItsCaTrusted(Model model) {
    Outcome<String, FetchResult> o =
        fetch(model, trusting(CA), otherName.url("localhost", "/hello"), null, 2);

    assertThat(error(o)).contains("TLS error").contains("another host name").contains("localhost");
    assertThat(o.attempts()).isEqualTo(1);
  }

  /** Regression: async waited for --timeout when a body ended with TLS close_notify. */
  @ParameterizedTest
  @MethodSource("models")
  void tls_bodyEndedByCloseNotify_completeAtOnce(Model model) {
    Outcome<String, FetchResult> o =
        fetch(model, trusting(CA), tls.url("localhost", "/tls-end"), null, 0);

    FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
    assertThat(r.bytes()).isEqualTo("ended by close_notify".length());
    assertThat(r.protocol()).isEqualTo("HTTP/1.0");
  }

  @ParameterizedTest
  @MethodSource("models")
  void tls_insecure_acceptsAnyCertificate(Model model) {
    HttpSettings insecure = with(List.of(), null, null, Map.of(), null, true, null, null, false);

    Outcome<String, FetchResult> o =
        fetch(model, insecure, otherName.url("localhost", "/hello"), null, 0);

    assertThat(o).isInstanceOf(Outcome.Success.class);
  }

  // ---- HTTP/2 ----

  /** HTTP/2 by ALPN where the client has it (async, Netty's codec); --http1.1 turns it off. */
  @ParameterizedTest
  @MethodSource("models")
  void http2_negotiatedByAlpnWhereTheClientHasIt_recordedInTheResult(Model model) throws Exception {
    try (OriginServer h2 = new OriginServer("localhost", true)) {
      HttpSettings s = trusting(CA);
      HttpSettings http11 =
          new HttpSettings(
              s.connectTimeoutMs(),
              s.timeoutMs(),
              s.maxRedirects(),
              s.maxSize(),
              s.headers(),
              s.userAgent(),
              s.user(),
              s.netrc(),
              s.caCertPem(),
              s.insecure(),
              s.httpProxy(),
              s.httpsProxy(),
              s.noProxy(),
              s.compressed(),
              true);

      Outcome<String, FetchResult> o = fetch(model, s, h2.url("localhost", "/two"), null, 0);
      Outcome<String, FetchResult> o11 = fetch(model, http11, h2.url("localhost", "/one"), null, 0);

      FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
      assertThat(r.protocol()).isEqualTo(model == Model.ASYNC ? "HTTP/2" : "HTTP/1.1");
      assertThat(r.bytes()).isEqualTo("/two".length());
      assertThat(((Outcome.Success<String, FetchResult>) o11).result().protocol())
          .isEqualTo("HTTP/1.1");
    }
  }

  /** Many requests at once to one HTTP/2 host: all answered, over streams of shared connections. */
  @org.junit.jupiter.api.Test
  void http2_manyAtOnce_allAnsweredOverHttp2() throws Exception {
    try (OriginServer h2 = new OriginServer("localhost", true)) {
      List<String> urls =
          java.util.stream.IntStream.range(0, 60)
              .mapToObj(i -> h2.url("localhost", "/many-" + i))
              .toList();
      Fanout.Builder b = Fanout.builder().model(Model.ASYNC).concurrency(20);
      try (Fanout f = FetchJob.configure(b, Model.ASYNC, 0, 0).build()) {
        List<Outcome<String, FetchResult>> out =
            FetchJob.map(f, new FetchSettings(trusting(CA), null), urls);

        assertThat(out)
            .allSatisfy(o -> assertThat(o).as("%s", o).isInstanceOf(Outcome.Success.class));
        assertThat(out)
            .allSatisfy(
                o ->
                    assertThat(((Outcome.Success<String, FetchResult>) o).result().protocol())
                        .isEqualTo("HTTP/2"));
      }
    }
  }

  // ---- headers and credentials ----

  @ParameterizedTest
  @MethodSource("modelsAndWorkerJvms")
  void headers_userAgentAndCustomHeadersSent(Model model) {
    HttpSettings s =
        with(
            List.of("X-Test: one two", "Accept:"),
            "probe/1.0",
            null,
            Map.of(),
            null,
            false,
            null,
            null,
            false);

    Outcome<String, FetchResult> o = fetch(model, s, plain.url("/h-" + model), null, 0);

    assertThat(o).isInstanceOf(Outcome.Success.class);
    OriginServer.Seen seen = find(plain, "/h-" + model);
    assertThat(seen.header("User-Agent")).isEqualTo("probe/1.0");
    assertThat(seen.header("X-Test")).isEqualTo("one two");
    assertThat(seen.header("Accept")).isNull();
  }

  @ParameterizedTest
  @MethodSource("models")
  void credentials_fromUrl_sentAsBasicAndNeverShown(Model model) {
    String url = "http://alice:s3cret@127.0.0.1:" + plain.port() + "/u-" + model;

    Outcome<String, FetchResult> o = fetch(model, HttpSettings.defaults(), url, null, 0);

    FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
    assertThat(find(plain, "/u-" + model).header("Authorization"))
        .isEqualTo("Basic " + b64("alice:s3cret"));
    assertThat(Urls.redact(url)).doesNotContain("s3cret").doesNotContain("alice");
    assertThat(r.url()).isEqualTo(url); // the input as given: the run shows it redacted
  }

  /** Credentials and Authorization never follow a redirect to another host. */
  @ParameterizedTest
  @MethodSource("models")
  void credentials_redirectToAnotherHost_notSent(Model model) {
    HttpSettings s =
        with(
            List.of("Authorization: Bearer t0ken"),
            null,
            "bob:pw",
            Map.of(),
            null,
            false,
            null,
            null,
            false);
    String elsewhere = plain.url("localhost", "/landed-" + model); // 127.0.0.1 -> localhost
    String url = plain.url("/redirect?to=" + elsewhere);

    Outcome<String, FetchResult> o = fetch(model, s, url, null, 0);

    assertThat(o).isInstanceOf(Outcome.Success.class);
    assertThat(find(plain, "/landed-" + model).header("Authorization")).isNull();
  }

  @ParameterizedTest
  @MethodSource("modelsAndWorkerJvms")
  void netrc_credentialsForTheHost(Model model) {
    HttpSettings s =
        with(
            List.of(),
            null,
            null,
            Netrc.parse("machine 127.0.0.1 login carol password pw9\nmachine x login y password z"),
            null,
            false,
            null,
            null,
            false);

    fetch(model, s, plain.url("/n-" + model), null, 0);

    assertThat(find(plain, "/n-" + model).header("Authorization"))
        .isEqualTo("Basic " + b64("carol:pw9"));
  }

  // ---- proxies ----

  @ParameterizedTest
  @MethodSource("models")
  void proxy_httpThroughProxyWithCredentials_absoluteForm(Model model) throws Exception {
    try (ForwardProxy proxy = new ForwardProxy("pu:pp")) {
      String proxyUrl = "http://pu:pp@127.0.0.1:" + proxy.port();
      HttpSettings s = with(List.of(), null, null, Map.of(), null, false, proxyUrl, null, false);
      String url = "http://far.example:" + plain.port() + "/caf\u00e9-" + model + "?q=\u00fc";

      Outcome<String, FetchResult> o = fetch(model, s, url, null, 0);

      assertThat(o).isInstanceOf(Outcome.Success.class);
      assertThat(proxy.requestLines)
          .contains(
              "GET http://far.example:"
                  + plain.port()
                  + "/caf%C3%A9-"
                  + model
                  + "?q=%C3%BC HTTP/1.1");
      assertThat(find(plain, "/caf%C3%A9-" + model + "?q=%C3%BC").header("Host"))
          .isEqualTo("far.example:" + plain.port());
    }
  }

  @ParameterizedTest
  @MethodSource("modelsAndWorkerJvms")
  void proxy_httpsThroughConnectTunnel_certificateStillChecked(Model model) throws Exception {
    try (ForwardProxy proxy = new ForwardProxy("pu:pp")) {
      String proxyUrl = "http://pu:pp@127.0.0.1:" + proxy.port();
      HttpSettings s = with(List.of(), null, null, Map.of(), CA, false, proxyUrl, null, false);

      Outcome<String, FetchResult> ok =
          fetch(model, s, tls.url("localhost", "/t-" + model), null, 0);
      Outcome<String, FetchResult> bad =
          fetch(model, s, otherName.url("localhost", "/t-" + model), null, 0);

      assertThat(ok).isInstanceOf(Outcome.Success.class);
      assertThat(proxy.requestLines).contains("CONNECT localhost:" + tls.port() + " HTTP/1.1");
      assertThat(error(bad)).contains("another host name");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void noProxy_listedHostGoesDirect(Model model) throws Exception {
    try (ForwardProxy proxy = new ForwardProxy(null)) {
      HttpSettings s =
          with(
              List.of(),
              null,
              null,
              Map.of(),
              null,
              false,
              proxy.url(),
              "example.com,127.0.0.1",
              false);

      Outcome<String, FetchResult> o = fetch(model, s, plain.url("/np-" + model), null, 0);

      assertThat(o).isInstanceOf(Outcome.Success.class);
      assertThat(proxy.requestLines).isEmpty();
    }
  }

  // ---- compression ----

  @ParameterizedTest
  @MethodSource("models")
  void compressed_gzipBodyStoredDecoded(Model model, @TempDir Path dir) throws Exception {
    HttpSettings s = with(List.of(), null, null, Map.of(), null, false, null, null, true);

    Outcome<String, FetchResult> o = fetch(model, s, plain.url("/gzip?size=100000"), dir, 0);

    FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
    assertThat(r.bytes()).isEqualTo(100_000);
    assertThat(Files.readString(dir.resolve(r.file()))).isEqualTo("a".repeat(100_000));
  }

  /** Brotli is asked for and decoded on every model (the brotli4j natives ship for Linux). */
  @ParameterizedTest
  @MethodSource("models")
  void compressed_brotliBodyStoredDecoded(Model model, @TempDir Path dir) throws Exception {
    HttpSettings s = with(List.of(), null, null, Map.of(), null, false, null, null, true);

    String uri = "/br?size=200000&m=" + model;
    Outcome<String, FetchResult> o = fetch(model, s, plain.url(uri), dir, 0);

    assertThat(o).as("%s", o).isInstanceOf(Outcome.Success.class);
    FetchResult r = ((Outcome.Success<String, FetchResult>) o).result();
    assertThat(r.bytes()).isEqualTo(200_000);
    assertThat(Files.readString(dir.resolve(r.file()))).isEqualTo("b".repeat(200_000));
    assertThat(find(plain, uri).headers().get("accept-encoding")).isEqualTo("gzip, deflate, br");
  }

  /** A decompression bomb: --max-size counts decoded bytes. */
  @ParameterizedTest
  @MethodSource("models")
  void compressed_maxSizeCountsDecodedBytes(Model model, @TempDir Path dir) throws Exception {
    HttpSettings s =
        with(List.of(), null, null, Map.of(), null, false, null, null, true)
            .withLimits(
                new HttpLimits(
                    java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10), 5, 50_000));

    Outcome<String, FetchResult> o = fetch(model, s, plain.url("/gzip?size=5000000"), dir, 0);

    assertThat(error(o)).contains("--max-size");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void toAscii_idnHostAndNonAsciiPath_punycodeAndUtf8PercentEncoding() throws Exception {
    HttpTarget t = HttpTarget.parse("http://b\u00fccher.example:8080/caf\u00e9?q=\u00fc#frag");

    assertThat(t.host()).isEqualTo("xn--bcher-kva.example");
    assertThat(t.requestTarget()).isEqualTo("/caf%C3%A9?q=%C3%BC");
  }

  static OriginServer.Seen find(OriginServer server, String uri) {
    return server.seen.stream()
        .filter(s -> s.uri().equals(uri))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("the server never saw " + uri + ": " + server.seen));
  }

  static String b64(String s) {
    return java.util.Base64.getEncoder()
        .encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
