package dev.fanout.jobs.fetch;

import java.util.Map;

/**
 * What one fetched URL gave: a small value that travels between processes as JSON.
 *
 * @param url the URL as given
 * @param status the final HTTP status
 * @param bytes body bytes received
 * @param file the file name under {@code --out}, or null when bodies are not stored
 * @param redirects redirects followed
 * @param protocol the protocol of the final response: {@code HTTP/1.1}, {@code HTTP/2}
 * @param digests hex digests of the stored body by algorithm, as {@link FetchSettings#digests}
 *     asked
 */
public record FetchResult(
    String url,
    int status,
    long bytes,
    String file,
    int redirects,
    String protocol,
    Map<String, String> digests) {
  public FetchResult {
    digests = digests == null ? Map.of() : Map.copyOf(digests);
  }

  /** No digests. */
  public FetchResult(
      String url, int status, long bytes, String file, int redirects, String protocol) {
    this(url, status, bytes, file, redirects, protocol, Map.of());
  }

  /** This result stored under {@code file}. */
  public FetchResult storedAs(String file) {
    return new FetchResult(url, status, bytes, file, redirects, protocol, digests);
  }
}
