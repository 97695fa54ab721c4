package dev.fanout.jobs.fetch;

import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BlockingHttpClient;
import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.HttpResult;
import java.util.Map;

/**
 * Fetches one URL with the worker's {@link BlockingHttpClient}: the seed's {@code
 * download_site(url)} with a {@code requests.Session} per thread. Runs on every model; the run
 * needs {@link BlockingClientResource} as its resource. With {@link FetchSettings#out()} the body
 * is left whole and forced to the disk in its {@linkplain PartFile partial file}; the caller's
 * {@link Folder} gives it its name ({@link FetchJob} and the CLI do).
 *
 * <p>Thread-safe (stateless but for its settings).
 */
public final class FetchTask implements Task<String, FetchResult> {
  private final FetchSettings settings;

  /** Settings from the {@code fanout.fetch.*} system properties: for worker JVMs. */
  public FetchTask() {
    this(FetchSettings.fromSystemProperties());
  }

  public FetchTask(FetchSettings settings) {
    this.settings = settings;
  }

  @Override
  public FetchResult run(String url, Worker worker) throws Exception {
    HttpClients<BlockingHttpClient> clients = worker.resource();
    BlockingHttpClient client = clients.forSettings(settings.http());
    HttpResult r;
    Map<String, String> digests = Map.of();
    if (settings.out() == null) {
      r = client.get(url, BodySink.discard());
    } else {
      try (PartFile part = PartFile.open(settings.out(), url, false, settings.digests())) {
        r = client.get(url, part);
        digests = part.complete();
      }
    }
    worker.addBytes(r.bytes());
    return new FetchResult(url, r.status(), r.bytes(), null, r.redirects(), r.protocol(), digests);
  }
}
