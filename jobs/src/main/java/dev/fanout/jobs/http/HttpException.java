package dev.fanout.jobs.http;

import dev.fanout.RetryPolicy;
import java.io.IOException;
import java.time.Duration;

/**
 * A failed HTTP request: its message names the URL and says what went wrong. It knows whether the
 * request is worth repeating (timeouts, connection errors, 408, 429, 5xx) and any wait the server
 * asked for with {@code Retry-After}, which {@link RetryPolicy} honours.
 *
 * <p>Immutable.
 */
public final class HttpException extends IOException implements RetryPolicy.RetryAfter {
  private final int status;
  private final boolean retryable;
  private final transient Duration retryAfter;

  /**
   * @param message what went wrong, naming the URL
   * @param status the HTTP status, or 0 when none was received
   * @param retryable whether trying again may help
   * @param retryAfter the wait the server asked for, or null
   */
  public HttpException(String message, int status, boolean retryable, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /**
   * Rebuilds an error from its message alone, as it arrives from a worker JVM: the status, the
   * Retry-After and whether it is worth retrying are read back from the wording this class uses.
   */
  public HttpException(String message) {
    super(message);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^HTTP (\\d{3})").matcher(message == null ? "" : message);
    this.status = m.find() ? Integer.parseInt(m.group(1)) : 0;
    java.util.regex.Matcher after =
        java.util.regex.Pattern.compile("retry after (\\d+) s\\)")
            .matcher(message == null ? "" : message);
    this.retryAfter = after.find() ? Duration.ofSeconds(Long.parseLong(after.group(1))) : null;
    String text = message == null ? "" : message;
    this.retryable =
        status > 0
            ? retryableStatus(status)
            : !(text.startsWith("malformed URL")
                || text.startsWith("URL too long")
                || text.startsWith("unsupported scheme")
                || text.startsWith("unknown host")
                || text.startsWith("TLS error")
                || text.startsWith("unknown proxy host")
                || text.startsWith("proxy '")
                || text.startsWith("body of ")
                || text.startsWith("bad redirect")
                || text.startsWith("too many redirects"));
  }

  /** An error without a status: a timeout, a refused or reset connection, a bad URL. */
  public HttpException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.retryable = retryable;
    this.retryAfter = null;
  }

  /** The HTTP status, or 0 when none was received. */
  public int status() {
    return status;
  }

  /** Whether trying again may help. */
  public boolean retryable() {
    return retryable;
  }

  @Override
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether a status is worth retrying: 408, 429 and 5xx. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The retry predicate for {@link RetryPolicy#retryingOn}: only errors that say so. */
  public static boolean isRetryable(Throwable error) {
    return error instanceof HttpException h && h.retryable;
  }

  /**
   * The redirect chain from {@code url} passed {@code maxRedirects}; {@code last} is where it led.
   */
  static HttpException tooManyRedirects(String url, Object last, int maxRedirects, int status) {
    return new HttpException(
        "too many redirects (more than "
            + maxRedirects
            + ", --max-redirects) from "
            + url
            + "; last to "
            + last
            + ": a redirect loop?",
        status,
        false,
        null);
  }

  /** The whole request outlasted {@code --timeout}. */
  static HttpException timedOut(String url, long timeoutMs, long received, Throwable cause) {
    return new HttpException(
        "timed out after "
            + (timeoutMs % 1000 == 0 ? timeoutMs / 1000 + " s" : timeoutMs + " ms")
            + " (--timeout) fetching "
            + url
            + (received > 0 ? " (" + received + " body bytes received, then too slow)" : ""),
        true,
        cause);
  }

  /** The body is over {@code --max-size}; {@code declared} is its announced length, or -1. */
  static HttpException tooLarge(String url, long maxSize, long declared) {
    return new HttpException(
        "body of "
            + url
            + " is larger than --max-size "
            + maxSize
            + " bytes"
            + (declared > 0 ? " (the server announced " + declared + ")" : ""),
        0,
        false,
        null);
  }

  /** DNS does not know the host. */
  static HttpException unknownHost(String url, String host, Throwable cause) {
    if (host.startsWith("proxy ")) {
      return new HttpException(
          "unknown proxy host '"
              + host.substring("proxy ".length())
              + "' for "
              + url
              + ": check -x/--proxy or http_proxy/https_proxy",
          false,
          cause);
    }
    return new HttpException(
        "unknown host '" + host + "' in " + url + ": check the URL (DNS does not know it)",
        false,
        cause);
  }

  /** Nothing listens there, or no route leads there. */
  static HttpException refused(String url, String host, int port, Throwable cause) {
    return new HttpException(
        "cannot connect to "
            + host
            + ":"
            + port
            + " for "
            + url
            + ": connection refused (is the server up?)",
        true,
        cause);
  }

  /**
   * The server broke HTTP: malformed framing or status, conflicting lengths, headers too long or
   * too many. Worth another try (a proxy or server may have hiccuped); nothing is kept.
   */
  static HttpException badResponse(String url, String what, Throwable cause) {
    return new HttpException(
        "bad HTTP response from " + url + ": " + what + " (nothing stored)", true, cause);
  }

  /** The failure for a status that is not a success, with the server's Retry-After if any. */
  static HttpException forStatus(String url, int status, String reason, String retryAfterHeader) {
    Duration after = parseRetryAfter(retryAfterHeader);
    String what = reason == null || reason.isBlank() ? "" : " " + reason;
    String hint =
        status == 404
            ? " (no such page)"
            : status == 429
                ? " (too many requests)"
                : after != null ? " (server asked to retry after " + after.toSeconds() + " s)" : "";
    return new HttpException(
        "HTTP " + status + what + hint + " from " + url, status, retryableStatus(status), after);
  }

  /** Retry-After as delta-seconds; an HTTP date or junk counts as no advice. */
  static Duration parseRetryAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      try {
        java.time.ZonedDateTime when =
            java.time.ZonedDateTime.parse(
                value.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(java.time.Instant.now(), when.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (java.time.format.DateTimeParseException ignored) {
        return null;
      }
    }
  }
}
