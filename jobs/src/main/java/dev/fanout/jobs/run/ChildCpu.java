package dev.fanout.jobs.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by this JVM's children that have ended, from {@code /proc/self/stat} ({@code cutime
 * + cstime}: what {@code getrusage(RUSAGE_CHILDREN)} reports, children's own waited-for children
 * included). {@code run --model auto} compares it with the jobs' wall time: the JVM's own thread
 * CPU cannot see a command's work.
 *
 * <p>Stateless and thread-safe.
 */
public final class ChildCpu {
  /** Clock ticks per second of {@code /proc}: USER_HZ, 100 on Linux. */
  private static final long TICK_NANOS = 10_000_000L;

  private ChildCpu() {}

  /** Nanoseconds of CPU this JVM's ended children used so far, or -1 where /proc cannot tell. */
  public static long nanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // the command name (field 2) may hold spaces: count fields after its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long cutime = Long.parseLong(f[13]);
      long cstime = Long.parseLong(f[14]);
      return (cutime + cstime) * TICK_NANOS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
