package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.HttpSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad proxy is one usage error before the run, naming where it came from. */
class HttpOptionsTest {
  @Test
  void badProxy_fromTheEnvironmentOrTheOption_isAUsageErrorNamingIt() {
    HttpOptions fromEnv = new HttpOptions();
    assertThatThrownBy(
            () -> fromEnv.settings(HttpLimits.defaults(), Map.of("https_proxy", "socks5://h:1")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("https_proxy (or all_proxy): proxy 'socks5://h:1'")
        .hasMessageContaining("only HTTP proxies")
        .hasMessageEndingWith("or unset the variable, or give -x/--proxy");
    assertThatThrownBy(
            () -> fromEnv.settings(HttpLimits.defaults(), Map.of("ALL_PROXY", "http://[oops")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("http_proxy (or all_proxy): proxy 'http://[oops' is not a URL");

    HttpOptions option = new HttpOptions();
    option.proxy = "http://user:secret@[bad";
    assertThatThrownBy(
            () -> option.settings(HttpLimits.defaults(), Map.of("http_proxy", "http://h:3128")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("-x/--proxy: proxy ")
        .hasMessageNotContaining("secret");

    option.proxy = "127.0.0.1:3128"; // the scheme is optional, as curl takes it
    HttpSettings ok = option.settings(HttpLimits.defaults(), Map.of("http_proxy", "http://[bad"));
    assertThat(ok.httpProxy()).isEqualTo("127.0.0.1:3128");
    assertThat(ok.httpsProxy()).isEqualTo("127.0.0.1:3128");
  }
}
