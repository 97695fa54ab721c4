package dev.fanout.internal.process;

import dev.fanout.AsyncTask;
import dev.fanout.Resource;
import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.RemoteErrors;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;

/**
 * The {@code main} of a worker JVM: reads chunks of inputs from stdin, runs them on its threads,
 * writes results to stdout (see {@link Frames}). It exits when stdin ends (the engine closed it or
 * the parent died) or when its parent process changes.
 *
 * <p>Arguments: {@code <worker name> <threads> <parent pid>}; the resource comes in the first
 * frame.
 */
public final class WorkerMain {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String name;
  private final DataOutputStream out;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
  private final Map<Recipe, Built> tasks = new ConcurrentHashMap<>();
  private final ClassLoader loader = ClassLoader.getSystemClassLoader();
  private final boolean cpuTime = THREADS.isCurrentThreadCpuTimeSupported();
  private Resource<Object> resource;
  private volatile Object resourceValue;
  private volatile boolean resourceOpen;
  private volatile ScheduledExecutorService executor;

  private WorkerMain(String name, OutputStream stdout) {
    this.name = name;
    this.out = new DataOutputStream(new BufferedOutputStream(stdout, 1 << 16));
  }

  public static void main(String[] args) throws Exception {
    // the protocol owns stdout: whatever user code prints goes to stderr, prefixed by the parent
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    if (args.length != 4) {
      System.err.println("usage: WorkerMain <name> <threads> <parent pid> <virtual|platform>");
      System.exit(2);
    }
    WorkerMain worker = new WorkerMain(args[0], stdout);
    watchParent(Long.parseLong(args[2]));
    worker.run(Integer.parseInt(args[1]), args[3].equals("virtual"));
  }

  /**
   * A task calling {@code System.exit} runs the shutdown hooks (a halt, a crash or running out of
   * memory does not): tell the parent, so it reports the death as what it was.
   */
  private void reportExit() {
    Thread hook =
        new Thread(
            () -> {
              try {
                send(new Frames.Builder(Frames.EXITING), true);
              } catch (IOException | RuntimeException e) {
                // the parent is gone
              }
            },
            "fanout-exit-report");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Backs up the stdin rule: a worker whose parent is gone exits even if stdin stays open. */
  private static void watchParent(long parentPid) {
    Thread t =
        new Thread(
            () -> {
              while (true) {
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (now != parentPid) {
                  Runtime.getRuntime().halt(0);
                }
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "fanout-parent-watch");
    t.setDaemon(true);
    t.start();
  }

  @SuppressWarnings("unchecked")
  private void run(int threads, boolean virtual) throws IOException {
    Frames.Builder hello = new Frames.Builder(Frames.HELLO);
    hello.body().writeInt(Frames.MAGIC);
    hello.body().writeInt(Frames.VERSION);
    hello.body().writeLong(ProcessHandle.current().pid());
    send(hello, true);
    reportExit();
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
    Frames.Frame init = Frames.read(in);
    if (init == null || init.type() != Frames.INIT) {
      System.err.println("stopping: the engine's first frame is not INIT");
      Runtime.getRuntime().halt(2);
      return;
    }
    Recipe resourceRecipe = init.body().readBoolean() ? Recipe.read(init.body()) : null;
    if (resourceRecipe != null) {
      try {
        Object built = resourceRecipe.build(loader, name);
        if (!(built instanceof Resource<?>)) {
          throw new ClassCastException(
              resourceRecipe.className() + " is not a dev.fanout.Resource");
        }
        resource = (Resource<Object>) built;
        resourceValue = resource.open(new Attempt());
        resourceOpen = true;
      } catch (Throwable t) {
        Frames.Builder failed = new Frames.Builder(Frames.INIT_FAILED);
        RemoteErrors.write(failed.body(), t);
        send(failed, true);
        System.err.println("the resource initializer failed: " + t);
        Runtime.getRuntime().halt(1);
      }
    }
    send(new Frames.Builder(Frames.READY), true);
    if (virtual) {
      // a virtual thread per task, at most `threads` at once: memory follows the work in flight
      Thread.ofPlatform()
          .name("fanout-" + name + "-dispatch")
          .daemon()
          .start(() -> dispatchLoop(new Semaphore(threads)));
    } else {
      for (int i = 0; i < threads; i++) {
        Thread.ofPlatform().name("fanout-" + name + "-" + (i + 1)).daemon().start(this::workLoop);
      }
    }
    readLoop(in);
    shutDown();
  }

  private void readLoop(DataInputStream in) {
    try {
      Frames.Frame f;
      while ((f = Frames.read(in)) != null) {
        switch (f.type()) {
          case Frames.CHUNK -> readChunk(f.body());
          case Frames.CANCEL -> cancel(f.body().readLong());
          default ->
              throw new Frames.MalformedFrameException("malformed frame: unknown type " + f.type());
        }
      }
    } catch (IOException e) {
      System.err.println("stopping: cannot read from the engine: " + e.getMessage());
    }
  }

  private void readChunk(DataInputStream body) throws IOException {
    Recipe recipe = Recipe.read(body);
    Built taskClass = tasks.computeIfAbsent(recipe, Built::new);
    boolean async = body.readBoolean();
    int count = body.readInt();
    for (int i = 0; i < count; i++) {
      long id = body.readLong();
      int len = body.readInt();
      if (len < 0 || len > body.available()) {
        throw new Frames.MalformedFrameException("malformed chunk: input length " + len);
      }
      Job job = new Job(id, taskClass, async, body.readNBytes(len));
      jobs.put(id, job);
      queue.add(job);
    }
  }

  private void cancel(long id) {
    Job job = jobs.get(id);
    if (job != null) {
      synchronized (job) {
        job.cancelled = true;
        if (job.runner != null) {
          job.runner.interrupt();
        }
      }
    }
  }

  private void dispatchLoop(Semaphore slots) {
    while (true) {
      Job job;
      try {
        slots.acquire();
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      Thread.ofVirtual()
          .name("fanout-" + name + "-task")
          .start(
              () -> {
                try {
                  runJob(job);
                } catch (IOException e) {
                  // stdout is gone: the parent is too, and this JVM ends with stdin
                } finally {
                  slots.release();
                }
              });
    }
  }

  private void workLoop() {
    while (true) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        runJob(job);
      } catch (IOException e) {
        return; // stdout is gone: the parent is too
      }
    }
  }

  private void runJob(Job job) throws IOException {
    synchronized (job) {
      if (job.cancelled) {
        jobs.remove(job.id);
        sendError(
            job, System.nanoTime(), 0, 0, new CancellationException("cancelled before it started"));
        return;
      }
      job.runner = Thread.currentThread();
    }
    long start = System.nanoTime();
    Frames.Builder started = new Frames.Builder(Frames.STARTED);
    started.body().writeLong(job.id);
    started.body().writeLong(start);
    // flushed now, so that if this task kills the JVM the parent knows it was running
    send(started, true);
    // a virtual thread has no CPU time of its own to read
    boolean measured = cpuTime && !Thread.currentThread().isVirtual();
    long cpu0 = measured ? THREADS.getCurrentThreadCpuTime() : -1;
    Attempt attempt = new Attempt();
    Object value = null;
    Throwable error = null;
    try {
      value = execute(job, attempt);
    } catch (Throwable t) { // every failure is the task's outcome, Errors included
      error = t;
    }
    long cpu = measured ? THREADS.getCurrentThreadCpuTime() - cpu0 : -1;
    long end = System.nanoTime();
    synchronized (job) {
      job.runner = null;
      Thread.interrupted(); // a cancel's interrupt must not leak into the next task
    }
    jobs.remove(job.id);
    if (error == null) {
      byte[] encoded = null;
      try {
        encoded = Codecs.encode(value);
      } catch (RuntimeException e) {
        error =
            new IllegalArgumentException(
                "cannot send the result ("
                    + value.getClass().getName()
                    + ") back to the parent: "
                    + e.getMessage(),
                e);
      }
      if (encoded != null) {
        Frames.Builder result = new Frames.Builder(Frames.RESULT);
        DataOutputStream b = result.body();
        b.writeLong(job.id);
        b.writeLong(end);
        b.writeLong(cpu);
        b.writeLong(attempt.bytes);
        b.writeInt(encoded.length);
        b.write(encoded);
        send(result, queue.isEmpty());
        return;
      }
    }
    sendError(job, end, cpu, attempt.bytes, error);
  }

  @SuppressWarnings("unchecked")
  private Object execute(Job job, Attempt attempt) throws Exception {
    Object task = job.taskClass.get();
    Object input = Codecs.decode(job.input, loader);
    if (!job.async) {
      return ((Task<Object, Object>) task).run(input, attempt);
    }
    try {
      return ((AsyncTask<Object, Object>) task).start(input, attempt).toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void sendError(Job job, long end, long cpu, long bytes, Throwable error)
      throws IOException {
    Frames.Builder f = new Frames.Builder(Frames.ERROR);
    DataOutputStream b = f.body();
    b.writeLong(job.id);
    b.writeLong(end);
    b.writeLong(cpu);
    b.writeLong(bytes);
    RemoteErrors.write(b, error);
    send(f, queue.isEmpty());
  }

  private void send(Frames.Builder frame, boolean flush) throws IOException {
    byte[] bytes = frame.bytes();
    synchronized (out) {
      out.write(bytes);
      if (flush) {
        out.flush();
      }
    }
  }

  private void shutDown() {
    if (resource != null && resourceValue != null) {
      try {
        resource.close(resourceValue);
      } catch (Throwable t) {
        System.err.println("closing the resource failed: " + t);
      }
    }
    synchronized (out) {
      try {
        out.flush();
      } catch (IOException e) {
        // the parent is gone
      }
    }
    // halt, not exit: a task thread still running must not keep this JVM alive
    Runtime.getRuntime().halt(0);
  }

  private ScheduledExecutorService executor() {
    ScheduledExecutorService e = executor;
    if (e == null) {
      synchronized (this) {
        if (executor == null) {
          ScheduledThreadPoolExecutor s =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "fanout-" + name + "-timer");
                    t.setDaemon(true);
                    return t;
                  });
          s.setRemoveOnCancelPolicy(true);
          executor = s;
        }
        e = executor;
      }
    }
    return e;
  }

  /** A task built once from its recipe, on first use, by the thread that first runs it. */
  private final class Built {
    private final Recipe recipe;
    private Object task;
    private Exception error;

    Built(Recipe recipe) {
      this.recipe = recipe;
    }

    synchronized Object get() throws Exception {
      if (task == null && error == null) {
        try {
          task = recipe.build(loader, name);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
          Throwable cause =
              e.getCause() != null && e instanceof java.lang.reflect.InvocationTargetException
                  ? e.getCause()
                  : e;
          error =
              new IllegalStateException(
                  "cannot create the task "
                      + recipe.className()
                      + " in "
                      + name
                      + ": "
                      + cause.getMessage(),
                  cause);
        }
      }
      if (error != null) {
        throw error;
      }
      return task;
    }
  }

  /** One input on this worker; its lock orders cancel against start and end. */
  private static final class Job {
    final long id;
    final Built taskClass;
    final boolean async;
    final byte[] input;
    boolean cancelled;
    Thread runner;

    Job(long id, Built taskClass, boolean async, byte[] input) {
      this.id = id;
      this.taskClass = taskClass;
      this.async = async;
      this.input = input;
    }
  }

  /** The {@link Worker} one task (or the resource initializer) sees. */
  private final class Attempt implements Worker {
    volatile long bytes;

    @Override
    public String id() {
      return name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> S resource() {
      if (resource == null) {
        throw new IllegalStateException(
            "this run has no per-worker resource: set one with Fanout.builder().resource(...)");
      }
      if (!resourceOpen) {
        throw new IllegalStateException("the resource is being opened; it cannot use itself");
      }
      return (S) resourceValue;
    }

    @Override
    public ScheduledExecutorService executor() {
      return WorkerMain.this.executor();
    }

    @Override
    public synchronized void addBytes(long n) {
      bytes += n;
    }
  }
}
