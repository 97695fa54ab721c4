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

  /**
   * Fetches {@code urls}; one outcome per URL, in input order. With {@link FetchSettings#out()},
   * each body is stored under its {@link Folder} name and journaled; a URL given twice is fetched
   * twice into the same file.
   *
   * @throws java.io.UncheckedIOException if the folder cannot be opened (or another run holds it)
   */
  public static List<Outcome<String, FetchResult>> map(
      Fanout fanout, FetchSettings settings, List<String> urls) {
    settings = forModel(settings, fanout.options().model());
    List<Outcome<String, FetchResult>> out =
        usesAsync(fanout.options().model())
            ? fanout.mapAsync(new AsyncFetchTask(settings), urls)
            : fanout.map(new FetchTask(settings), urls);
    if (settings.out() == null || out.stream().noneMatch(Outcome::isSuccess)) {
      return out; // nothing to name: no journal, no lock file
    }
    try (Folder folder = Folder.open(settings.out(), false, w -> {})) {
      List<Outcome<String, FetchResult>> stored = new java.util.ArrayList<>(out.size());
      for (Outcome<String, FetchResult> o : out) {
        stored.add(o instanceof Outcome.Success<String, FetchResult> s ? store(folder, s) : o);
      }
      return stored;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Outcome<String, FetchResult> store(
      Folder folder, Outcome.Success<String, FetchResult> s) {
    try {
      String name = folder.nameFor(s.input());
      folder.store(s.input(), name);
      return new Outcome.Success<>(s.index(), s.input(), s.result().storedAs(name), s.attempts());
    } catch (java.io.IOException | RuntimeException e) {
      return new Outcome.Failure<>(s.index(), s.input(), e, s.attempts());
    }
  }

  /**
   * Fetches {@code urls} as they are pulled; outcomes in completion order. With {@link
   * FetchSettings#out()}, bodies are left in their partial files for the caller's {@link Folder} to
   * store, as {@link FetchRun} does.
   */
  public static Stream<Outcome<String, FetchResult>> stream(
      Fanout fanout, FetchSettings settings, Stream<String> urls) {
    settings = forModel(settings, fanout.options().model());
    return usesAsync(fanout.options().model())
        ? fanout.streamAsync(new AsyncFetchTask(settings), urls)
        : fanout.stream(new FetchTask(settings), urls);
  }

  /**
   * {@code settings} as {@code model} can honour them: on {@code cluster} bodies come back through
   * {@link dev.fanout.Worker#createFile} (a member's partial file would stay on its machine).
   */
  static FetchSettings forModel(FetchSettings settings, Model model) {
    if (model != Model.CLUSTER || !settings.partialFiles()) {
      return settings;
    }
    return new FetchSettings(
        settings.http(), settings.out(), settings.digests(), false, settings.bandwidth());
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
