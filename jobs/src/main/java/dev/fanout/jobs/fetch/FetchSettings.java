package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.HttpSettings;
import java.nio.file.Path;
import java.util.List;
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
 * @param digests digest algorithms (JDK names, e.g. SHA-256) computed over each stored body, for
 *     {@code --checksums}; empty for none
 * @param partialFiles bodies are written by the task into {@linkplain PartFile partial files} on
 *     this machine, kept when cut for a continuation; false on {@code cluster}, where they stream
 *     back to the caller through {@link dev.fanout.Worker#createFile} (whole or not at all)
 * @param bandwidth the byte rate each JVM's tasks share ({@code --limit-rate}), split by the caller
 *     among the JVMs of the run; {@link Bandwidth#UNLIMITED} for none
 */
public record FetchSettings(
    HttpSettings http, Path out, List<String> digests, boolean partialFiles, Bandwidth bandwidth) {
  public FetchSettings {
    Objects.requireNonNull(http, "http");
    out = out == null ? null : out.toAbsolutePath().normalize();
    digests = List.copyOf(digests);
    Objects.requireNonNull(bandwidth, "bandwidth");
  }

  /** No digests, no byte-rate limit. */
  public FetchSettings(HttpSettings http, Path out) {
    this(http, out, List.of(), true, Bandwidth.UNLIMITED);
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
