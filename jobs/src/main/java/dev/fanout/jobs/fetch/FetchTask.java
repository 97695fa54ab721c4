package dev.fanout.jobs.fetch;

import dev.fanout.Configured;
import dev.fanout.OutputFile;
import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BlockingHttpClient;
import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.HttpException;
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
    HttpClients<BlockingHttpClient> clients = worker.resource();
    BlockingHttpClient client = clients.forSettings(settings.http());
    HttpResult r;
    Map<String, String> digests = Map.of();
    if (settings.out() == null) {
      r = client.get(url, LimitedSink.of(BodySink.discard(), settings.bandwidth()));
    } else if (!settings.partialFiles()) {
      // cluster: the body streams back to the caller, who writes it; nothing kept on a cut
      Digests d = new Digests(settings.digests());
      try (OutputFile file = worker.createFile(Folder.handedFile(settings.out(), url))) {
        r =
            client.get(
                url,
                LimitedSink.of(
                    chunk -> {
                      d.update(chunk);
                      file.write(chunk);
                    },
                    settings.bandwidth()));
        file.commit();
      }
      digests = d.hex();
    } else {
      // bytes kept by an interrupted attempt (or run, with -C) are continued, if still the same
      try (PartFile part = PartFile.open(settings.out(), url, true, settings.digests())) {
        try {
          r = get(client, part, url);
        } catch (Exception e) {
          part.failed(e);
          throw e;
        }
        digests = part.complete();
      }
    }
    worker.addBytes(r.bytes());
    return new FetchResult(url, r.status(), r.bytes(), null, r.redirects(), r.protocol(), digests);
  }

  private HttpResult get(BlockingHttpClient client, PartFile part, String url) throws Exception {
    try {
      return client.get(part.request(url), LimitedSink.of(part, settings.bandwidth()));
    } catch (HttpException e) {
      if (e.status() != 416 || part.kept() == 0) {
        throw e;
      }
      part.restart(); // the kept bytes are no prefix of the body now: start over
      return client.get(part.request(url), LimitedSink.of(part, settings.bandwidth()));
    }
  }
}
