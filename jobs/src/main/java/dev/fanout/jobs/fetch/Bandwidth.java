package dev.fanout.jobs.fetch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code --limit-rate}: the body bytes per second that every task of a run in one JVM shares. The
 * caller splits the run's limit among the JVMs that fetch (worker processes, cluster members), so
 * their sum never passes it; in one JVM every task of the run draws from one bucket.
 *
 * <p>A value that travels with the task (a record the codecs encode). Thread-safe.
 *
 * @param bytesPerSecond this JVM's share; 0 for no limit
 * @param run the run it belongs to: tasks of one run share a bucket, other runs have their own
 */
public record Bandwidth(long bytesPerSecond, String run) {
  /** No limit. */
  public static final Bandwidth UNLIMITED = new Bandwidth(0, "");

  /**
   * How much unused rate may be caught up on: sleeps overshoot on a loaded machine, and credit lost
   * to that would slow the run below its limit. Also the largest burst (half a second's worth).
   */
  private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private static final Map<Bandwidth, Bucket> BUCKETS = new ConcurrentHashMap<>();

  public Bandwidth {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytes per second must be >= 0, got " + bytesPerSecond);
    }
  }

  public boolean limited() {
    return bytesPerSecond > 0;
  }

  /** Waits until {@code bytes} more fit in the rate (at once when unlimited). */
  public void acquire(long bytes) throws java.io.InterruptedIOException {
    if (!limited() || bytes <= 0) {
      return;
    }
    long wait = BUCKETS.computeIfAbsent(this, b -> new Bucket(b.bytesPerSecond)).reserve(bytes);
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while holding to --limit-rate");
      }
    }
  }

  /** Virtual scheduling: each reservation moves the time the next byte may pass. */
  private static final class Bucket {
    private final double nanosPerByte;
    private long next = System.nanoTime();

    Bucket(long bytesPerSecond) {
      this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    synchronized long reserve(long bytes) {
      long now = System.nanoTime();
      long start = Math.max(next, now - BURST_NANOS);
      next = start + (long) (bytes * nanosPerByte);
      return Math.max(0, start - now);
    }
  }
}
