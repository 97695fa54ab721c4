package dev.fanout.jobs.http;

import java.util.Locale;
import java.util.Map;

/**
 * The status line and headers of the final response, handed to {@link BodySink#begin} before its
 * body: a resumed download reads {@code Content-Range} here to decide how to write.
 *
 * <p>Immutable.
 *
 * @param status the HTTP status (2xx)
 * @param protocol {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}
 * @param headers header values by lower-case name; repeated headers joined with {@code ", "}
 */
public record ResponseHead(int status, String protocol, Map<String, String> headers) {
  public ResponseHead {
    headers = Map.copyOf(headers);
  }

  /** The value of header {@code name} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The declared body length, or -1 when not declared (or not a number). */
  public long contentLength() {
    String v = header("content-length");
    try {
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
