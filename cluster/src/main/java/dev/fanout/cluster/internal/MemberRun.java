package dev.fanout.cluster.internal;

import com.hazelcast.collection.IQueue;
import dev.fanout.AsyncTask;
import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.internal.AttemptWorker;
import dev.fanout.internal.Events;
import dev.fanout.internal.ResourceSlot;
import dev.fanout.internal.Scheduler;
import dev.fanout.internal.Work;
import dev.fanout.internal.codec.Codecs;
import dev.fanout.internal.codec.Recipe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * One run as one member serves it: its tasks, each built once from its recipe, and the member's
 * resource, opened by the first task that asks for it and shared by the member's tasks of that run.
 *
 * <p>Thread-safe: several executor threads of the member run chunks of the same run at once.
 */
final class MemberRun {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
  private volatile boolean ended;

  MemberRun(
      String memberId,
      String owner,
      int workers,
      Recipe resourceRecipe,
      ClassLoader loader,
      Events events,
      Files files) {
    this.memberId = memberId;
    this.files = files;
    this.running = new Semaphore(workers);
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

  /** Runs the inputs one after the other on this thread; every input gets an item in the reply. */
  byte[] run(Recipe recipe, byte[][] inputs) {
    Loaded task = tasks.computeIfAbsent(recipe, this::load);
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
          runOne(task, input, reply);
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

  private void runOne(Loaded task, byte[] encoded, Reply.Builder reply) {
    long start = System.nanoTime();
    if (task.work() == null) {
      reply.failed(start, start, task.error());
      return;
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
      reply.failed(start, end, cpu, worker.bytes(), error);
      return;
    }
    byte[] result;
    try {
      result = Codecs.encode(value);
    } catch (RuntimeException e) {
      reply.failed(
          start,
          end,
          cpu,
          worker.bytes(),
          new IllegalStateException(
              "the result cannot be sent back from " + memberId + ": " + e.getMessage(), e));
      return;
    }
    reply.succeeded(start, end, cpu, worker.bytes(), result);
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
    acks.values().forEach(a -> a.complete("the run ended before the caller stored the file"));
    slot.close();
  }

  private static long cpuNow() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
  }
}
