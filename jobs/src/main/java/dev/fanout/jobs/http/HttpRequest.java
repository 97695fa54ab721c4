package dev.fanout.jobs.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One GET to make: the URL and the headers of this request alone (a {@code Range} to resume, say),
 * sent after the run's own ({@link HttpSettings#headers()}) and replacing any of the same name.
 * They follow redirects, but for {@code Authorization}, which never leaves the URL's host.
 *
 * <p>Immutable.
 *
 * @param url the URL as given (credentials in it are used, never shown)
 * @param headers extra headers by name, in order
 */
public record HttpRequest(String url, Map<String, String> headers) {
  public HttpRequest {
    Objects.requireNonNull(url, "url");
    headers =
        headers.isEmpty() // a plain GET, the common case: no map made per request
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A plain GET of {@code url}. */
  public static HttpRequest get(String url) {
    return new HttpRequest(url, Map.of());
  }

  /** This request with one more header, e.g. {@code header("Range", "bytes=1000-")}. */
  public HttpRequest header(String name, String value) {
    RequestHeaders.checkHeaderLine(name + ": " + value);
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpRequest(url, h);
  }
}
