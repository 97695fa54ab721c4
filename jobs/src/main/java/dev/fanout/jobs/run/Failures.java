package dev.fanout.jobs.run;

import java.io.IOException;

/** How a child's end is told: its signal, and why it could not start. Stateless. */
final class Failures {
  private Failures() {}

  /**
   * The signal in an exit value the JDK reports: it gives 128 + N for a child killed by signal N,
   * which a command that exits 129..192 by itself cannot be told from.
   */
  static int signalOf(int exit) {
    return exit > 128 && exit <= 128 + 64 ? exit - 128 : 0;
  }

  /** {@code cannot run 'frobnicate': no such command (is it on PATH?)}. */
  static String cannotStart(String command, IOException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("error=2,")) {
      return "cannot run '" + command + "': no such command (is it on PATH?)";
    }
    if (m.contains("error=13,")) {
      return "cannot run '" + command + "': permission denied (is it executable?)";
    }
    return "cannot run '" + command + "': " + m;
  }
}
