package dev.fanout.cluster.internal;

import com.hazelcast.collection.IQueue;
import dev.fanout.AsyncTask;
import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.spi.AttemptWorker;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.Work;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run as one member serves it: its tasks, each built once from its recipe, and the member's
 * resource, opened by the first task that asks for it and shared by the member's tasks of that run.
 *
 * <p>A run without an explicit {@code -c} runs a chunk's inputs one after the other on the executor
 * thread, {@code workers} chunks at a time. With one ({@link #VIRTUAL} or {@link #PLATFORM}), the
 * member runs its share of {@code -c} at once: each input on a thread of its own (a virtual thread
 * per task, or one of {@code workers} platform threads), behind a semaphore of {@code workers}
 * permits shared by the run's chunks, while the executor thread waits for its chunk's inputs.
 *
 * <p>Thread-safe: several executor threads of the member run chunks of the same run at once.
 */
final class MemberRun {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A chunk's inputs run one after the other on the executor thread (no explicit {@code -c}). */
  static final int ONE_BY_ONE = 0;

  /** Each input on a virtual thread of its own, {@code workers} of the run at once. */
  static final int VIRTUAL = 1;

  /** Each input on one of {@code workers} platform threads of the run. */
  static final int PLATFORM = 2;

  private final String memberId;
  private final String owner;
  private final ClassLoader loader;
  private final ResourceSlot slot;
  // the client sends a second chunk per slot ahead of time; it waits here, not in the CPU
  private final Semaphore running;
  private final Exception resourceError; // the resource class could not be built here
  // a run may map several tasks (one fanout, many batches): each is built once per member
  private final ConcurrentMap<Recipe, Loaded> tasks = new ConcurrentHashMap<>();

  private record Loaded(Work work, Exception error) {}

  /** Where the run's files go to the caller: its queue, and this member's uuid for answers. */
  record Files(IQueue<byte[]> queue, String memberUuid, Seal seal, String runId) {}

  private final Files files; // null without Hazelcast (tests): files are written here
  private final ConcurrentMap<String, CompletableFuture<String>> acks = new ConcurrentHashMap<>();
  private final java.util.Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final ExecutorService taskThreads; // null for ONE_BY_ONE
  private volatile boolean ended;

  MemberRun(
      String memberId,
      String owner,
      int workers,
      Recipe resourceRecipe,
      ClassLoader loader,
      Events events,
      Files files) {
    this(memberId, owner, workers, ONE_BY_ONE, resourceRecipe, loader, events, files);
  }

  MemberRun(
      String memberId,
      String owner,
      int workers,
      int mode,
      Recipe resourceRecipe,
      ClassLoader loader,
      Events events,
      Files files) {
    this.memberId = memberId;
    this.files = files;
    this.running = new Semaphore(workers);
    this.taskThreads =
        switch (mode) {
          case VIRTUAL ->
              Executors.newThreadPerTaskExecutor(
                  Thread.ofVirtual().name("fanout-task-", 0).factory());
          case PLATFORM ->
              Executors.newFixedThreadPool(
                  workers, Thread.ofPlatform().name("fanout-task-", 0).daemon().factory());
          default -> null;
        };
    this.owner = owner;
    this.loader = loader;
    Resource<?> r = null;
    Exception error = null;
    if (resourceRecipe != null) {
      try {
        Object res = resourceRecipe.build(loader, memberId);
        if (!(res instanceof Resource<?> rr)) {
          throw new IllegalArgumentException(
              "class " + resourceRecipe.className() + " is not a dev.fanout.Resource");
        }
        r = rr;
      } catch (Exception e) {
        error = e;
      }
    }
    this.resourceError = error;
    this.slot = new ResourceSlot(r, events);
  }

  private Loaded load(Recipe recipe) {
    String taskClass = recipe.className();
    try {
      if (resourceError != null) {
        throw resourceError;
      }
      Object task = recipe.build(loader, memberId);
      if (task instanceof Task<?, ?> t) {
        return new Loaded(Work.of(t), null);
      }
      if (task instanceof AsyncTask<?, ?> t) {
        return new Loaded(Work.ofAsync(t), null);
      }
      throw new IllegalArgumentException(
          "class " + taskClass + " is neither a dev.fanout.Task nor a dev.fanout.AsyncTask");
    } catch (Exception e) {
      return new Loaded(null, e);
    }
  }

  String owner() {
    return owner;
  }

  /**
   * Runs the inputs, one after the other on this thread or each on a task thread (see the class
   * comment); every input gets an item in the reply, in order.
   */
  byte[] run(Recipe recipe, byte[][] inputs) {
    Loaded task = tasks.computeIfAbsent(recipe, this::load);
    if (taskThreads != null) {
      return runAtOnce(task, inputs);
    }
    Reply.Builder reply = new Reply.Builder(inputs.length);
    Thread thread = Thread.currentThread();
    threads.add(thread);
    if (ended) { // the run ended (its client left) while this chunk waited
      thread.interrupt();
    }
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // JSON-coded values name user classes
    try {
      running.acquire();
    } catch (InterruptedException e) { // cancelled while waiting its turn
      long now = System.nanoTime();
      for (int i = 0; i < inputs.length; i++) {
        reply.failed(now, now, new CancellationException("cancelled before it started"));
      }
      thread.setContextClassLoader(previous);
      threads.remove(thread);
      Thread.interrupted();
      return reply.build(now);
    }
    try {
      for (byte[] input : inputs) {
        if (thread.isInterrupted()) { // the client cancelled the chunk
          long now = System.nanoTime();
          reply.failed(now, now, new CancellationException("cancelled before it started"));
        } else {
          runOne(task, input).addTo(reply);
        }
      }
    } finally {
      running.release();
      thread.setContextClassLoader(previous);
      threads.remove(thread);
      Thread.interrupted(); // an end's interrupt must not reach the executor's next task
    }
    return reply.build(System.nanoTime());
  }

  /**
   * Starts each input on a task thread once the run has a free permit, then waits for them all. An
   * interrupt (the client cancelled the chunk, or the run ended) interrupts the started ones and
   * fails the others as not started.
   */
  private byte[] runAtOnce(Loaded task, byte[][] inputs) {
    Thread thread = Thread.currentThread();
    threads.add(thread);
    if (ended) {
      thread.interrupt();
    }
    Outcome[] outcomes = new Outcome[inputs.length];
    Future<?>[] started = new Future<?>[inputs.length];
    AtomicBoolean stop = new AtomicBoolean(); // the chunk was cancelled: start nothing more
    Set<Thread> mine = ConcurrentHashMap.newKeySet(); // this chunk's running task threads
    try {
      for (int i = 0; i < inputs.length && !thread.isInterrupted(); i++) {
        try {
          running.acquire();
        } catch (InterruptedException e) {
          thread.interrupt(); // seen by the wait below
          break;
        }
        int at = i;
        try {
          started[i] =
              taskThreads.submit(
                  () -> {
                    Thread self = Thread.currentThread();
                    threads.add(self);
                    mine.add(self);
                    try {
                      if (!ended && !stop.get()) { // else it never starts: no outcome
                        self.setContextClassLoader(loader); // JSON values name user classes
                        outcomes[at] = runOne(task, inputs[at]);
                      }
                    } finally {
                      mine.remove(self);
                      threads.remove(self);
                      Thread.interrupted(); // a pool thread's next task starts clean
                      running.release();
                    }
                  });
        } catch (RejectedExecutionException e) { // the run ended
          running.release();
          break;
        }
      }
      if (thread.isInterrupted()) {
        stop.set(true);
        mine.forEach(Thread::interrupt);
      }
      for (Future<?> f : started) {
        while (f != null) {
          try {
            f.get();
            break;
          } catch (InterruptedException e) { // cancelled: interrupt the started ones, wait on
            stop.set(true);
            mine.forEach(Thread::interrupt);
          } catch (ExecutionException e) {
            break; // runOne turns every failure into an outcome: nothing to add
          }
        }
      }
    } finally {
      threads.remove(thread);
      Thread.interrupted(); // an end's interrupt must not reach the executor's next task
    }
    Reply.Builder reply = new Reply.Builder(inputs.length);
    long now = System.nanoTime();
    for (Outcome o : outcomes) {
      if (o == null) {
        reply.failed(now, now, new CancellationException("cancelled before it started"));
      } else {
        o.addTo(reply);
      }
    }
    return reply.build(System.nanoTime());
  }

  /** One attempt's times, CPU, bytes, and its encoded result or error. */
  private record Outcome(
      long start, long end, long cpu, long bytes, byte[] result, Throwable error) {
    void addTo(Reply.Builder reply) {
      if (error == null) {
        reply.succeeded(start, end, cpu, bytes, result);
      } else {
        reply.failed(start, end, cpu, bytes, error);
      }
    }
  }

  private Outcome runOne(Loaded task, byte[] encoded) {
    long start = System.nanoTime();
    if (task.work() == null) {
      return new Outcome(start, start, 0, 0, null, task.error());
    }
    long cpu0 = cpuNow();
    AttemptWorker worker =
        files == null
            ? new AttemptWorker(memberId, slot, Scheduler.shared())
            : new AttemptWorker(
                memberId, slot, Scheduler.shared(), target -> RemoteFile.open(files, this, target));
    Object value = null;
    Throwable error = null;
    try {
      Object input = Codecs.decode(encoded, loader);
      value = task.work().runBlocking(input, worker);
    } catch (Throwable t) { // every failure becomes an outcome, as on the other models
      error = t;
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    long end = System.nanoTime();
    long cpu1 = cpuNow();
    long cpu = cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0;
    if (error != null) {
      return new Outcome(start, end, cpu, worker.bytes(), null, error);
    }
    try {
      return new Outcome(start, end, cpu, worker.bytes(), Codecs.encode(value), null);
    } catch (RuntimeException e) {
      return new Outcome(
          start,
          end,
          cpu,
          worker.bytes(),
          null,
          new IllegalStateException(
              "the result cannot be sent back from " + memberId + ": " + e.getMessage(), e));
    }
  }

  /** The answer to the COMMIT of {@code file}, completed by {@link #ackFile}. */
  CompletableFuture<String> expectAck(String file) {
    return acks.computeIfAbsent(file, f -> new CompletableFuture<>());
  }

  void forgetAck(String file) {
    acks.remove(file);
  }

  boolean ackFile(String file, String error) {
    CompletableFuture<String> ack = acks.get(file);
    return ack != null && ack.complete(error);
  }

  /** Ends the run: its running tasks are interrupted, its resource closed. */
  void close() {
    ended = true;
    threads.forEach(Thread::interrupt);
    if (taskThreads != null) {
      taskThreads.shutdown(); // tasks queued on it start, see the end, and return at once
    }
    acks.values().forEach(a -> a.complete("the run ended before the caller stored the file"));
    slot.close();
  }

  private static long cpuNow() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }
}
