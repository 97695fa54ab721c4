package dev.fanout.jobs.http;

import java.time.Duration;

/**
 * The bounds of one request: how long to connect, how long the whole request may take (redirects
 * included), how many redirects to follow, how big a body may be.
 *
 * <p>Immutable.
 *
 * @param connectTimeout bound on establishing one connection
 * @param timeout bound on the whole request, first byte sent to last byte read
 * @param maxRedirects redirects followed at most; 0 to follow none
 * @param maxSize body bytes at most; {@link Long#MAX_VALUE} for no cap
 */
public record HttpLimits(
    Duration connectTimeout, Duration timeout, int maxRedirects, long maxSize) {
  public HttpLimits {
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("max redirects must be >= 0, got " + maxRedirects);
    }
    if (maxSize < 0) {
      throw new IllegalArgumentException("max size must be >= 0, got " + maxSize);
    }
  }

  /** 10 s to connect, 60 s per request, 10 redirects, no size cap. */
  public static HttpLimits defaults() {
    return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 10, Long.MAX_VALUE);
  }
}
