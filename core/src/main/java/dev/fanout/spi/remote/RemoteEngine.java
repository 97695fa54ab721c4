package dev.fanout.spi.remote;

import dev.fanout.Options;
import dev.fanout.WorkerLostException;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import dev.fanout.spi.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The engine of every model whose tasks run in other JVMs ({@code processes}, {@code cluster}),
 * over a {@link Transport}. Inputs wait in one queue and go to workers in batches of one task.
 *
 * <p>How many tasks each worker runs at once, holds and gets per batch: {@link Shares}.
 *
 * <p>A worker that dies loses what it held: tasks that had started fail with {@link
 * WorkerLostException} (which the dispatcher retries on a fresh one), the others go back to the
 * front of the queue. A transport that reports starts only with results counts every held task as
 * started.
 *
 * <p>Thread-safe: one lock guards the queue and the workers' bookkeeping; the transport and user
 * callbacks ({@link TaskRun#begin}, {@link TaskRun#finish}) are called outside it.
 */
public final class RemoteEngine implements Engine {
  private static final long SAME_CLOCK_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Options options;
  private final Events events;
  private final Transport transport;
  private final Shares shares;
  private final int window;
  private volatile Recipes lastTask; // the recipe of the task launched last: one per batch

  private record Recipes(Object task, Recipe recipe) {}

  // guarded by this
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final Map<Transport.Link, Seat> seats = new LinkedHashMap<>();
  private long nextId;
  private long avgTaskNanos = -1;
  private boolean closed;
  private RuntimeException broken;

  /** One attempt of one input: its encoded input, and where it is. Guarded by the engine. */
  private static final class Job {
    final TaskRun run;
    final long id;
    final byte[] input;
    Seat seat; // null while queued
    Batch batch;
    boolean started; // the worker said so: its loss now costs the task an attempt
    long startNanos = -1; // on the worker's clock
    boolean cancelled;

    Job(TaskRun run, long id, byte[] input) {
      this.run = run;
      this.id = id;
      this.input = input;
    }
  }

  /** A worker and the engine's bookkeeping of it. Guarded by the engine. */
  private static final class Seat {
    final Transport.Link link;
    final LinkedHashMap<Long, Job> held = new LinkedHashMap<>();
    long sent; // tasks sent so far
    long pausedUntil; // System.nanoTime() before which nothing goes there
    boolean retiring;
    boolean warned;

    Seat(Transport.Link link) {
      this.link = link;
    }
  }

  /** Starts the transport: worker JVMs boot while the caller prepares its inputs. */
  public RemoteEngine(Options options, Events events, Transport transport) {
    this.options = options;
    this.events = events;
    this.transport = transport;
    this.shares = new Shares(options, transport.workers(), transport.reportsStart());
    transport.start(new Sink());
    int links;
    synchronized (this) {
      links = links();
    }
    warnIfCapped(links);
    this.window = shares.window(links);
  }

  /** The resource's recipe, or null: what a transport sends each worker to open. */
  public static Recipe resourceRecipe(Options options, String model) {
    return options.resource() == null ? null : Recipe.of(options.resource(), "resource", model);
  }

  private int links() {
    return Math.max(1, transport.workers() > 0 ? transport.workers() : seats.size());
  }

  private void warnIfCapped(int links) {
    long capped = shares.cappedAt(links);
    if (capped < 0) {
      return;
    }
    String noun = transport.workers() > 0 ? "workers" : "members";
    events.warn(
        "--concurrency "
            + options.concurrency()
            + " is capped at "
            + capped
            + " in flight by --threads-per-worker "
            + options.threadsPerWorker()
            + " platform threads on each of "
            + links
            + " "
            + noun
            + "; leave --threads-per-worker out to run each "
            + noun.substring(0, noun.length() - 1)
            + "'s share on virtual threads");
  }

  // ---- the Engine ----

  @Override
  public void check(Work work) {
    recipe(work.task());
  }

  /** The task's recipe, encoded once per task object (its settings do not change). */
  private Recipe recipe(Object task) {
    Recipes last = lastTask;
    if (last != null && last.task() == task) {
      return last.recipe();
    }
    Recipe made = Recipe.of(task, "task", transport.model());
    transport.prepare(task);
    lastTask = new Recipes(task, made);
    return made;
  }

  @Override
  public int window() {
    return window;
  }

  @Override
  public void launch(TaskRun run) {
    recipe(run.work().task());
    byte[] input;
    try {
      input = Codecs.encode(run.input());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot send input "
              + run.index()
              + (transport.workers() > 0 ? " to a worker process: " : " to a member: ")
              + e.getMessage(),
          e);
    }
    synchronized (this) {
      if (broken != null) {
        throw broken;
      }
      if (closed) {
        throw new IllegalStateException("the fanout is closed");
      }
      Job job = new Job(run, nextId++, input);
      run.cancelHandle(job);
      queue.add(job);
    }
  }

  @Override
  public void flush() {
    pump();
  }

  @Override
  public boolean reportsStartLate() {
    return !transport.reportsStart();
  }

  @Override
  public void cancel(TaskRun run) {
    if (!(run.cancelHandle() instanceof Job job)) {
      return;
    }
    Seat seat;
    Batch batch;
    boolean started;
    synchronized (this) {
      if (job.cancelled) {
        return;
      }
      job.cancelled = true;
      seat = job.seat;
      batch = job.batch;
      started = job.started;
      if (seat == null && !queue.remove(job)) {
        return; // already ended
      }
    }
    if (seat == null) {
      fail(job, "-", new CancellationException("cancelled before it started"));
    } else {
      transport.cancel(seat.link, batch, job.id, started);
    }
  }

  /**
   * Stops the attempt on its worker when that stops it alone; a batch shared with others runs on
   * (its other tasks are not late), and the dispatcher abandons this one.
   */
  @Override
  public void timedOut(TaskRun run) {
    if (transport.cancelsOneTask()
        || !(run.cancelHandle() instanceof Job job)
        || job.batch == null
        || job.batch.size() == 1) {
      cancel(run);
    }
  }

  @Override
  public void close() {
    List<Job> dropped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      dropped = new ArrayList<>(queue);
      queue.clear();
    }
    CancellationException notStarted =
        new CancellationException("the fanout was closed before it started");
    dropped.forEach(j -> fail(j, "-", notStarted));
    transport.close();
  }

  // ---- dispatch ----

  /** Sends batches to the workers with room, then the batches outside the lock. */
  private void pump() {
    List<Transport.Link> to = new ArrayList<>();
    List<Batch> batches = new ArrayList<>();
    List<Transport.Link> retired = new ArrayList<>();
    synchronized (this) {
      int links = links();
      int atOnce = shares.atOnce(links);
      boolean virtual = shares.virtual(links);
      while (!queue.isEmpty() && !closed && broken == null) {
        Seat seat = roomiest(atOnce);
        if (seat == null) {
          break;
        }
        Batch b = take(seat, atOnce, virtual);
        if (b == null) {
          break;
        }
        to.add(seat.link);
        batches.add(b);
        if (options.maxTasksPerWorker() > 0 && seat.sent >= options.maxTasksPerWorker()) {
          seat.retiring = true;
          retired.add(seat.link);
        }
      }
    }
    for (int i = 0; i < batches.size(); i++) {
      transport.send(to.get(i), batches.get(i));
    }
    for (Transport.Link link : retired) {
      transport.retire(link, false);
    }
  }

  /** The worker holding the fewest tasks under its limit, or null if none has room. */
  private Seat roomiest(int atOnce) {
    Seat best = null;
    long now = System.nanoTime();
    int limit = shares.limit(atOnce, queue.size(), links(), avgTaskNanos);
    for (Seat s : seats.values()) {
      if (s.retiring || s.held.size() >= limit || now - s.pausedUntil < 0) {
        continue;
      }
      if (best == null
          || s.held.size() < best.held.size()
          || (s.held.size() == best.held.size() && s.sent < best.sent)) {
        best = s;
      }
    }
    return best;
  }

  /** Takes the next batch for {@code seat}: up to its size, of one map/stream call. */
  private Batch take(Seat seat, int atOnce, boolean virtual) {
    int n = shares.batchSize(atOnce, queue.size(), links(), avgTaskNanos);
    if (options.maxTasksPerWorker() > 0) {
      n = (int) Math.min(n, options.maxTasksPerWorker() - seat.sent);
    }
    List<Job> jobs = new ArrayList<>(Math.min(n, queue.size()));
    Work work = null;
    for (Iterator<Job> it = queue.iterator(); it.hasNext() && jobs.size() < n; ) {
      Job next = it.next();
      if (work == null) {
        work = next.run.work();
      }
      if (next.run.work() == work) { // a batch runs one task, and is cancelled as one
        jobs.add(next);
        it.remove();
      }
    }
    if (jobs.isEmpty()) {
      return null;
    }
    long[] ids = new long[jobs.size()];
    byte[][] inputs = new byte[jobs.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = jobs.get(i).id;
      inputs[i] = jobs.get(i).input;
    }
    Batch b = new Batch(recipe(work.task()), work.isAsync(), atOnce, virtual, ids, inputs);
    for (Job job : jobs) {
      job.seat = seat;
      job.batch = b;
      seat.held.put(job.id, job);
      if (!transport.reportsStart()) {
        job.run.sentToWorker();
      }
    }
    seat.sent += jobs.size();
    return b;
  }

  /** Ends a job that did not finish: its CPU time is unknown if it started, else none. */
  private void fail(Job job, String worker, Throwable error) {
    job.run.finish(worker, options.clock().nanoTime(), job.started ? -1 : 0, 0, null, error);
  }

  /**
   * A worker's time on the run's clock: as it is when the worker reads the same clock (the run uses
   * the system's, and the worker on this machine shares CLOCK_MONOTONIC, so its message left
   * shortly before now); else shifted to now by its age on the worker's clock.
   */
  private long onRunClock(long workerNanos, long workerNow) {
    long now = options.clock().nanoTime();
    boolean same =
        Math.abs(now - System.nanoTime()) < SAME_CLOCK_NANOS
            && now - workerNow >= 0
            && now - workerNow < SAME_CLOCK_NANOS;
    return same ? workerNanos : now - (workerNow - workerNanos);
  }

  private void failAll(List<Job> jobs, String worker, Throwable error) {
    jobs.forEach(j -> fail(j, worker, error));
  }

  /** What the transport says, turned into the runs' begins and ends. */
  private final class Sink implements Transport.Sink {
    @Override
    public void joined(Transport.Link link) {
      synchronized (RemoteEngine.this) {
        seats.putIfAbsent(link, new Seat(link));
      }
      pump();
    }

    @Override
    public void started(Transport.Link link, long id, long nanos) {
      Job job;
      synchronized (RemoteEngine.this) {
        Seat seat = seats.get(link);
        job = seat == null ? null : seat.held.get(id);
        if (job == null) {
          return;
        }
        job.started = true;
        job.startNanos = nanos;
      }
      if (!job.run.begin(link.id(), onRunClock(nanos, nanos))) {
        transport.cancel(link, job.batch, id, true); // cancelled meanwhile: stop it there
      }
    }

    @Override
    public void finished(
        Transport.Link link,
        long id,
        long startNanos,
        long endNanos,
        long workerNow,
        long cpuNanos,
        long bytes,
        Object value,
        Throwable error) {
      Job job;
      boolean idle;
      synchronized (RemoteEngine.this) {
        Seat seat = seats.get(link);
        job = seat == null ? null : seat.held.remove(id);
        if (job == null) {
          return;
        }
        long start = job.started ? job.startNanos : startNanos;
        long took = endNanos - start;
        avgTaskNanos = avgTaskNanos < 0 ? took : (avgTaskNanos * 7 + took) / 8;
        idle = seat.retiring && seat.held.isEmpty();
        if (!job.started) {
          job.started = true;
          job.startNanos = startNanos;
        }
      }
      if (idle) {
        transport.retire(link, true);
      }
      pump();
      boolean begun =
          !transport.reportsStart()
              ? job.run.begin(link.id(), onRunClock(startNanos, workerNow))
              : true;
      if (begun) {
        job.run.finish(link.id(), onRunClock(endNanos, workerNow), cpuNanos, bytes, value, error);
      }
    }

    @Override
    public void failed(Batch batch, Throwable error, boolean pause) {
      List<Job> ended = new ArrayList<>();
      Seat seat = null;
      boolean warn = false;
      synchronized (RemoteEngine.this) {
        for (Seat s : seats.values()) {
          for (int i = 0; i < batch.size(); i++) {
            Job job = s.held.get(batch.id(i));
            if (job != null && job.batch == batch) {
              s.held.remove(job.id);
              ended.add(job);
              seat = s;
            }
          }
          if (seat != null) {
            break;
          }
        }
        if (seat != null && pause) {
          seat.pausedUntil = System.nanoTime() + PAUSE_NANOS;
          warn = !seat.warned;
          seat.warned = true;
        }
      }
      if (seat == null) {
        return; // its worker was lost meanwhile: already failed
      }
      if (warn) {
        events.warn(
            dev.fanout.Event.Warning.Kind.WORKER,
            seat.link.id()
                + " did not answer ("
                + error.getMessage()
                + "); its tasks in flight will be tried elsewhere");
        Scheduler.shared().schedule(RemoteEngine.this::pump, PAUSE_NANOS, TimeUnit.NANOSECONDS);
      }
      failAll(ended, seat.link.id(), error);
      pump();
    }

    @Override
    public void lost(Transport.Link link, String cause) {
      List<Job> lostJobs = new ArrayList<>();
      RuntimeException failure;
      boolean wasClosed;
      synchronized (RemoteEngine.this) {
        Seat seat = seats.remove(link);
        if (seat == null) {
          return;
        }
        wasClosed = closed;
        failure = broken;
        List<Job> held = new ArrayList<>(seat.held.values());
        for (int i = held.size() - 1; i >= 0; i--) {
          Job job = held.get(i);
          if (job.started || !transport.reportsStart() || closed || broken != null) {
            lostJobs.add(job);
          } else if (!job.cancelled) {
            job.seat = null; // never ran: back to the front of the queue, no attempt spent
            job.batch = null;
            queue.addFirst(job);
          } else {
            lostJobs.add(job);
          }
        }
      }
      pump();
      for (Job job : lostJobs) {
        Throwable error;
        if (failure != null) {
          error = failure;
        } else if (wasClosed || job.cancelled) {
          error = new CancellationException("cancelled; its worker " + link.id() + " was stopped");
        } else {
          error =
              new WorkerLostException(
                  link.where(), cause + ", while running input " + job.run.index());
        }
        fail(job, link.id(), error);
      }
    }

    @Override
    public void broken(RuntimeException error) {
      List<Job> dropped;
      synchronized (RemoteEngine.this) {
        if (broken != null) {
          return;
        }
        broken = error;
        dropped = new ArrayList<>(queue);
        queue.clear();
      }
      failAll(dropped, "-", error);
    }
  }
}
