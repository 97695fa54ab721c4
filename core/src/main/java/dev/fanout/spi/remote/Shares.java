package dev.fanout.spi.remote;

import dev.fanout.Options;
import java.util.concurrent.TimeUnit;

/**
 * How a remote run spreads over its workers: what each runs at once, how many tasks it may hold,
 * and how many go in one batch. Arithmetic only, over the run's options and what the engine knows
 * at the moment it asks (its workers, the tasks queued, the running average task time).
 *
 * <p>In flight: each worker runs its share of the run's concurrency at once ({@code ceil(C /
 * workers)}, on virtual threads unless {@code threadsPerWorker} asks for platform threads); members
 * without an explicit {@code -c} run {@code workers} each. A worker is sent up to twice its share
 * (a second helping waits there, so no round trip leaves it idle), and short tasks a batch ahead.
 *
 * <p>Batches are {@code ceil(queued / (4 x workers))} inputs ({@code Pool.map}'s formula), but no
 * more than keep a share busy for {@link #BATCH_NANOS} once task times are known, and one with a
 * task timeout when starts are reported late (a task must not wait on a worker while its timeout
 * counts).
 *
 * <p>Immutable and thread-safe.
 */
final class Shares {
  private static final int MAX_BATCH = 1024;
  private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long SHORT_TASK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Options options;
  private final boolean byWorkers;
  private final boolean lateTimeout;

  /**
   * @param workers the transport's fixed number of workers, or 0 when they are members that join
   * @param reportsStart whether the transport says when a task starts (else only when it ends)
   */
  Shares(Options options, int workers, boolean reportsStart) {
    this.options = options;
    this.byWorkers = workers == 0 && !options.concurrencyGiven();
    this.lateTimeout = !reportsStart && !options.taskTimeout().isZero();
  }

  /** Members without an explicit {@code -c} run {@code workers} each, one batch after the other. */
  boolean byWorkers() {
    return byWorkers;
  }

  /** A task timeout that counts from the send: nothing may wait on a worker. */
  boolean lateTimeout() {
    return lateTimeout;
  }

  private int share(int links) {
    return byWorkers ? options.workers() : Math.ceilDiv(options.concurrency(), Math.max(1, links));
  }

  /** Whether each of {@code links} workers runs its share on virtual threads. */
  boolean virtual(int links) {
    return !byWorkers && options.threadsPerWorker() == 1 && share(links) > 1;
  }

  /** Tasks each of {@code links} workers runs at once. */
  int atOnce(int links) {
    int share = share(links);
    return byWorkers || virtual(links) ? share : Math.min(options.threadsPerWorker(), share);
  }

  /**
   * In flight at most when platform threads per worker cap the run's {@code -c}, else -1: what the
   * engine warns about once.
   */
  long cappedAt(int links) {
    if (byWorkers || virtual(links)) {
      return -1;
    }
    long capped = (long) links * atOnce(links);
    return capped < options.concurrency() ? capped : -1;
  }

  /** The dispatcher's window: tasks launched into the engine at once, queued ones included. */
  int window(int links) {
    long perSlot = options.chunkSize() > 0 ? 3L * options.chunkSize() + 2 : 512;
    long slots = (long) links * (virtual(links) ? 4 : atOnce(links));
    return (int) Math.min(2L * links * atOnce(links) + slots * perSlot, 1 << 20);
  }

  /** Tasks a worker may hold: its share, a second helping, or a batch ahead for short tasks. */
  int limit(int atOnce, int queued, int links, long avgTaskNanos) {
    if (lateTimeout) {
      return atOnce;
    }
    if (avgTaskNanos >= 0 && avgTaskNanos < SHORT_TASK_NANOS) {
      return Math.max(2 * atOnce, batchSize(atOnce, queued, links, avgTaskNanos) / 2);
    }
    return 2 * atOnce;
  }

  /**
   * Inputs in the next batch, with {@code queued} waiting over {@code links} workers and tasks
   * taking {@code avgTaskNanos} on average (-1: not known yet).
   */
  int batchSize(int atOnce, int queued, int links, long avgTaskNanos) {
    if (lateTimeout) {
      return 1;
    }
    if (options.chunkSize() > 0) {
      return options.chunkSize();
    }
    int fair = Math.ceilDiv(queued, 4 * Math.max(1, links));
    long byTime =
        avgTaskNanos < 0
            ? Math.ceilDiv(atOnce, 8)
            : Math.max(Math.ceilDiv(atOnce, 8), BATCH_NANOS * atOnce / Math.max(1, avgTaskNanos));
    return (int) Math.clamp(Math.min(fair, byTime), 1, MAX_BATCH);
  }
}
