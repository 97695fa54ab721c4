package dev.fanout.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole JVM's CPU time and resident memory, for the sweep: what threads cost beyond the tasks'
 * own time (stacks, switches, GC). Memory is polled on a thread of its own while a run goes on.
 *
 * <p>One meter measures one run at a time; {@link #peakBytes} may be read from any thread.
 */
final class ProcessMeter implements AutoCloseable {
  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE = 4096;

  private final long before;
  private volatile long peak;
  private volatile boolean stopped;
  private final Thread poller;

  private ProcessMeter() {
    before = residentBytes();
    peak = before;
    poller =
        Thread.ofPlatform()
            .daemon()
            .name("fanout-sweep-meter")
            .start(
                () -> {
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
                });
  }

  /** Starts polling resident memory. */
  static ProcessMeter start() {
    return new ProcessMeter();
  }

  /** The highest resident memory seen above the level at start, or -1 where unknown. */
  long peakBytes() {
    return before < 0 ? -1 : Math.max(0, Math.max(peak, residentBytes()) - before);
  }

  @Override
  public void close() {
    stopped = true;
    poller.interrupt();
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
}
