package dev.fanout.internal.process;

import dev.fanout.spi.RemoteErrors;
import dev.fanout.spi.remote.Report;
import dev.fanout.spi.remote.Transport;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's side of one worker JVM: its process, a writer thread feeding its stdin (so the
 * engine never blocks on a full pipe), a reader thread turning its stdout frames into calls on the
 * engine, and a pump copying its stderr to ours, each line prefixed with {@code [worker-N]}.
 *
 * <p>Thread-safety: the fields marked "engine" are guarded by the engine's lock; the rest are
 * confined to this worker's threads or immutable.
 */
final class WorkerProcess implements Transport.Link {
  private static final byte[] END = new byte[0];
  private static final int STDERR_LINES_KEPT = 5;

  final String name;
  final Process process;
  final Path recordingTo; // where this worker records the CDS archive at exit, or null
  private final PipeTransport engine;
  private final Transport.Sink sink;
  // tasks started and not ended: a cancelled one still here after a grace stops the worker
  final java.util.Set<Long> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final LinkedBlockingQueue<byte[]> toWorker = new LinkedBlockingQueue<>();
  private final ArrayDeque<String> lastStderr = new ArrayDeque<>();
  private final Thread reader;
  private final Thread stderrPump;
  private volatile long pid = -1;
  private volatile boolean exitCalled; // the worker said System.exit runs its shutdown hooks
  private volatile boolean outOfMemory; // the VM said it terminates on an OutOfMemoryError

  // guarded by the transport's lock
  boolean ready;
  boolean retiring;
  boolean dead;

  WorkerProcess(
      PipeTransport engine,
      Transport.Sink sink,
      String name,
      List<String> command,
      Path recordingTo)
      throws IOException {
    this.engine = engine;
    this.sink = sink;
    this.name = name;
    this.recordingTo = recordingTo;
    this.process = new ProcessBuilder(command).start();
    this.pid = process.pid();
    Thread writer = daemon(this::writeLoop, "fanout-" + name + "-in");
    this.reader = daemon(this::readLoop, "fanout-" + name + "-out");
    this.stderrPump = daemon(this::pumpStderr, "fanout-" + name + "-err");
    writer.start();
    reader.start();
    stderrPump.start();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  long pid() {
    return pid;
  }

  @Override
  public String id() {
    return name;
  }

  /** {@code worker-3 (pid 4242)}: how errors name this worker. */
  @Override
  public String where() {
    return name + " (pid " + pid + ")";
  }

  /** Queues a frame for the worker's stdin; never blocks. */
  void send(byte[] frame) {
    toWorker.add(frame);
  }

  /** Closes the worker's stdin once queued frames are written: the worker then exits. */
  void closeInput() {
    toWorker.add(END);
  }

  private void writeLoop() {
    OutputStream in = process.getOutputStream(); // buffered by the JDK
    try (in) {
      while (true) {
        byte[] frame = toWorker.take();
        if (frame == END) {
          return;
        }
        in.write(frame);
        if (toWorker.isEmpty()) {
          in.flush();
        }
      }
    } catch (IOException | InterruptedException e) {
      // the worker is gone; the reader sees its stdout end and reports the loss
    }
  }

  private void readLoop() {
    String problem = null;
    try {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
      Frames.Frame hello = Frames.read(in);
      if (hello != null) {
        readHello(hello);
        Frames.Frame f;
        while ((f = Frames.read(in)) != null) {
          dispatch(f);
        }
      }
    } catch (IOException e) {
      problem = e.getMessage();
      process.destroyForcibly(); // its stream cannot be trusted any more
    } catch (RuntimeException | Error e) {
      problem = "the engine failed reading its frames: " + e;
      process.destroyForcibly();
    }
    closeInput(); // its writer may wait for frames that will never come
    engine.lost(this, exitCause(problem));
  }

  private void readHello(Frames.Frame f) throws IOException {
    if (f.type() != Frames.HELLO || f.body().readInt() != Frames.MAGIC) {
      throw new Frames.MalformedFrameException(
          "malformed frame: the worker's first frame is not a fanout HELLO; did the JVM print"
              + " something on stdout?");
    }
    int version = f.body().readInt();
    if (version != Frames.VERSION) {
      throw new Frames.MalformedFrameException(
          "the worker speaks protocol version " + version + ", not " + Frames.VERSION);
    }
    pid = f.body().readLong();
  }

  private void dispatch(Frames.Frame f) throws IOException {
    DataInputStream b = f.body();
    switch (f.type()) {
      case Frames.READY -> engine.ready(this);
      case Frames.EXITING -> exitCalled = true;
      case Frames.INIT_FAILED -> engine.initFailed(this, RemoteErrors.read(b, where()));
      case Frames.STARTED -> {
        long id = b.readLong();
        running.add(id);
        sink.started(this, id, b.readLong());
      }
      case Frames.RESULT -> {
        long id = b.readLong();
        Report r = Report.read(b, where());
        running.remove(id);
        sink.finished(this, id, r, r.endNanos());
      }
      default ->
          throw new Frames.MalformedFrameException(
              "malformed frame: unknown type " + f.type() + " from " + where());
    }
  }

  private void pumpStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("Terminating due to java.lang.OutOfMemoryError")) {
          outOfMemory = true; // -XX:+ExitOnOutOfMemoryError's own last words
        }
        synchronized (lastStderr) {
          if (lastStderr.size() == STDERR_LINES_KEPT) {
            lastStderr.poll();
          }
          lastStderr.add(line);
        }
        System.err.println("[" + name + "] " + line);
      }
    } catch (IOException e) {
      // the worker is gone
    }
  }

  /** Waits for the process to end (bounded) and says how it ended, for errors. */
  private String exitCause(String problem) {
    int code;
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly(); // stdout closed but alive: not a worker we can use
        process.waitFor(2, TimeUnit.SECONDS);
      }
      stderrPump.join(500); // its last words explain most deaths
      code = process.isAlive() ? -1 : process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    StringBuilder cause = new StringBuilder();
    if (problem != null) {
      cause.append(problem).append("; ");
    }
    cause.append(describeExit(code, exitCalled, outOfMemory));
    String last;
    synchronized (lastStderr) {
      last = lastStderr.peekLast();
    }
    if (last != null && code != 0) {
      cause.append("; its last stderr line: ").append(last);
    }
    return cause.toString();
  }

  /**
   * How a worker ended, from its exit code and what it said on the way: {@code System.exit} runs
   * the worker's shutdown hook (which reports it), {@code Runtime.halt} and a crash do not, and
   * {@code -XX:+ExitOnOutOfMemoryError} prints its reason before exiting with code 3.
   */
  static String describeExit(int code, boolean exitCalled, boolean outOfMemory) {
    if (code == -1) {
      return "did not exit";
    }
    if (exitCalled) {
      return "a task called System.exit(" + code + "), exit code " + code;
    }
    if (outOfMemory) {
      return "ran out of memory (java.lang.OutOfMemoryError; workers run with"
          + " -XX:+ExitOnOutOfMemoryError), exit code "
          + code;
    }
    if (code > 128 && code < 128 + 32) {
      int signal = code - 128;
      String sig =
          switch (signal) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 6 -> " (SIGABRT: the JVM crashed; see the hs_err file it names)";
            case 11 -> " (SIGSEGV: the JVM crashed)";
            case 2 -> " (SIGINT)";
            default -> "";
          };
      return (signal == 6 || signal == 11 ? "crashed: " : "")
          + "killed by signal "
          + signal
          + sig
          + ", exit code "
          + code;
    }
    if (code == 0) {
      return "exited with code 0";
    }
    return "halted with exit code "
        + code
        + " without running shutdown hooks (Runtime.halt, or native code calling exit)";
  }

  /** Waits until the reader has reported this worker's end and its stderr is copied (bounded). */
  void awaitReader(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    reader.join(Math.max(1, millis));
    stderrPump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
  }

  /**
   * Stops workers the polite way first: stdin closed (they exit on their own), then SIGTERM, then
   * SIGKILL, each after a grace; returns once their readers have reported every task they held.
   */
  static void stopAll(List<WorkerProcess> all, long graceMillis, long recorderGraceMillis) {
    all.forEach(WorkerProcess::closeInput);
    try {
      long start = System.nanoTime();
      for (WorkerProcess w : all) {
        long grace = w.recordingTo != null ? recorderGraceMillis : graceMillis;
        long left = grace - (System.nanoTime() - start) / 1_000_000;
        if (left <= 0 || !w.process.waitFor(left, TimeUnit.MILLISECONDS)) {
          w.process.destroy();
        }
      }
      for (WorkerProcess w : all) {
        if (!w.process.waitFor(500, TimeUnit.MILLISECONDS)) {
          w.process.destroyForcibly();
          w.process.waitFor(1, TimeUnit.SECONDS);
        }
      }
      for (WorkerProcess w : all) {
        w.awaitReader(3000);
      }
    } catch (InterruptedException e) {
      all.forEach(w -> w.process.destroyForcibly());
      Thread.currentThread().interrupt();
    }
  }
}
