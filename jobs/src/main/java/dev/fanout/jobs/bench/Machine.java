package dev.fanout.jobs.bench;

/**
 * The machine a bench ran on.
 *
 * <p>Immutable and thread-safe.
 */
public record Machine(int cores, String jdk, String os, String cpu) {
  /** This machine. */
  public static Machine here() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        cpuModel());
  }

  private static String cpuModel() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux: the name is a nicety
    }
    return "unknown CPU";
  }
}
