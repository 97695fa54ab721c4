package dev.fanout.internal.auto;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a platform thread's CPU time (JMX) and, on Linux, how long it waited in the run queue
 * ({@code /proc/.../schedstat}, second field). Another thread may read them while it runs.
 *
 * <p>Thread-safe.
 */
final class ThreadTimes {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final long javaId;
  private final Path schedstat; // null where the OS does not tell

  private ThreadTimes(long javaId, Path schedstat) {
    this.javaId = javaId;
    this.schedstat = schedstat;
  }

  /** Times of the calling thread, readable from any thread. */
  static ThreadTimes current() {
    Path stat = null;
    try {
      // /proc/thread-self -> <pid>/task/<tid>: a stable path other threads can read too
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      Path candidate = Path.of("/proc").resolve(self).resolve("schedstat");
      if (Files.isReadable(candidate)) {
        stat = candidate;
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux, or /proc hidden: queue time counts as 0 and the share is a lower bound
    }
    return new ThreadTimes(Thread.currentThread().threadId(), stat);
  }

  /** CPU nanoseconds used so far, or -1 once the thread ended or where unsupported. */
  long cpuNanos() {
    return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(javaId) : -1;
  }

  /**
   * True when the thread sleeps (state S or D in {@code /proc/.../stat}): blocked in I/O or a
   * sleep, not on a core nor waiting for one. Where the OS does not tell, true. This matters on a
   * busy machine: the kernel adds a wait for a core to schedstat only once it ends, so a thread
   * still queued looks idle, as if it waited for I/O.
   */
  boolean sleeping() {
    if (schedstat == null) {
      return true;
    }
    try {
      String stat = Files.readString(schedstat.resolveSibling("stat"));
      int close = stat.lastIndexOf(')');
      char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'S';
      return state == 'S' || state == 'D';
    } catch (IOException e) {
      return true;
    }
  }

  /** Nanoseconds spent runnable but waiting for a core so far; 0 where unknown. */
  long queuedNanos() {
    if (schedstat == null) {
      return 0;
    }
    try {
      String[] f = Files.readString(schedstat).trim().split("\\s+");
      return f.length >= 2 ? Long.parseLong(f[1]) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
