package dev.fanout.spi.remote;

import dev.fanout.AsyncTask;
import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.internal.BlockingAttempt;
import dev.fanout.spi.AttemptWorker;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.Work;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The worker side of a {@link RemoteEngine}, in a worker JVM or on a member: builds each task once
 * from its {@link Recipe} (classes checked before any code of theirs runs), runs its share of the
 * run's tasks at once (a virtual thread per task behind a semaphore, or a pool of platform
 * threads), times each attempt, and hands a {@link Report} to whoever sent the input.
 *
 * <p>Thread-safe.
 */
public final class TaskRunner {

  /** Where a task's start and end go: a frame to the parent, a slot of a member's reply. */
  public interface Reports {
    /** The task began (flushed before it runs, so a death is charged to it). */
    default void started(long nanos) {}

    void ended(Report report);
  }

  private final String workerId;
  private final ClassLoader loader;
  private final ResourceSlot slot;
  private final Exception resourceError; // the resource class could not be built here
  private final AttemptWorker.Files files;
  private final ExecutorService threads;
  private final Semaphore permits; // null on platform threads: the pool's size bounds them
  private final Map<Recipe, Built> tasks = new ConcurrentHashMap<>();
  private final Map<Thread, Boolean> running = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile Built lastBuilt;

  /**
   * @param atOnce tasks run at once
   * @param virtual a virtual thread per task, else {@code atOnce} platform threads
   * @param resource the per-worker resource's recipe, or null
   * @param files where tasks' files go (a member streams them to the caller)
   */
  public TaskRunner(
      String workerId,
      ClassLoader loader,
      int atOnce,
      boolean virtual,
      Recipe resource,
      Events events,
      AttemptWorker.Files files) {
    this.workerId = workerId;
    this.loader = loader;
    this.files = files;
    this.threads =
        virtual
            ? Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("fanout-" + workerId + "-task-", 0).factory())
            : Executors.newFixedThreadPool(
                atOnce, Thread.ofPlatform().name("fanout-" + workerId + "-", 1).daemon().factory());
    this.permits = virtual ? new Semaphore(atOnce) : null;
    Resource<?> r = null;
    Exception error = null;
    if (resource != null) {
      try {
        if (!(resource.build(loader, workerId) instanceof Resource<?> rr)) {
          throw new IllegalArgumentException(
              "class " + resource.className() + " is not a dev.fanout.Resource");
        }
        r = rr;
      } catch (Exception e) {
        error = e;
      }
    }
    this.resourceError = error;
    this.slot = new ResourceSlot(r, events);
  }

  /**
   * Opens the resource now rather than on first use (a worker JVM says it is ready once it is).
   *
   * @throws Exception what the resource's class or its initializer threw
   */
  public void openResource() throws Exception {
    if (resourceError != null) {
      throw resourceError;
    }
    try {
      slot.get(new AttemptWorker(workerId, slot, Scheduler.shared(), files));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** One input on this worker; its lock orders a cancel against its start and end. */
  public static final class Job {
    private final Built task;
    private final byte[] input;
    private final Reports reports;
    private boolean cancelled;
    private Thread runner;

    private Job(Built task, byte[] input, Reports reports) {
      this.task = task;
      this.input = input;
      this.reports = reports;
    }
  }

  /** Queues one input of {@code task}; its reports follow from a task thread. */
  public Job submit(Recipe task, byte[] input, Reports reports) {
    Built last = lastBuilt; // a batch's inputs share one recipe object: skip hashing its bytes
    Built built =
        last != null && last.recipe == task ? last : tasks.computeIfAbsent(task, Built::new);
    lastBuilt = built;
    Job job = new Job(built, input, reports);
    try {
      threads.execute(() -> run(job));
    } catch (RejectedExecutionException e) { // closed
      reports.ended(Report.notStarted(new CancellationException("the run has ended")));
    }
    return job;
  }

  /** Interrupts {@code job} if it runs; if it has not started, it never will. */
  public void cancel(Job job) {
    synchronized (job) {
      job.cancelled = true;
      if (job.runner != null) {
        job.runner.interrupt();
      }
    }
  }

  private void run(Job job) {
    Thread self = Thread.currentThread();
    try {
      if (permits != null) {
        synchronized (job) {
          job.runner = self; // a cancel while it waits for a permit interrupts the wait
        }
        permits.acquire();
      }
    } catch (InterruptedException e) {
      job.reports.ended(
          Report.notStarted(new CancellationException("cancelled before it started")));
      return;
    }
    try {
      synchronized (job) {
        if (job.cancelled || closed) {
          job.runner = null;
          job.reports.ended(
              Report.notStarted(new CancellationException("cancelled before it started")));
          return;
        }
        job.runner = self;
      }
      running.put(self, Boolean.TRUE);
      self.setContextClassLoader(loader); // JSON-coded values name user classes
      job.reports.ended(attempt(job));
    } finally {
      running.remove(self);
      synchronized (job) {
        job.runner = null;
        Thread.interrupted(); // a cancel's interrupt must not reach the next task
      }
      if (permits != null) {
        permits.release();
      }
    }
  }

  /** Runs one attempt on this thread: times it and encodes its result. */
  private Report attempt(Job job) {
    long start = System.nanoTime();
    job.reports.started(start);
    long cpu0 = BlockingAttempt.cpuNow();
    AttemptWorker worker = new AttemptWorker(workerId, slot, Scheduler.shared(), files);
    Object value = null;
    Throwable error = null;
    try {
      Work work = job.task.get();
      value = work.runBlocking(Codecs.decode(job.input, loader), worker);
    } catch (Throwable t) { // every failure is the task's outcome, Errors included
      error = t;
    }
    long end = System.nanoTime();
    long cpu1 = cpu0 < 0 ? -1 : BlockingAttempt.cpuNow();
    long cpu = cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0;
    if (error == null) {
      try {
        return new Report(start, end, cpu, worker.bytes(), Codecs.encode(value), null);
      } catch (RuntimeException e) {
        error =
            new IllegalArgumentException(
                "cannot send the result ("
                    + value.getClass().getName()
                    + ") back from "
                    + workerId
                    + ": "
                    + e.getMessage(),
                e);
      }
    }
    return new Report(start, end, cpu, worker.bytes(), null, error);
  }

  /**
   * Ends the run: its running tasks are interrupted, queued ones never start, the resource closes.
   */
  public void close() {
    closed = true;
    running.keySet().forEach(Thread::interrupt);
    threads.shutdown();
    slot.close();
  }

  /** A task built once from its recipe, on first use, by the thread that first runs it. */
  private final class Built {
    private final Recipe recipe;
    private Work work;
    private Exception error;

    Built(Recipe recipe) {
      this.recipe = recipe;
    }

    synchronized Work get() throws Exception {
      if (work == null && error == null) {
        try {
          if (resourceError != null) {
            throw resourceError;
          }
          Object task = recipe.build(loader, workerId);
          if (task instanceof Task<?, ?> t) {
            work = Work.of(t);
          } else if (task instanceof AsyncTask<?, ?> t) {
            work = Work.ofAsync(t);
          } else {
            throw new IllegalArgumentException(
                "class "
                    + recipe.className()
                    + " is neither a dev.fanout.Task nor a dev.fanout.AsyncTask");
          }
        } catch (java.lang.reflect.InvocationTargetException e) {
          error =
              new IllegalStateException(
                  "cannot create the task "
                      + recipe.className()
                      + " in "
                      + workerId
                      + ": "
                      + e.getCause(),
                  e.getCause());
        } catch (Exception | LinkageError e) {
          error = e instanceof Exception ex ? ex : new IllegalStateException(e.toString(), e);
        }
      }
      if (error != null) {
        throw error;
      }
      return work;
    }
  }
}
