package dev.fanout.jobs.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Where a body goes failed, not the server or the network: a full disk, a read-only file system.
 * Never retried (the next attempt would meet the same disk), and named as what it is.
 *
 * <p>Public with a message constructor, so a remote worker's failure is rebuilt as this class on
 * the caller's side.
 */
public final class SinkException extends IOException {
  public SinkException(String message) {
    super(message);
  }

  public SinkException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code e}, thrown by a sink while it took {@code url}'s body, as a {@link SinkException}; an
   * interrupt (a cancel) stays what it is.
   */
  static IOException of(IOException e, String url) {
    if (e instanceof SinkException
        || e instanceof HttpException
        || e instanceof InterruptedIOException
        || e instanceof ClosedByInterruptException) {
      return e;
    }
    return new SinkException(
        "cannot store the body of " + url + ": " + (e.getMessage() == null ? e : e.getMessage()),
        e);
  }
}
