package dev.fanout.internal.process;

import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.RemoteErrors;
import dev.fanout.spi.remote.Report;
import dev.fanout.spi.remote.TaskRunner;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code main} of a worker JVM: reads batches of inputs from stdin, runs them on its {@link
 * TaskRunner} (the same runner a cluster member uses), writes each task's start and {@link Report}
 * to stdout (see {@link Frames}). It exits when stdin ends (the engine closed it or the parent
 * died) or when its parent process changes.
 *
 * <p>Arguments: {@code <worker name> <threads> <parent pid> <virtual|platform>}; the resource comes
 * in the first frame.
 */
public final class WorkerMain {
  private final String name;
  private final DataOutputStream out;
  private final Map<Long, TaskRunner.Job> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger(); // sent here, not started yet
  private TaskRunner runner;

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
    Recipe resource = init.body().readBoolean() ? Recipe.read(init.body()) : null;
    Events events = new Events(List.of(), System.err::println);
    runner =
        new TaskRunner(
            name,
            ClassLoader.getSystemClassLoader(),
            threads,
            virtual,
            resource,
            events,
            dev.fanout.spi.LocalFile::create);
    if (resource != null) {
      try {
        runner.openResource();
      } catch (Throwable t) {
        Frames.Builder failed = new Frames.Builder(Frames.INIT_FAILED);
        RemoteErrors.write(failed.body(), t);
        send(failed, true);
        System.err.println("the resource initializer failed: " + t);
        Runtime.getRuntime().halt(1);
      }
    }
    send(new Frames.Builder(Frames.READY), true);
    readLoop(in);
    shutDown();
  }

  private void readLoop(DataInputStream in) {
    try {
      Frames.Frame f;
      while ((f = Frames.read(in)) != null) {
        switch (f.type()) {
          case Frames.CHUNK -> readChunk(f.body());
          case Frames.CANCEL -> {
            TaskRunner.Job job = jobs.get(f.body().readLong());
            if (job != null) {
              runner.cancel(job);
            }
          }
          default ->
              throw new Frames.MalformedFrameException("malformed frame: unknown type " + f.type());
        }
      }
    } catch (IOException e) {
      System.err.println("stopping: cannot read from the engine: " + e.getMessage());
    }
  }

  private void readChunk(DataInputStream body) throws IOException {
    Recipe task = Recipe.read(body);
    body.readBoolean(); // async: the task's class says it
    int count = body.readInt();
    for (int i = 0; i < count; i++) {
      long id = body.readLong();
      int len = body.readInt();
      if (len < 0 || len > body.available()) {
        throw new Frames.MalformedFrameException("malformed chunk: input length " + len);
      }
      byte[] input = body.readNBytes(len);
      waiting.incrementAndGet();
      jobs.put(id, runner.submit(task, input, new Reports(id)));
    }
  }

  /** One task's frames to the parent. */
  private final class Reports implements TaskRunner.Reports {
    private final long id;
    private boolean started;

    Reports(long id) {
      this.id = id;
    }

    @Override
    public void started(long nanos) {
      started = true;
      waiting.decrementAndGet();
      Frames.Builder f = new Frames.Builder(Frames.STARTED);
      try {
        f.body().writeLong(id);
        f.body().writeLong(nanos);
        // flushed now, so that if this task kills the JVM the parent knows it was running
        send(f, true);
      } catch (IOException e) {
        // stdout is gone: the parent is too, and this JVM ends with stdin
      }
    }

    @Override
    public void ended(Report report) {
      if (!started) {
        waiting.decrementAndGet();
      }
      jobs.remove(id);
      Frames.Builder f = new Frames.Builder(Frames.RESULT);
      try {
        f.body().writeLong(id);
        report.write(f.body());
        sendResult(f);
      } catch (IOException e) {
        // stdout is gone: the parent is too
      } catch (IllegalArgumentException e) { // a result too large for a frame
        Frames.Builder error = new Frames.Builder(Frames.RESULT);
        try {
          error.body().writeLong(id);
          new Report(
                  report.startNanos(),
                  report.endNanos(),
                  report.cpuNanos(),
                  report.bytes(),
                  null,
                  e)
              .write(error.body());
          sendResult(error);
        } catch (IOException gone) {
          // the parent is gone
        }
      }
    }
  }

  /**
   * A result is flushed unless a task here has yet to start: that one's start (flushed, after this
   * write, as it takes the same lock) carries it. Decided under the lock, so no result is left
   * behind in the buffer.
   */
  private void sendResult(Frames.Builder frame) throws IOException {
    byte[] bytes = frame.bytes();
    synchronized (out) {
      out.write(bytes);
      if (waiting.get() == 0) {
        out.flush();
      }
    }
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
    if (runner != null) {
      runner.close(); // interrupts what still runs, closes the resource
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
}
