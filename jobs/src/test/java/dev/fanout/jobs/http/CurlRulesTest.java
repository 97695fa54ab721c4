package dev.fanout.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small rules fanout shares with curl: no_proxy, netrc, credentials, header lines. */
class CurlRulesTest {
  @Test
  void bypassed_noProxyList_matchesHostsAndSubdomainsOnly() {
    assertThat(Proxies.bypassed("example.com, .internal,10.0.0.1", "example.com")).isTrue();
    assertThat(Proxies.bypassed("example.com", "www.EXAMPLE.com")).isTrue();
    assertThat(Proxies.bypassed("example.com", "badexample.com")).isFalse();
    assertThat(Proxies.bypassed(".internal", "db.internal")).isTrue();
    assertThat(Proxies.bypassed("10.0.0.1", "10.0.0.12")).isFalse();
    assertThat(Proxies.bypassed("*", "anything")).isTrue();
    assertThat(Proxies.bypassed(null, "anything")).isFalse();
  }

  @Test
  void parse_proxyUrl_defaultsAndCredentials() throws Exception {
    assertThat(Proxies.parse("proxy.local"))
        .isEqualTo(new Proxies.Proxy("proxy.local", 1080, null));
    assertThat(Proxies.parse("http://u:p@10.1.2.3:3128"))
        .isEqualTo(new Proxies.Proxy("10.1.2.3", 3128, "u:p"));
    assertThatThrownBy(() -> Proxies.parse("socks5://h:1080"))
        .hasMessageContaining("only HTTP proxies");
  }

  @Test
  void parse_netrc_machinesDefaultAndMacrosSkipped() {
    Map<String, String> n =
        Netrc.parse(
            "machine a.example login al password pa\n"
                + "macdef init\nmachine evil login x password y\n\n"
                + "machine B.example\n  login bo\n  password pb\n"
                + "machine a.example login second password ignored\n"
                + "default login anon password guest\n");

    assertThat(n)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a.example", "al:pa", "b.example", "bo:pb", "", "anon:guest"));
  }

  @Test
  void redact_credentialsRemovedEverythingElseKept() {
    assertThat(Urls.redact("https://u:p%40ss@h.example:8443/a?b=c#d"))
        .isEqualTo("https://h.example:8443/a?b=c#d");
    assertThat(Urls.redact("http://h/x@y")).isEqualTo("http://h/x@y");
    assertThat(Urls.redact("not a url")).isEqualTo("not a url");
  }

  @Test
  void forHop_credentialsOnlyToTheFirstHost_headersReplaceDefaults() throws Exception {
    HttpSettings s = HttpSettings.defaults().withLimits(HttpLimits.defaults());
    s =
        new HttpSettings(
            s.connectTimeoutMs(),
            s.timeoutMs(),
            s.maxRedirects(),
            s.maxSize(),
            List.of("User-Agent: mine", "X-A: 1"),
            s.userAgent(),
            "u:p",
            Map.of(),
            null,
            false,
            null,
            null,
            null,
            false,
            false);
    HttpTarget first = HttpTarget.parse("http://a.example/x");
    HttpTarget same = HttpTarget.parse("http://A.example/y");
    HttpTarget other = HttpTarget.parse("http://a.example:8080/y");

    Map<String, String> h =
        RequestHeaders.forHop(
            s, HttpRequest.get("http://a.example/x").header("Range", "bytes=10-"), first, same);
    Map<String, String> away = RequestHeaders.forHop(s, HttpRequest.get("x"), first, other);

    assertThat(h)
        .containsEntry("User-Agent", "mine")
        .containsEntry("X-A", "1")
        .containsEntry("Range", "bytes=10-")
        .containsKey("Authorization");
    assertThat(away).doesNotContainKey("Authorization");
  }

  @Test
  void settings_badHeaderLines_refusedWithTheFix() {
    assertThatThrownBy(() -> HttpRequest.get("x").header("X", "a\r\nInjected: 1"))
        .hasMessageContaining("line break");
    assertThatThrownBy(() -> RequestHeaders.checkHeaderLine("no colon"))
        .hasMessageContaining("'Name: value'");
  }

  @Test
  void toString_settings_neverShowCredentials() {
    HttpSettings d = HttpSettings.defaults();
    HttpSettings s =
        new HttpSettings(
            d.connectTimeoutMs(),
            d.timeoutMs(),
            d.maxRedirects(),
            d.maxSize(),
            List.of(),
            d.userAgent(),
            "u:s3cret",
            Map.of("h", "a:s3cret"),
            null,
            false,
            "http://pu:s3cret@proxy:1",
            null,
            null,
            false,
            false);

    assertThat(s.toString()).doesNotContain("s3cret");
  }
}
