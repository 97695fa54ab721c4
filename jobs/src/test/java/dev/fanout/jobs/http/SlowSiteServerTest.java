package dev.fanout.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowSiteServerTest {
  private SlowSiteServer server;

  @BeforeAll
  void start() {
    server = SlowSiteServer.start("127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void urls_seedWorkload_halfBigHalfSmallAt100ms() {
    List<String> urls = server.urls(4);

    assertThat(urls)
        .containsExactly(
            server.url("/p/0?ms=100&size=10240"),
            server.url("/p/1?ms=100&size=10240"),
            server.url("/p/2?ms=100&size=300"),
            server.url("/p/3?ms=100&size=300"));
  }

  @Test
  void serve_manyConcurrentConnections_allAnsweredAndCounted() throws Exception {
    int n = 1000;
    try (NettyHttpClient client = NettyHttpClient.standalone(HttpSettings.defaults())) {
      server.resetCounters();
      List<CompletableFuture<HttpResult>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(client.get(server.url("/p/" + i + "?ms=200&size=100"), BodySink.discard()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(all).allSatisfy(f -> assertThat(f.get().bytes()).isEqualTo(100));
      assertThat(server.requests()).isEqualTo(n);
      assertThat(server.peakConnections("127.0.0.1")).isGreaterThan(100);
    }
  }

  @Test
  void get_blockingClient_keepsConnectionsAlive() throws Exception {
    try (BlockingHttpClient client = new BlockingHttpClient(HttpSettings.defaults())) {
      server.resetCounters();
      for (int i = 0; i < 20; i++) {
        client.get(server.url("/p/" + i + "?size=50000"), BodySink.discard());
      }

      assertThat(server.requests()).isEqualTo(20);
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void get_503WithRetryAfter_errorCarriesTheWait() {
    try (BlockingHttpClient client = new BlockingHttpClient(HttpSettings.defaults())) {
      assertThatThrownBy(() -> client.get(server.url("/p/x?fail=1000&after=7"), BodySink.discard()))
          .isInstanceOfSatisfying(
              HttpException.class,
              e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
              });
    }
  }

  @Test
  void parseRetryAfter_secondsDateOrJunk() {
    assertThat(HttpException.parseRetryAfter("120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(HttpException.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpException.parseRetryAfter("soon")).isNull();
    assertThat(HttpException.retryableStatus(404)).isFalse();
    assertThat(HttpException.retryableStatus(408)).isTrue();
    assertThat(HttpException.retryableStatus(429)).isTrue();
    assertThat(HttpException.retryableStatus(502)).isTrue();
  }
}
