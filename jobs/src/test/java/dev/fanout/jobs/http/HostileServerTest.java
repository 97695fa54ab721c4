package dev.fanout.jobs.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.fetch.FetchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers that break HTTP, on every model: each fails its URL with a message naming it, and never
 * leaves a file under its final name (the blocking client stored truncated bodies as complete).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerTest {
  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  static Stream<Arguments> cases() {
    String[][] responses = {
      {"chunk data longer than its size", CHUNKED + "5\r\nhelloEXTRA-DATA\r\n0\r\n\r\n"},
      {"negative chunk size", CHUNKED + "-5\r\nhello\r\n0\r\n\r\n"},
      {"chunk size with a plus sign", CHUNKED + "+5\r\nhello\r\n0\r\n\r\n"},
      {"chunk size over 2^62", CHUNKED + "7fffffffffffffff\r\nhello"},
      {
        "two different Content-Length headers",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 10\r\n\r\nhelloworld"
      },
      {
        "a header line over 64 KiB",
        "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\nContent-Length: 5\r\n\r\nhello"
      },
      {
        "a header block over 64 KiB",
        "HTTP/1.1 200 OK\r\n"
            + "X-Many: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(2000)
            + "Content-Length: 5\r\n\r\nhello"
      },
      {"endless header lines", "HTTP/1.1 200 OK\r\n"},
      {"a body shorter than announced", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello"},
    };
    return Stream.of(Model.SEQUENTIAL, Model.THREADS, Model.VIRTUAL, Model.ASYNC)
        .flatMap(m -> Stream.of(responses).map(r -> Arguments.of(m, r[0], r[1])));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void fetch_hostileResponse_failsAndStoresNothing(
      Model model, String what, String response, @TempDir Path dir) throws Exception {
    try (HostileServer server = new HostileServer(response, what.startsWith("endless"))) {
      String url = server.url("/file.bin");

      Outcome<String, FetchResult> o =
          HttpFeaturesTest.fetch(model, HttpSettings.defaults(), url, dir, 0);
      if (what.contains("plus sign") && o instanceof Outcome.Success<String, FetchResult> s) {
        // HttpClient reads "+5" as 5 (Long.parseLong): the body is whole, never truncated
        assertThat(Files.readString(dir.resolve(s.result().file()))).isEqualTo("hello");
        return;
      }

      assertThat(HttpFeaturesTest.error(o)).as(what).contains(url);
      assertThat(Files.exists(dir.resolve("file.bin"))).as(what).isFalse();
      try (Stream<Path> left = Files.list(dir)) {
        // a body cut short keeps its bytes in a partial file for -C (issue 13), never under a
        // name a download gets; nothing else is left
        assertThat(left.map(p -> p.getFileName().toString()))
            .as(what)
            .allMatch(n -> n.startsWith(".fanout-") && n.endsWith(".part"));
      }
    }
  }
}
