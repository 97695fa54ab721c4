package dev.fanout.jobs.bench;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.fetch.AsyncFetchTask;
import dev.fanout.jobs.fetch.BlockingClientResource;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.fetch.FetchTask;
import dev.fanout.jobs.fetch.NettyClientResource;
import dev.fanout.jobs.http.SlowSiteServer;
import java.util.List;

/**
 * The seed's I/O workload: 160 downloads, 80 pages of 10 KiB and 80 of 300 B, each answering after
 * 100 ms, from an embedded {@link SlowSiteServer} on loopback (or the user's URLs). {@code async}
 * runs the non-blocking fetch on its one loop; every other model, {@code auto} included, runs the
 * blocking fetch, the version a user writes first (auto then picks among the blocking models).
 */
final class IoWorkload implements Workload {
  /** The seed's batch size. */
  static final int DEFAULT_COUNT = 160;

  private final SlowSiteServer server; // null with the user's URLs
  private final List<String> urls;
  private final FetchTask blocking = new FetchTask(FetchSettings.defaults());
  private final AsyncFetchTask async = new AsyncFetchTask(FetchSettings.defaults());

  private final int delayMs; // of the embedded server's pages

  private IoWorkload(SlowSiteServer server, List<String> urls) {
    this(server, urls, SlowSiteServer.DELAY_MS);
  }

  private IoWorkload(SlowSiteServer server, List<String> urls, int delayMs) {
    this.server = server;
    this.urls = List.copyOf(urls);
    this.delayMs = delayMs;
  }

  /** The built-in workload, {@code count} pages, on a server of its own. */
  static IoWorkload embedded(int count) {
    SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0);
    return new IoWorkload(server, server.urls(count));
  }

  /**
   * {@code count} pages of {@code size} bytes answering after {@code delayMs}, on a server of its
   * own.
   */
  static IoWorkload embedded(int count, int delayMs, int size) {
    SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0);
    List<String> urls = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      urls.add(SlowSiteServer.pageUrl(server.host(), server.port(), i, delayMs, size));
    }
    return new IoWorkload(server, urls, delayMs);
  }

  /** The user's URLs. */
  static IoWorkload of(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("the URL list is empty: give at least one URL");
    }
    return new IoWorkload(null, urls);
  }

  @Override
  public String name() {
    return "io";
  }

  @Override
  public String title() {
    return server != null
        ? urls.size()
            + " downloads, "
            + delayMs
            + (delayMs == SlowSiteServer.DELAY_MS
                ? " ms each (half 10 KiB, half 300 B), from a local slow site"
                : " ms each, from a local slow site")
        : urls.size() + " downloads of your URLs";
  }

  @Override
  public List<?> inputs() {
    return urls;
  }

  private static boolean nonBlocking(Model model) {
    return model == Model.ASYNC;
  }

  @Override
  public void configure(Fanout.Builder builder, Model model) {
    builder.resource(nonBlocking(model) ? new NettyClientResource() : new BlockingClientResource());
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<? extends Outcome<?, ?>> run(Fanout fanout, Model model, List<?> inputs) {
    List<String> in = (List<String>) inputs;
    return nonBlocking(model) ? fanout.mapAsync(async, in) : fanout.map(blocking, in);
  }

  @Override
  public long idealNanos(List<ModelResult> results, int cores) {
    if (server != null) {
      return delayMs * 1_000_000L;
    }
    // the user's sites: no batch can beat its slowest single download
    return results.stream()
        .flatMap(r -> r.median().spans().stream())
        .mapToLong(TaskSpan::wallNanos)
        .min()
        .orElse(0);
  }

  @Override
  public String idealLabel(int cores) {
    return server != null
        ? "the latency floor: every download waits "
            + delayMs
            + " ms, so even all at once the batch takes that long"
        : "the latency floor: the quickest single download seen";
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
