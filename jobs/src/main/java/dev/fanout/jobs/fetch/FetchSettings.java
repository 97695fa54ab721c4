package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.HttpLimits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How every URL of a run is fetched: the request limits and where bodies go. The fetch tasks carry
 * it ({@link dev.fanout.Configured}), so on {@code processes} and {@code cluster} it travels with
 * them, encoded by fanout's codecs.
 *
 * <p>Immutable.
 *
 * @param limits timeouts, redirects and the body cap
 * @param out the directory bodies are written to, made absolute here (on the caller's machine), or
 *     null to count them only
 */
public record FetchSettings(HttpLimits limits, Path out) {
  public FetchSettings {
    Objects.requireNonNull(limits, "limits");
    out = out == null ? null : out.toAbsolutePath().normalize();
  }

  /** Default limits, bodies counted and dropped (the seed's behaviour). */
  public static FetchSettings defaults() {
    return new FetchSettings(HttpLimits.defaults(), null);
  }
}
