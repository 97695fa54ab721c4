package dev.fanout.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the speed work on both clients must keep: a pooled connection the server closed while idle
 * is replaced once, unseen (the blocking client's bare exchanges have no library retry and do it
 * themselves); a bare exchange still gets the client's User-Agent, not the library's; and one
 * deadline timer per client still ends every request at its own {@code --timeout}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReusedConnectionTest {
  /**
   * Answers one request per connection with keep-alive, then closes that connection after {@code
   * closeAfterMs}: the client's pooled copy goes stale.
   */
  private static final class OneShotServer extends RawServer {
    private final long closeAfterMs;
    final List<String> heads = java.util.Collections.synchronizedList(new ArrayList<>());

    OneShotServer(long closeAfterMs) throws IOException {
      this.closeAfterMs = closeAfterMs;
      start();
    }

    @Override
    void serve(Socket s) {
      try (s) {
        heads.add(String.join("\n", ForwardProxy.readHead(s.getInputStream())));
        OutputStream out = s.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(closeAfterMs); // idle, then gone: the client still holds it in its pool
      } catch (IOException | InterruptedException e) {
        // the client hung up first
      }
    }
  }

  @Test
  void blocking_staleConnection_replacedOnce_andTheOwnUserAgentSent() throws Exception {
    try (OneShotServer server = new OneShotServer(50);
        BlockingHttpClient client = new BlockingHttpClient(HttpSettings.defaults())) {
      for (int i = 0; i < 3; i++) {
        HttpResult r = client.get(server.url("/x" + i), BodySink.discard());
        assertThat(r.bytes()).isEqualTo(5);
        Thread.sleep(300); // the server closes the pooled connection meanwhile
      }

      assertThat(server.connections.get()).isGreaterThanOrEqualTo(3);
      assertThat(server.heads)
          .allSatisfy(
              h ->
                  assertThat(h)
                      .contains("User-Agent: " + HttpSettings.DEFAULT_USER_AGENT)
                      .doesNotContain("Apache-HttpClient"));
    }
  }

  @Test
  void async_staleConnection_replacedOnce() throws Exception {
    try (OneShotServer server = new OneShotServer(50);
        NettyHttpClient client = NettyHttpClient.standalone(HttpSettings.defaults())) {
      for (int i = 0; i < 3; i++) {
        HttpResult r =
            client.get(server.url("/x" + i), BodySink.discard()).get(10, TimeUnit.SECONDS);
        assertThat(r.bytes()).isEqualTo(5);
        Thread.sleep(300);
      }

      assertThat(server.connections.get()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void bothClients_manyStalledRequests_eachEndsAtItsOwnDeadline() throws Exception {
    HttpSettings s =
        HttpSettings.of(
            new HttpLimits(
                java.time.Duration.ofSeconds(2), java.time.Duration.ofMillis(400), 10, 1 << 20));
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0);
        BlockingHttpClient blocking = new BlockingHttpClient(s);
        NettyHttpClient async = NettyHttpClient.standalone(s)) {
      List<CompletableFuture<HttpResult>> all = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        String slow = server.url("/p/s" + i + "?ms=5000&size=10");
        all.add(async.get(slow, BodySink.discard()));
        all.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return blocking.get(slow, BodySink.discard());
                  } catch (IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                  }
                },
                r -> Thread.ofVirtual().start(r)));
        // a fast one between the slow ones: ends well before the slow ones' deadline
        assertThat(
                blocking.get(server.url("/p/f" + i + "?ms=0&size=10"), BodySink.discard()).bytes())
            .isEqualTo(10);
      }
      for (CompletableFuture<HttpResult> f : all) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasMessageContaining("timed out");
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(ms)
          .as("every slow request ended by its deadline, not the server's 5 s")
          .isLessThan(4000);
    }
  }
}
