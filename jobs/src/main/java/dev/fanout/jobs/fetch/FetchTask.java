package dev.fanout.jobs.fetch;

import dev.fanout.Configured;
import dev.fanout.OutputFile;
import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BlockingHttpClient;
import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.HttpResult;
import java.nio.file.Path;

/**
 * Fetches one URL with the worker's {@link BlockingHttpClient}: the seed's {@code
 * download_site(url)} with a {@code requests.Session} per thread. Runs on every model; the run
 * needs {@link BlockingClientResource} as its resource.
 *
 * <p>Thread-safe (stateless but for its settings).
 */
public final class FetchTask implements Task<String, FetchResult>, Configured<FetchSettings> {
  private final FetchSettings settings;

  /** Fetches with {@code settings}; on other JVMs they travel with the task. */
  public FetchTask(FetchSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public FetchSettings settings() {
    return settings;
  }

  @Override
  public FetchResult run(String url, Worker worker) throws Exception {
    BlockingHttpClient client = worker.resource();
    HttpResult r;
    String file = null;
    if (settings.out() == null) {
      r = client.get(url, settings.limits(), BodySink.discard());
    } else {
      Path target = SafeNames.resolve(settings.out(), url);
      // on cluster the body streams back to the caller, who writes it
      try (OutputFile part = worker.createFile(target)) {
        r = client.get(url, settings.limits(), part::write);
        part.commit();
      }
      file = target.getFileName().toString();
    }
    worker.addBytes(r.bytes());
    return new FetchResult(url, r.status(), r.bytes(), file, r.redirects());
  }
}
