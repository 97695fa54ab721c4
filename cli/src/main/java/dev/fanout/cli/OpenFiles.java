package dev.fanout.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's open-files limit and how many it holds. On Linux both come from {@code /proc}: the
 * management bean that also knows them loads every platform bean provider on first use, tens of
 * milliseconds of a short command's start-up. Elsewhere, that bean.
 *
 * @param max the limit (the soft one, which the JVM raised to the hard one at start), or {@link
 *     Long#MAX_VALUE} for none
 * @param open descriptors open now
 */
record OpenFiles(long max, long open) {
  private static final Path LIMITS = Path.of("/proc/self/limits");
  private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

  /** This process's figures, or null where neither {@code /proc} nor the bean gives them. */
  static OpenFiles now() {
    try {
      long max = procLimit();
      if (max > 0) {
        long open = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(DESCRIPTORS)) {
          for (Path ignored : fds) {
            open++;
          }
        }
        return new OpenFiles(max, open);
      }
    } catch (IOException | RuntimeException e) {
      // no /proc (not Linux, or not mounted): ask the bean
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
      return new OpenFiles(os.getMaxFileDescriptorCount(), os.getOpenFileDescriptorCount());
    }
    return null;
  }

  /** The soft limit on the "Max open files" line of /proc/self/limits; -1 if there is none. */
  private static long procLimit() throws IOException {
    if (!Files.isReadable(LIMITS)) {
      return -1;
    }
    for (String line : Files.readAllLines(LIMITS)) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    return -1;
  }
}
