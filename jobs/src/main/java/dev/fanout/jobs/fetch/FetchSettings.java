package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.HttpSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How every URL of a run is fetched: every HTTP setting and where bodies go. The fetch tasks carry
 * it ({@link dev.fanout.Configured}), so on {@code processes} and {@code cluster} it travels with
 * them, encoded by fanout's codecs: worker JVMs and members fetch with the same TLS trust, headers,
 * credentials, proxies and limits as the run.
 *
 * <p>Immutable.
 *
 * @param http every HTTP setting: limits, TLS, headers, credentials, proxies, compression
 * @param out the directory bodies are written to, made absolute here (on the caller's machine), or
 *     null to count them only
 */
public record FetchSettings(HttpSettings http, Path out) {
  public FetchSettings {
    Objects.requireNonNull(http, "http");
    out = out == null ? null : out.toAbsolutePath().normalize();
  }

  /** {@code limits} and nothing else set. */
  public FetchSettings(HttpLimits limits, Path out) {
    this(HttpSettings.of(limits), out);
  }

  /** Default limits, bodies counted and dropped (the seed's behaviour). */
  public static FetchSettings defaults() {
    return new FetchSettings(HttpSettings.defaults(), null);
  }

  /** The timeouts, redirects and body cap. */
  public HttpLimits limits() {
    return http.limits();
  }
}
