package dev.fanout.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchResult;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.http.SlowSiteServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 10,000 URLs at 1,000 in flight on the two models built for it: every URL has exactly one outcome,
 * each a success, and the server saw each URL once. (100,000 tasks on every model are in {@code
 * ModelContractTest.stream_pullsInputsLazilyAndKeepsInFlightBounded}.)
 */
class FetchLoadTest {
  private static final int URLS = 10_000;

  @ParameterizedTest
  @ValueSource(strings = {"async", "virtual"})
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void fetch_10000UrlsAtConcurrency1000_everyUrlExactlyOneSuccess(String name) {
    Model model = Model.parse(name);
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0, 2);
        Fanout f =
            FetchJob.configure(Fanout.builder().model(model).concurrency(1000), model, 0, 0)
                .build()) {
      List<String> urls =
          IntStream.range(0, URLS)
              .mapToObj(i -> SlowSiteServer.pageUrl("127.0.0.1", server.port(), i, 0, 200))
              .toList();

      List<Outcome<String, FetchResult>> out = FetchJob.map(f, FetchSettings.defaults(), urls);

      assertThat(out).hasSize(URLS);
      Set<Long> indexes = new HashSet<>();
      for (int i = 0; i < URLS; i++) {
        Outcome<String, FetchResult> o = out.get(i);
        assertThat(o.isSuccess()).as("%s", o).isTrue();
        assertThat(o.input()).isEqualTo(urls.get(i));
        assertThat(o.value().bytes()).isEqualTo(200);
        indexes.add(o.index());
      }
      assertThat(indexes).hasSize(URLS);
      assertThat(server.requests()).isEqualTo(URLS); // none lost, none fetched twice
    }
  }
}
