package dev.fanout.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole JVM's CPU time and peak resident memory, for the sweep: what threads cost beyond the
 * tasks' own time (stacks, switches, GC). On Linux the kernel's high-water mark is reset at start
 * ({@code /proc/self/clear_refs}) and read at the end, so no peak is missed; elsewhere, or where
 * the reset is refused, memory is polled on a thread of its own.
 *
 * <p>One meter measures one run at a time; {@link #peakBytes} may be read from any thread.
 */
final class ProcessMeter implements AutoCloseable {
  private static final Path STATM = Path.of("/proc/self/statm");
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
  private static final long PAGE = 4096;

  private final long before;
  private final boolean highWaterMark;
  private volatile long peak;
  private volatile boolean stopped;
  private final Thread poller;

  private ProcessMeter() {
    highWaterMark = resetHighWaterMark();
    before = residentBytes();
    peak = before;
    poller =
        highWaterMark
            ? null
            : Thread.ofPlatform().daemon().name("fanout-sweep-meter").start(this::poll);
  }

  private void poll() {
    while (!stopped) {
      long now = residentBytes();
      if (now > peak) {
        peak = now;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Starts measuring. */
  static ProcessMeter start() {
    return new ProcessMeter();
  }

  /** The highest resident memory since start above the level at start, or -1 where unknown. */
  long peakBytes() {
    if (before < 0) {
      return -1;
    }
    long top = highWaterMark ? highWaterMarkBytes() : Math.max(peak, residentBytes());
    return top < 0 ? -1 : Math.max(0, top - before);
  }

  @Override
  public void close() {
    stopped = true;
    if (poller != null) {
      poller.interrupt();
    }
  }

  /** CPU time of the whole JVM so far, or -1 where unknown. */
  static long cpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Resident memory now (Linux), or -1. */
  static long residentBytes() {
    try {
      String[] f = Files.readString(STATM).trim().split("\\s+");
      return Long.parseLong(f[1]) * PAGE;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Linux 4.0+: "5" resets the process's peak resident memory to what it is now. */
  private static boolean resetHighWaterMark() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return highWaterMarkBytes() >= 0;
    } catch (IOException | RuntimeException e) {
      return false; // not Linux, or not allowed: poll instead
    }
  }

  private static long highWaterMarkBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }
}
