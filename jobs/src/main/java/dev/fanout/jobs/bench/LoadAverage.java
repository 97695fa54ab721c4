package dev.fanout.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's one-minute load average when a bench started and when it ended, and whether the
 * machine was too busy for its figures to be trusted.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start the load average before the first run; -1 when the OS does not tell
 * @param end the load average after the last run (the bench's own work counts in it); -1 when
 *     unknown
 * @param cores cores of the machine
 */
public record LoadAverage(double start, double end, int cores) {

  /** The one-minute load average now, or -1 where the OS does not report it. */
  public static double now() {
    try {
      String line = Files.readString(Path.of("/proc/loadavg")).trim();
      return Double.parseDouble(line.substring(0, line.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      double l =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? -1 : l;
    }
  }

  /**
   * True when other work competed for the cores: before the bench, more than half of them were
   * busy, or at its end the load exceeded what the bench alone can make (one task per core) by half
   * the cores.
   */
  public boolean busy() {
    return start >= cores * 0.5 || end >= cores * 1.5;
  }

  /** "load 0.4 at start, 2.1 at end (2 cores)", and a warning when busy. */
  public String describe() {
    if (start < 0 && end < 0) {
      return "load average unknown on this OS";
    }
    return String.format(
            java.util.Locale.ROOT,
            "load average %.2f at start, %.2f at end, on %d cores",
            start,
            end,
            cores)
        + (busy()
            ? ": BUSY machine, other work competed for the cores; these figures are noisy, rerun"
                + " on a quiet machine"
            : "");
  }
}
