package dev.fanout.internal.process;

import dev.fanout.Event;
import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.remote.Batch;
import dev.fanout.spi.remote.RemoteEngine;
import dev.fanout.spi.remote.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code processes}: the {@link RemoteEngine} over pipes to a pool of worker JVMs (the seed's
 * {@code multiprocessing.Pool}) that never hangs. A worker that dies is replaced at once. A
 * resource initializer that throws, or workers that keep dying before they are ready, break the
 * engine: every task then fails with that cause, at once.
 *
 * <p>Thread-safe: one lock guards the workers' list; the engine is called outside it.
 */
public final class PipeTransport implements Transport {
  private static final long CLOSE_GRACE_MILLIS = 1000;
  private static final long RECORD_GRACE_MILLIS = 10_000;
  private static final long CANCEL_KILL_MILLIS = 1000;
  private static final int START_FAILURES_TOLERATED = 3;

  private final Events events;
  private final WorkerCommand command;
  private final int processes;
  private final int threads;
  private final boolean virtual; // each worker runs its share of -c on virtual threads
  private final Recipe resource; // null for none
  private Sink sink;

  // guarded by this
  private final List<WorkerProcess> workers = new ArrayList<>();
  private int nextName = 1;
  private int startFailures;
  private boolean recording;
  private boolean closed;
  private boolean broken;

  private PipeTransport(Options options, Events events) {
    this.events = events;
    this.resource = RemoteEngine.resourceRecipe(options, Model.PROCESSES.label());
    this.command = WorkerCommand.current(options);
    this.processes = Math.min(options.workers(), options.concurrency());
    int share = Math.ceilDiv(options.concurrency(), processes);
    this.virtual = options.threadsPerWorker() == 1 && share > 1;
    this.threads = virtual ? share : Math.max(1, Math.min(options.threadsPerWorker(), share));
  }

  /** The {@code processes} engine: starts the workers; they boot while the caller prepares. */
  public static RemoteEngine engine(Options options, Events events) {
    return new RemoteEngine(options, events, new PipeTransport(options, events));
  }

  @Override
  public String model() {
    return Model.PROCESSES.label();
  }

  @Override
  public int workers() {
    return processes;
  }

  @Override
  public boolean reportsStart() {
    return true;
  }

  @Override
  public boolean cancelsOneTask() {
    return true;
  }

  @Override
  public void start(Sink sink) {
    this.sink = sink;
    for (int i = 0; i < processes; i++) {
      WorkerProcess w = spawn();
      if (w != null) {
        sink.joined(w);
      }
    }
  }

  @Override
  public void send(Link link, Batch batch) {
    ((WorkerProcess) link).send(Frames.chunk(batch));
  }

  @Override
  public void cancel(Link link, Batch batch, long id, boolean started) {
    WorkerProcess w = (WorkerProcess) link;
    if (w.dead) {
      return;
    }
    w.send(Frames.cancel(id));
    if (started) {
      // a task that ignores its interrupt would hold the worker: stop the whole worker instead
      Scheduler.shared()
          .schedule(() -> killIfStillRunning(w, id), CANCEL_KILL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void killIfStillRunning(WorkerProcess w, long id) {
    if (w.dead || !w.running.contains(id)) {
      return;
    }
    events.warn(
        Event.Warning.Kind.WORKER,
        "stopping "
            + w.where()
            + ": a cancelled task did not stop within "
            + CANCEL_KILL_MILLIS
            + " ms of its interrupt");
    w.process.destroyForcibly();
  }

  /**
   * Python's maxtasksperchild: no more work for the worker; it exits once idle, a fresh one starts.
   */
  @Override
  public void retire(Link link, boolean idle) {
    WorkerProcess w = (WorkerProcess) link;
    WorkerProcess fresh = null;
    synchronized (this) {
      if (!w.retiring) {
        w.retiring = true;
        fresh = spawn();
      }
    }
    if (idle) {
      w.closeInput();
    }
    if (fresh != null) {
      sink.joined(fresh);
    }
  }

  /** Starts a worker JVM; null (the engine broken) when it cannot. Lock held or in start. */
  private synchronized WorkerProcess spawn() {
    if (closed || broken) {
      return null;
    }
    String name = "worker-" + nextName++;
    Path recordTo = null;
    if (!recording && command.archiveMissing()) {
      recording = true; // one recorder per engine; concurrent writers would corrupt the file
      recordTo = command.recordingPath();
    }
    try {
      WorkerProcess w =
          new WorkerProcess(
              this, sink, name, command.command(name, threads, virtual, recordTo), recordTo);
      w.send(Frames.init(resource));
      workers.add(w);
      return w;
    } catch (IOException e) {
      breakWith(
          new IllegalStateException("cannot start worker JVM " + name + ": " + e.getMessage(), e));
      return null;
    }
  }

  /** Every task from now on fails with {@code error}; the workers are stopped. */
  private void breakWith(RuntimeException error) {
    List<WorkerProcess> all;
    synchronized (this) {
      if (broken) {
        return;
      }
      broken = true;
      all = new ArrayList<>(workers);
    }
    sink.broken(error);
    all.forEach(w -> w.process.destroyForcibly()); // their readers fail what they held
  }

  // ---- called by the workers' reader threads ----

  synchronized void ready(WorkerProcess w) {
    w.ready = true;
    startFailures = 0;
  }

  void initFailed(WorkerProcess w, Throwable error) {
    String msg = error.getMessage();
    breakWith(
        new IllegalStateException(
            "the resource initializer "
                + resource.className()
                + " failed in "
                + w.where()
                + ": "
                + error.getClass().getName()
                + (msg == null ? "" : ": " + msg),
            error));
  }

  void lost(WorkerProcess w, String cause) {
    RuntimeException tooMany = null;
    WorkerProcess fresh = null;
    synchronized (this) {
      w.dead = true;
      workers.remove(w);
      if (!w.ready
          && !w.retiring
          && !closed
          && !broken
          && ++startFailures >= START_FAILURES_TOLERATED) {
        tooMany =
            new IllegalStateException(
                START_FAILURES_TOLERATED
                    + " worker JVMs in a row died before they were ready; the last, "
                    + w.where()
                    + ": "
                    + cause);
      } else if (!w.retiring) {
        fresh = spawn();
      }
    }
    if (tooMany != null) {
      breakWith(tooMany);
    }
    sink.lost(w, cause);
    if (fresh != null) {
      sink.joined(fresh);
    }
    if (w.recordingTo != null) {
      command.publishArchive(w.recordingTo, cause.startsWith("exited with code 0"));
    }
  }

  @Override
  public void close() {
    List<WorkerProcess> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(workers);
    }
    WorkerProcess.stopAll(all, CLOSE_GRACE_MILLIS, RECORD_GRACE_MILLIS);
  }
}
