package dev.fanout.jobs.fetch;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.RetryPolicy;
import dev.fanout.jobs.http.HttpException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The fetch job on any model, for the CLI, {@code bench} and tests: the right task and client for
 * the model, HTTP retries and the per-host limit.
 *
 * <pre>{@code
 * try (Fanout f = FetchJob.configure(Fanout.builder().model(m), m, 2, 0).build()) {
 *   List<Outcome<String, FetchResult>> out = FetchJob.map(f, FetchSettings.defaults(), urls);
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class FetchJob {
  private FetchJob() {}

  /**
   * Adds to {@code builder} the client resource {@code model} needs, {@code retries} retries of
   * retryable HTTP errors, and at most {@code perHost} requests in flight per host (0: no limit).
   */
  public static Fanout.Builder configure(
      Fanout.Builder builder, Model model, int retries, int perHost) {
    builder.resource(usesAsync(model) ? new NettyClientResource() : new BlockingClientResource());
    builder.retry(retryPolicy(retries));
    if (perHost > 0) {
      builder.<String>perKey(FetchJob::hostOf, perHost);
    }
    return builder;
  }

  /**
   * {@code retries} more attempts after the first, on timeouts, connection errors, 408, 429, 5xx.
   */
  public static RetryPolicy retryPolicy(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    return RetryPolicy.attempts(retries + 1).retryingOn(HttpException::isRetryable);
  }

  /** Whether {@code model} fetches with the non-blocking client. */
  public static boolean usesAsync(Model model) {
    return model == Model.ASYNC;
  }

  /** Fetches {@code urls}; one outcome per URL, in input order. */
  public static List<Outcome<String, FetchResult>> map(
      Fanout fanout, FetchSettings settings, List<String> urls) {
    return usesAsync(fanout.options().model())
        ? fanout.mapAsync(new AsyncFetchTask(settings), urls)
        : fanout.map(new FetchTask(settings), urls);
  }

  /** Fetches {@code urls} as they are pulled; outcomes in completion order. */
  public static Stream<Outcome<String, FetchResult>> stream(
      Fanout fanout, FetchSettings settings, Stream<String> urls) {
    return usesAsync(fanout.options().model())
        ? fanout.streamAsync(new AsyncFetchTask(settings), urls)
        : fanout.stream(new FetchTask(settings), urls);
  }

  /** The host of a URL, the key of the per-host limit; a malformed URL keys on its own text. */
  public static String hostOf(String url) {
    try {
      String h = new URI(url.trim()).getHost();
      return h == null ? url : h.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return url;
    }
  }
}
