package dev.fanout.spi.remote;

import dev.fanout.spi.Codecs;
import java.io.IOException;

/**
 * How a {@link RemoteEngine} reaches the JVMs that run its tasks: pipes to worker JVMs it starts,
 * or Hazelcast members. A transport moves batches out and results back and says when a worker comes
 * or goes; everything else (queueing, chunking, in-flight accounting, loss, cancellation, timeouts)
 * is the engine's.
 *
 * <p>Implementations are thread-safe; they call the {@link Sink} from their own threads, never
 * while holding a lock the engine might wait for.
 */
public interface Transport {

  /** A worker JVM or member, as errors and events name it. */
  interface Link {
    /** The worker id of events ({@code worker-2}, {@code member-127.0.0.1:5701}). */
    String id();

    /** How errors name it ({@code worker-2 (pid 4242)}). */
    String where();
  }

  /** What a transport tells its engine. */
  interface Sink {
    /** {@code link} takes batches from now on. */
    void joined(Link link);

    /** Task {@code id} started at {@code nanos} on the worker's clock. */
    void started(Link link, long id, long nanos);

    /**
     * Task {@code id} ended. Times are on the worker's clock, which read {@code workerNow} when the
     * result left it; {@code startNanos} is ignored when {@link #started} said it already.
     */
    void finished(
        Link link,
        long id,
        long startNanos,
        long endNanos,
        long workerNow,
        long cpuNanos,
        long bytes,
        Object value,
        Throwable error);

    /**
     * Task {@code id} ended as {@code report} says, its result decoded here; a result that cannot
     * be decoded ends the task with an error saying so, naming the worker.
     */
    default void finished(Link link, long id, Report report, long workerNow) {
      Object value = null;
      Throwable error = report.error();
      if (error == null) {
        try {
          value = Codecs.decode(report.result());
        } catch (IOException | RuntimeException e) {
          error =
              new IllegalStateException(
                  "cannot decode the result sent by " + link.where() + ": " + e, e);
        }
      }
      finished(
          link,
          id,
          report.startNanos(),
          report.endNanos(),
          workerNow,
          report.cpuNanos(),
          report.bytes(),
          value,
          error);
    }

    /**
     * The tasks of {@code batch} not finished yet failed with {@code error} (the batch could not
     * reach its worker, or was cancelled there); {@code pause}: send nothing to that link for a
     * while, it may be gone.
     */
    void failed(Batch batch, Throwable error, boolean pause);

    /** {@code link} is gone, saying why; what it held is lost (or sent again if never started). */
    void lost(Link link, String cause);

    /** Nothing will run from now on: every task fails with {@code error}. */
    void broken(RuntimeException error);
  }

  /** The model's label, for errors ({@code processes}). */
  String model();

  /**
   * Starts, calling {@code sink} from then on. A transport with a fixed number of workers calls
   * {@link Sink#joined} for each before returning.
   */
  void start(Sink sink);

  /** The number of workers it keeps ({@code processes}), or 0: whoever joins (members). */
  int workers();

  /**
   * True when a worker says that a task started as it starts; false when it says so only with the
   * result (a member's reply), so that the task timeout counts from the send.
   */
  boolean reportsStart();

  /** True when {@link #cancel} stops that task alone; false when it stops its whole batch. */
  boolean cancelsOneTask();

  /** A task object about to be sent (a transport may allow the files its settings name). */
  default void prepare(Object task) {}

  /** Sends {@code batch} to {@code link}; a failure is reported through {@link Sink#failed}. */
  void send(Link link, Batch batch);

  /** Best effort: stops task {@code id} of {@code batch} on {@code link}. */
  void cancel(Link link, Batch batch, long id, boolean started);

  /**
   * No more batches go to {@code link} (it ran {@code maxTasksPerWorker}); {@code idle}: it holds
   * nothing any more. Called once when retired and once when idle.
   */
  default void retire(Link link, boolean idle) {}

  /** Stops every worker; returns once their tasks are reported. Idempotent. */
  void close();
}
