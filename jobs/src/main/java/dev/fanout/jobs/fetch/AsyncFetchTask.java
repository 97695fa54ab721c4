package dev.fanout.jobs.fetch;

import dev.fanout.AsyncTask;
import dev.fanout.Configured;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.HttpResult;
import dev.fanout.jobs.http.NettyHttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Fetches one URL without blocking, with the run's {@link NettyHttpClient}: the seed's {@code async
 * def download_site(session, url)}. On {@code async} every socket lives on the run's one loop
 * thread. The run needs {@link NettyClientResource} as its resource.
 *
 * <p>Thread-safe (stateless but for its settings).
 */
public final class AsyncFetchTask
    implements AsyncTask<String, FetchResult>, Configured<FetchSettings> {
  private final FetchSettings settings;

  /** Fetches with {@code settings}; on other JVMs they travel with the task. */
  public AsyncFetchTask(FetchSettings settings) {
    this.settings = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public FetchSettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<FetchResult> start(String url, Worker worker) {
    HttpClients<NettyHttpClient> clients = worker.resource();
    NettyHttpClient client = clients.forSettings(settings.http());
    if (settings.out() == null) {
      CompletableFuture<HttpResult> request =
          client.get(url, LimitedSink.of(BodySink.discard(), settings.bandwidth()));
      CompletableFuture<FetchResult> result =
          request.thenApply(
              r -> {
                worker.addBytes(r.bytes());
                return new FetchResult(
                    url, r.status(), r.bytes(), null, r.redirects(), r.protocol());
              });
      cancelTogether(result, request);
      return result;
    }
    PartFile part;
    dev.fanout.jobs.http.HttpRequest first;
    try {
      // a quick local open; the body is written as it comes, after the bytes an earlier attempt
      // kept (if the server still has the same body)
      part = PartFile.open(settings.out(), url, true, settings.digests());
      first = part.request(url);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResult> request =
        client.get(first, LimitedSink.of(part, settings.bandwidth()));
    CompletableFuture<FetchResult> result =
        request.thenApply(
            r -> {
              Map<String, String> digests;
              try {
                digests = part.complete();
              } catch (java.io.IOException e) {
                throw new CompletionException(e);
              }
              worker.addBytes(r.bytes());
              return new FetchResult(
                  url, r.status(), r.bytes(), null, r.redirects(), r.protocol(), digests);
            });
    cancelTogether(result, request);
    result.whenComplete(
        (r, e) -> {
          if (e != null) {
            part.failed(e);
          }
          part.close();
        });
    return result;
  }

  /** A cancelled run cancels the stage it holds: pass that on, so the connection is dropped. */
  private static void cancelTogether(CompletableFuture<?> result, CompletableFuture<?> request) {
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            request.cancel(true);
          }
        });
  }
}
