package dev.fanout.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs this command again in a child JVM whose classpath also holds the user's {@code --classpath}:
 * the processes and cluster models start their workers with the parent's classpath and load the
 * task by name, so the user's class must be on the real classpath, not in a side class loader. The
 * child's output is copied to this command's writers; its exit code is returned.
 *
 * <p>Stateless and thread-safe.
 */
final class Relaunch {
  private Relaunch() {}

  /** True when {@code className} loads from the classpath this JVM started with. */
  static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Checks every entry of {@code classpath} exists.
   *
   * @throws UsageException naming the missing entry
   */
  static void check(String classpath) {
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isEmpty() || entry.endsWith("*")) {
        continue;
      }
      if (!Files.exists(Path.of(entry))) {
        throw new UsageException(
            "--classpath: no such file or directory: "
                + entry
                + "; give the jar or class directory of your task");
      }
    }
  }

  /**
   * Runs {@code args} (the arguments after the command name) with {@code extra} on the classpath.
   */
  static int run(String command, List<String> args, String extra, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the launcher's class-data archive is keyed to its classpath: a child with another one
      // would rewrite it for nothing
      if (!a.startsWith("-XX:SharedArchiveFile")
          && !a.contains("AutoCreateSharedArchive")
          && !a.startsWith("-Xlog:cds")
          && !a.startsWith("-agentlib")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path") + File.pathSeparator + extra);
    cmd.add(Main.class.getName());
    cmd.add(command);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
    Thread o = copy(p.getInputStream(), out);
    Thread e = copy(p.getErrorStream(), err);
    try {
      int code = p.waitFor();
      o.join();
      e.join();
      return code;
    } catch (InterruptedException ie) {
      p.destroy(); // Ctrl-C: the child gets SIGTERM and ends its own way
      throw ie;
    }
  }

  private static Thread copy(InputStream in, PrintWriter to) {
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              char[] buf = new char[8192];
              try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                for (int n; (n = r.read(buf)) >= 0; ) {
                  synchronized (to) {
                    to.write(buf, 0, n);
                    to.flush();
                  }
                }
              } catch (IOException ignored) {
                // the child ended: what it wrote is copied
              }
            });
  }

  private static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java)
        ? java.toString()
        : ProcessHandle.current().info().command().orElse("java");
  }
}
