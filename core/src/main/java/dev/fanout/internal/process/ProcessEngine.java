package dev.fanout.internal.process;

import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.WorkerLostException;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import dev.fanout.spi.Work;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * {@code processes}: a pool of worker JVMs (the seed's {@code multiprocessing.Pool}) that never
 * hangs. Inputs wait in one queue and go to workers in chunks, sized like {@code Pool.map}'s
 * ({@code ceil(queued / (4 x workers))}) unless set; a worker is topped up before it runs dry when
 * tasks are short, and only when a thread is free when they are long (so the tail stays balanced).
 *
 * <p>A worker that dies is replaced at once. Its tasks that had not started go back to the front of
 * the queue; those that had fail with {@link WorkerLostException}, which the dispatcher retries. A
 * resource initializer that throws, or workers that keep dying before they are ready, break the
 * engine: every task then fails with that cause, at once.
 *
 * <p>Thread-safe: one lock guards the queue and the workers' bookkeeping; user callbacks ({@link
 * TaskRun#begin}, {@link TaskRun#finish}) run outside it.
 */
public final class ProcessEngine implements Engine {
  private static final long CLOSE_GRACE_MILLIS = 1000;
  private static final long RECORD_GRACE_MILLIS = 10_000;
  private static final long CANCEL_KILL_MILLIS = 1000;
  private static final int START_FAILURES_TOLERATED = 3;
  private static final long LONG_TASK_NANOS = 1_000_000;

  private final Options options;
  private final Events events;
  private final WorkerCommand command;
  private final int processes;
  private final int threads;
  private final boolean virtual; // each worker runs its share of -c on virtual threads
  private final int window;
  private final boolean workerClock;
  private final Recipe resource; // null for none
  private volatile Recipes lastTask; // the recipe of the task launched last: one per batch

  private record Recipes(Object task, Recipe recipe) {}

  // guarded by this
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private long nextId;
  private int nextName = 1;
  private int startFailures;
  private boolean recording;
  private boolean closed;
  private RuntimeException broken;
  private long avgTaskNanos = -1;
  private int rotate;

  /** Starts the workers; they boot while the caller prepares its inputs. */
  public ProcessEngine(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.resource =
        options.resource() == null
            ? null
            : Recipe.of(options.resource(), "resource", Model.PROCESSES.label());
    this.command = WorkerCommand.current();
    this.processes = Math.min(options.workers(), options.concurrency());
    // -c means in flight: each worker runs its share at once, on virtual threads unless
    // --threads-per-worker asked for platform threads (then at most that many per worker)
    int share = Math.ceilDiv(options.concurrency(), processes);
    this.virtual = options.threadsPerWorker() == 1 && share > 1;
    this.threads = virtual ? share : Math.max(1, Math.min(options.threadsPerWorker(), share));
    if (!virtual && (long) processes * threads < options.concurrency()) {
      events.warn(
          "--concurrency "
              + options.concurrency()
              + " is capped at "
              + processes * threads
              + " in flight by --threads-per-worker "
              + options.threadsPerWorker()
              + " platform threads on each of "
              + processes
              + " workers; leave --threads-per-worker out to run each worker's share on virtual"
              + " threads");
    }
    int slots = processes * threads;
    long perSlot = options.chunkSize() > 0 ? 3L * options.chunkSize() + 2 : 512;
    // queued ahead: a few chunks per platform thread; on virtual threads the share itself plus a
    // few chunks per worker (a share of hundreds must not pull hundreds of thousands ahead)
    long w = virtual ? processes * (threads + 4 * perSlot) : slots * perSlot;
    this.window = (int) Math.min(w, 1 << 20);
    long now = options.clock().nanoTime();
    // worker JVMs read the same CLOCK_MONOTONIC: their times are ours when the clock is the
    // system's
    this.workerClock = Math.abs(now - System.nanoTime()) < 1_000_000_000L;
    synchronized (this) {
      for (int i = 0; i < processes; i++) {
        spawn();
      }
    }
  }

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
    Recipe made = Recipe.of(task, "task", Model.PROCESSES.label());
    lastTask = new Recipes(task, made);
    return made;
  }

  @Override
  public int window() {
    return window;
  }

  @Override
  public void launch(TaskRun run) {
    Recipe task = recipe(run.work().task());
    byte[] input;
    try {
      input = Codecs.encode(run.input());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot send input " + run.index() + " to a worker process: " + e.getMessage(), e);
    }
    synchronized (this) {
      if (broken != null) {
        throw broken;
      }
      if (closed) {
        throw new IllegalStateException("the fanout is closed");
      }
      Job job = new Job(run, nextId++, task, input);
      run.cancelHandle(job);
      queue.add(job);
    }
  }

  @Override
  public synchronized void flush() {
    topUp();
  }

  @Override
  public void cancel(TaskRun run) {
    if (!(run.cancelHandle() instanceof Job job)) {
      return;
    }
    synchronized (this) {
      if (job.cancelled) {
        return;
      }
      job.cancelled = true; // a queued job is skipped; the dispatcher ends it
      WorkerProcess w = job.worker;
      if (w == null || w.dead) {
        return;
      }
      w.send(Frames.cancel(job.id));
      if (job.started) {
        // a task that ignores its interrupt would hold the worker: stop the whole worker instead
        Scheduler.shared()
            .schedule(() -> killIfStillRunning(w, job), CANCEL_KILL_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void killIfStillRunning(WorkerProcess w, Job job) {
    synchronized (this) {
      if (w.dead || !w.outstanding.containsKey(job.id)) {
        return;
      }
    }
    events.warn(
        dev.fanout.Event.Warning.Kind.WORKER,
        "stopping "
            + w.where()
            + ": a cancelled task did not stop within "
            + CANCEL_KILL_MILLIS
            + " ms of its interrupt");
    w.process.destroyForcibly();
  }

  // ---- dispatch: all under the lock ----

  private void topUp() {
    if (queue.isEmpty() || workers.isEmpty()) {
      return;
    }
    rotate++;
    // first every worker gets work for each of its threads, then short tasks get a chunk ahead
    fill(threads);
    if (avgTaskNanos < LONG_TASK_NANOS) {
      fill(-1);
    }
  }

  /** Sends chunks while a worker holds fewer than {@code target} tasks (-1: the low water). */
  private void fill(int target) {
    int n = workers.size();
    for (int i = 0; i < n && !queue.isEmpty(); i++) {
      WorkerProcess w = workers.get(Math.floorMod(rotate + i, n));
      while (!queue.isEmpty() && accepting(w)) {
        int chunk = chunkSize();
        if (w.outstanding.size() >= (target < 0 ? lowWater(chunk) : target)) {
          break;
        }
        sendChunk(w, chunk);
      }
    }
  }

  private boolean accepting(WorkerProcess w) {
    return !w.dead && !w.retiring && !closed && broken == null;
  }

  private int chunkSize() {
    if (options.chunkSize() > 0) {
      return options.chunkSize();
    }
    return Math.max(1, (queue.size() + 4 * processes - 1) / (4 * processes));
  }

  /**
   * Short tasks: top a worker up while it holds fewer than this, so that the next chunk is there
   * before it runs dry. Long tasks get no chunk ahead: it would only unbalance the tail.
   */
  private int lowWater(int chunk) {
    return Math.max(2 * threads, chunk / 2);
  }

  private void sendChunk(WorkerProcess w, int chunk) {
    if (options.maxTasksPerWorker() > 0) {
      chunk = (int) Math.min(chunk, options.maxTasksPerWorker() - w.sent);
    }
    Job first = null;
    List<Job> jobs = new ArrayList<>(Math.min(chunk, queue.size()));
    while (jobs.size() < chunk && !queue.isEmpty()) {
      Job next = queue.peek();
      if (next.cancelled) {
        queue.poll();
        continue;
      }
      if (first != null && (!next.task.equals(first.task) || next.async != first.async)) {
        break; // a chunk runs one task
      }
      queue.poll();
      first = first == null ? next : first;
      jobs.add(next);
    }
    if (jobs.isEmpty()) {
      return;
    }
    for (Job job : jobs) {
      job.worker = w;
      w.outstanding.put(job.id, job);
    }
    w.sent += jobs.size();
    w.send(Frames.chunk(first.task, first.async, jobs));
    if (options.maxTasksPerWorker() > 0 && w.sent >= options.maxTasksPerWorker()) {
      retire(w);
    }
  }

  /**
   * Python's maxtasksperchild: no more work for {@code w}; it exits once idle, a fresh one starts.
   */
  private void retire(WorkerProcess w) {
    w.retiring = true;
    spawn();
    if (w.outstanding.isEmpty()) {
      w.closeInput();
    }
  }

  private void spawn() {
    String name = "worker-" + nextName++;
    Path recordTo = null;
    if (!recording && command.archiveMissing()) {
      recording = true; // one recorder per engine; concurrent writers would corrupt the file
      recordTo = command.recordingPath();
    }
    try {
      WorkerProcess w =
          new WorkerProcess(
              this, name, command.command(name, threads, virtual, recordTo), recordTo);
      w.send(Frames.init(resource));
      workers.add(w);
    } catch (IOException e) {
      breakWith(
          new IllegalStateException("cannot start worker JVM " + name + ": " + e.getMessage(), e));
    }
  }

  /** Every task from now on fails with {@code error}; the workers are stopped. */
  private void breakWith(RuntimeException error) {
    if (broken != null) {
      return;
    }
    broken = error;
    List<Job> dropped = new ArrayList<>(queue);
    queue.clear();
    for (WorkerProcess w : workers) {
      w.process.destroyForcibly(); // their readers fail what they held
    }
    dropped.forEach(j -> fail(j, "-", error)); // finish only signals the dispatcher: safe here
  }

  private void fail(Job job, String worker, Throwable error) {
    job.run.finish(worker, options.clock().nanoTime(), -1, 0, null, error);
  }

  private long time(long workerNanos) {
    return workerClock ? workerNanos : options.clock().nanoTime();
  }

  // ---- called by the workers' reader threads ----

  void ready(WorkerProcess w) {
    synchronized (this) {
      w.ready = true;
      startFailures = 0;
    }
  }

  void initFailed(WorkerProcess w, Throwable error) {
    String msg = error.getMessage();
    synchronized (this) {
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
  }

  void started(WorkerProcess w, long id, long startNanos) {
    Job job;
    synchronized (this) {
      job = w.outstanding.get(id);
      if (job == null) {
        return;
      }
      job.started = true;
      job.startNanos = startNanos;
    }
    if (!job.run.begin(w.name, time(startNanos))) {
      synchronized (this) {
        if (!w.dead) {
          w.send(Frames.cancel(id)); // cancelled meanwhile: do not let it run to its end
        }
      }
    }
  }

  void finished(
      WorkerProcess w, long id, long end, long cpu, long bytes, Object value, Throwable error) {
    Job job;
    synchronized (this) {
      job = w.outstanding.remove(id);
      if (job == null) {
        return;
      }
      if (job.started) {
        long took = end - job.startNanos;
        avgTaskNanos = avgTaskNanos < 0 ? took : (avgTaskNanos * 7 + took) / 8;
      }
      if (w.retiring && w.outstanding.isEmpty()) {
        w.closeInput();
      }
      topUp();
    }
    job.run.finish(w.name, time(end), cpu, bytes, value, error);
  }

  void lost(WorkerProcess w, String cause) {
    List<Job> lostJobs = new ArrayList<>();
    RuntimeException failure;
    boolean wasClosed;
    synchronized (this) {
      w.dead = true;
      workers.remove(w);
      wasClosed = closed;
      failure = broken;
      List<Job> held = new ArrayList<>(w.outstanding.values());
      w.outstanding.clear();
      for (int i = held.size() - 1; i >= 0; i--) {
        Job job = held.get(i);
        if (job.started || closed || broken != null || job.cancelled) {
          lostJobs.add(job);
        } else {
          job.worker = null; // never ran: back to the front of the queue, no attempt spent
          queue.addFirst(job);
        }
      }
      if (!w.ready
          && !w.retiring
          && !closed
          && broken == null
          && ++startFailures >= START_FAILURES_TOLERATED) {
        breakWith(
            new IllegalStateException(
                START_FAILURES_TOLERATED
                    + " worker JVMs in a row died before they were ready; the"
                    + " last, "
                    + w.where()
                    + ": "
                    + cause));
        failure = broken;
      } else if (!closed && broken == null && !w.retiring) {
        spawn();
      }
      topUp();
    }
    if (w.recordingTo != null) {
      command.publishArchive(w.recordingTo, cause.startsWith("exited with code 0"));
    }
    for (Job job : lostJobs) {
      Throwable error;
      if (failure != null) {
        error = failure;
      } else if (wasClosed || job.cancelled) {
        error = new CancellationException("cancelled; its worker " + w.name + " was stopped");
      } else {
        error =
            new WorkerLostException(w.where(), cause + ", while running input " + job.run.index());
      }
      fail(job, w.name, error);
    }
  }

  @Override
  public void close() {
    List<WorkerProcess> all;
    List<Job> dropped;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(workers);
      dropped = new ArrayList<>(queue);
      queue.clear();
    }
    CancellationException notStarted =
        new CancellationException("the fanout was closed before it started");
    dropped.forEach(j -> fail(j, "-", notStarted));
    WorkerProcess.stopAll(all, CLOSE_GRACE_MILLIS, RECORD_GRACE_MILLIS);
  }
}
