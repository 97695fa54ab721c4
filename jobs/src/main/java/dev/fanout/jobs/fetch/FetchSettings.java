package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How every URL of a run is fetched: the request limits and where bodies go.
 *
 * <p>Tasks on {@code processes} and {@code cluster} are built by their no-arg constructors in
 * another JVM; they read these settings from the system properties {@code fanout.fetch.*}, which
 * {@link #toSystemProperties()} sets in this one (an engine that starts JVMs forwards {@code
 * fanout.*} properties).
 *
 * <p>Immutable.
 *
 * @param http every HTTP setting: limits, TLS, headers, credentials, proxies, compression
 * @param out the directory bodies are written to, or null to count them only
 * @param digests digest algorithms (JDK names, e.g. SHA-256) computed over each stored body, for
 *     {@code --checksums}; empty for none
 */
public record FetchSettings(HttpSettings http, Path out, List<String> digests) {
  private static final String P = "fanout.fetch.";

  public FetchSettings {
    java.util.Objects.requireNonNull(http, "http");
    digests = List.copyOf(digests);
  }

  /** No digests. */
  public FetchSettings(HttpSettings http, Path out) {
    this(http, out, List.of());
  }

  /** {@code limits} and nothing else set. */
  public FetchSettings(HttpLimits limits, Path out) {
    this(HttpSettings.of(limits), out);
  }

  /** The timeouts, redirects and body cap. */
  public HttpLimits limits() {
    return http.limits();
  }

  /** Default limits, bodies counted and dropped (the seed's behaviour). */
  public static FetchSettings defaults() {
    return new FetchSettings(HttpLimits.defaults(), null);
  }

  /** The settings in this JVM's {@code fanout.fetch.*} system properties, defaults elsewhere. */
  public static FetchSettings fromSystemProperties() {
    HttpLimits d = HttpLimits.defaults();
    HttpLimits limits =
        new HttpLimits(
            Duration.ofMillis(Long.getLong(P + "connectTimeoutMs", d.connectTimeout().toMillis())),
            Duration.ofMillis(Long.getLong(P + "timeoutMs", d.timeout().toMillis())),
            Integer.getInteger(P + "maxRedirects", d.maxRedirects()),
            Long.getLong(P + "maxSize", d.maxSize()));
    String out = System.getProperty(P + "out");
    return new FetchSettings(limits, out == null || out.isEmpty() ? null : Path.of(out));
  }

  /**
   * Publishes these settings as {@code fanout.fetch.*} system properties of this JVM (an embedded
   * cluster member reads them) and adds them to {@code fanout.worker.jvmArgs}, which the {@code
   * processes} engine passes to the worker JVMs it starts. Call it before building the fanout.
   */
  public void toSystemProperties() {
    publish();
    StringBuilder args = new StringBuilder();
    for (String arg : System.getProperty("fanout.worker.jvmArgs", "").trim().split("\\s+")) {
      if (!arg.isEmpty() && !arg.startsWith("-D" + P)) { // replace, never pile up, earlier runs'
        args.append(arg).append(' ');
      }
    }
    for (String name :
        new String[] {"connectTimeoutMs", "timeoutMs", "maxRedirects", "maxSize", "out"}) {
      String value = System.getProperty(P + name);
      if (!value.contains(" ")) { // the engine splits its args on spaces
        args.append("-D").append(P).append(name).append('=').append(value).append(' ');
      }
    }
    System.setProperty("fanout.worker.jvmArgs", args.toString().trim());
  }

  private void publish() {
    System.setProperty(P + "connectTimeoutMs", Long.toString(limits().connectTimeout().toMillis()));
    System.setProperty(P + "timeoutMs", Long.toString(limits().timeout().toMillis()));
    System.setProperty(P + "maxRedirects", Integer.toString(limits().maxRedirects()));
    System.setProperty(P + "maxSize", Long.toString(limits().maxSize()));
    System.setProperty(P + "out", out == null ? "" : out.toAbsolutePath().toString());
  }
}
