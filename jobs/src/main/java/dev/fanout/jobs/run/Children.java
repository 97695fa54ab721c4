package dev.fanout.jobs.run;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The commands this JVM runs, each the leader of a process group of its own, so that a timeout or
 * Ctrl-C stops the whole tree a command started, not only the command.
 *
 * <p>The JDK cannot call {@code setsid(2)} or signal a process group, so a child is started through
 * util-linux's {@code setsid} (it calls {@code setsid()} and then execs the command in place: the
 * child's pid is its group's id), and groups are signalled with {@code kill -s SIG -- -PGID}. A JVM
 * that ends (Ctrl-C, SIGTERM, a worker JVM closed) first stops every group still running: SIGTERM,
 * then SIGKILL after a grace.
 *
 * <p>Thread-safe.
 */
public final class Children {
  private static final String SETSID = findSetsid();
  private static final File NULL = new File("/dev/null");
  private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();
  private static final long SHUTDOWN_GRACE_MS = 500;

  /** Starts share it; the shutdown takes it alone, so no child starts unseen as the JVM ends. */
  private static final ReadWriteLock STARTING = new ReentrantReadWriteLock();

  private static volatile boolean closing;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> shutdown(SHUTDOWN_GRACE_MS), "fanout-run-children"));
  }

  private Children() {}

  /** Where util-linux's {@code setsid} is, or null when this machine has none. */
  private static String findSetsid() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      File f = new File(dir, "setsid");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  /** True when children get process groups of their own (util-linux's setsid is installed). */
  public static boolean groups() {
    return SETSID != null;
  }

  /**
   * A builder for {@code argv} in a new session and process group, stdin from /dev/null; the caller
   * sets where stdout and stderr go.
   */
  static ProcessBuilder builder(List<String> argv) {
    List<String> cmd = new ArrayList<>(argv.size() + 2);
    if (SETSID != null) {
      cmd.add(SETSID);
      cmd.add("--wait"); // if setsid ever had to fork, it still waits and passes the exit on
    }
    cmd.addAll(argv);
    return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(NULL));
  }

  /**
   * Starts the process and remembers it until {@link #ended}.
   *
   * @throws IOException also when this JVM is ending (Ctrl-C): no child starts after that
   */
  static Process start(ProcessBuilder builder) throws IOException {
    STARTING.readLock().lock();
    try {
      if (closing) {
        throw new IOException("not started: fanout is stopping (Ctrl-C or shut down)");
      }
      Process p = builder.start();
      LIVE.add(p.toHandle());
      return p;
    } finally {
      STARTING.readLock().unlock();
    }
  }

  /**
   * Stops every child of this JVM and lets no new one start: the JVM is ending (Ctrl-C, SIGTERM, a
   * worker JVM told to stop).
   */
  public static void shutdown(long graceMillis) {
    STARTING.writeLock().lock();
    try {
      closing = true;
    } finally {
      STARTING.writeLock().unlock();
    }
    stopAll(graceMillis);
  }

  /** Forgets a child that has ended. */
  static void ended(Process p) {
    LIVE.remove(p.toHandle());
  }

  /** How many children of this JVM are running now. */
  public static int running() {
    return LIVE.size();
  }

  /**
   * Sends {@code signal} ({@code TERM}, {@code KILL}) to the process groups of {@code leaders}, and
   * to their descendants (those that left the group), in one {@code kill}.
   */
  static void signal(List<ProcessHandle> leaders, String signal) {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("kill", "-s", signal, "--"));
    for (ProcessHandle p : leaders) {
      if (SETSID != null) {
        cmd.add("-" + p.pid());
      }
      p.descendants().forEach(d -> cmd.add(Long.toString(d.pid())));
      cmd.add(Long.toString(p.pid()));
    }
    if (cmd.size() == 4) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(NULL))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD) // "no such process": it ended first
              .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      // no kill binary: signal what the JDK can reach, the processes it knows by pid
      for (ProcessHandle p : leaders) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ProcessHandle p : leaders) {
        p.destroyForcibly();
      }
    }
  }

  /**
   * Stops every child of this JVM: SIGTERM to their groups, then SIGKILL to those still alive after
   * {@code graceMillis}. Waits at most the grace plus a second.
   */
  public static void stopAll(long graceMillis) {
    List<ProcessHandle> live = new ArrayList<>(LIVE);
    if (live.isEmpty()) {
      return;
    }
    signal(live, "TERM");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (System.nanoTime() < deadline && live.stream().anyMatch(ProcessHandle::isAlive)) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<ProcessHandle> left = live.stream().filter(ProcessHandle::isAlive).toList();
    if (!left.isEmpty()) {
      signal(left, "KILL");
    }
  }
}
