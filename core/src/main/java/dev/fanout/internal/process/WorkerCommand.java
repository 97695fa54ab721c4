package dev.fanout.internal.process;

import dev.fanout.Options;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The command line of a worker JVM: the parent's own java binary and classpath, flags for a short
 * start, and the class-data-sharing (CDS) archive that cuts it further.
 *
 * <p>The archive is keyed by a hash of the java build and the classpath's jars (names, sizes,
 * times). When it is missing, one worker of the engine records it at exit into a temporary file
 * ({@code -XX:ArchiveClassesAtExit}), which the engine then moves into place; the other workers run
 * without it, so concurrent workers never write the same file. CDS needs a classpath of jars only:
 * with a directory on it (tests run from {@code target/classes}) the archive is skipped.
 *
 * <p>Settings ({@link Options}): {@code workerJvmArgs} (extra flags), {@code workerCds} (false: no
 * archive), {@code cacheDir} (where archives live; default {@code $XDG_CACHE_HOME/fanout} or {@code
 * ~/.cache/fanout}).
 *
 * <p>Immutable and thread-safe, but for {@link #publishArchive}, which is atomic on the file
 * system.
 */
final class WorkerCommand {
  private static final int KEEP_ARCHIVES = 4;
  // a parent started on a module path (java -p ... -m dev.fanout.cli/...) gives its workers that
  // module path: the class path alone would not hold fanout. Empty: the class path holds it all.
  private static final String MODULE_PATH =
      WorkerCommand.class.getModule().isNamed() ? System.getProperty("jdk.module.path", "") : "";
  private final String java;
  private final String classpath;
  private final Path archive; // null: no CDS
  private final List<String> extraArgs;

  private WorkerCommand(String java, String classpath, Path archive, List<String> extraArgs) {
    this.java = java;
    this.classpath = classpath;
    this.archive = archive;
    this.extraArgs = extraArgs;
  }

  /** The command for this JVM's java binary and classpath, with the run's worker settings. */
  static WorkerCommand current(Options options) {
    String classpath = System.getProperty("java.class.path", "");
    List<String> extra = options.workerJvmArgs();
    Path archive = null;
    if (options.workerCds() && Runtime.version().feature() >= 19 && jarsOnly(classpath)) {
      archive = archivePath(classpath, extra, options.cacheDir());
    }
    return new WorkerCommand(javaBinary(), classpath, archive, List.copyOf(extra));
  }

  private static String javaBinary() {
    Path home = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(home)) {
      return home.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** True when the archive exists, so workers can map it. */
  boolean archiveReady() {
    return archive != null && MODULE_PATH.isEmpty() && Files.isRegularFile(archive);
  }

  /** True when CDS applies but the archive is missing: one worker should record it. */
  boolean archiveMissing() {
    // the archive is keyed by, and checked against, the class path: none with a module path
    return archive != null && MODULE_PATH.isEmpty() && !Files.isRegularFile(archive);
  }

  Path archive() {
    return archive;
  }

  /**
   * The worker's command line.
   *
   * @param recordTo where this worker records the archive at exit, or null
   */
  List<String> command(String name, int threads, boolean virtual, Path recordTo) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-XX:+UseSerialGC"); // small heaps, one task at a time: no need for G1's threads
    cmd.add("-XX:-UsePerfData"); // no hsperfdata file per worker
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // a worker out of memory is lost, not half alive
    // the VM's own messages ("Terminating due to java.lang.OutOfMemoryError") go to stdout by
    // default, where they read as a malformed frame and hide the real cause: send them to stderr
    cmd.add("-XX:+DisplayVMOutputToStderr");
    cmd.add("-Xlog:disable"); // the JVM's own warnings must not reach stdout, the protocol's
    if (Runtime.version().feature() >= 25) {
      // at exit the JVM waits up to 300 ms for threads in native code to stop; the stdin reader
      // and virtual threads' poller never do: nothing to wait for
      cmd.add("-XX:UserThreadWaitAttemptsAtExit=0");
    }
    if (recordTo != null) {
      cmd.add("-Xlog:all=error:stderr"); // recording warns about every class it skips
      cmd.add("-XX:ArchiveClassesAtExit=" + recordTo);
    } else {
      cmd.add("-Xlog:all=warning:stderr");
      if (archiveReady()) {
        cmd.add("-XX:SharedArchiveFile=" + archive);
      }
    }
    cmd.addAll(extraArgs);
    if (MODULE_PATH.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(WorkerMain.class.getName());
    } else {
      cmd.add("--module-path");
      cmd.add(MODULE_PATH);
      cmd.add("--add-modules");
      cmd.add("ALL-MODULE-PATH"); // tasks are loaded by name: every module must be there
      if (!classpath.isEmpty()) {
        cmd.add("-cp");
        cmd.add(classpath);
      }
      cmd.add("-m");
      cmd.add(WorkerMain.class.getModule().getName() + "/" + WorkerMain.class.getName());
    }
    cmd.add(name);
    cmd.add(Integer.toString(threads));
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(virtual ? "virtual" : "platform");
    return cmd;
  }

  /** A fresh temporary path next to the archive, for one worker to record into. */
  Path recordingPath() {
    return archive.resolveSibling(
        archive.getFileName()
            + "."
            + ProcessHandle.current().pid()
            + "."
            + System.nanoTime()
            + ".tmp");
  }

  /** Moves a recorded archive into place (atomically), or deletes it when it is unusable. */
  void publishArchive(Path recorded, boolean workerExitedCleanly) {
    try {
      if (workerExitedCleanly && Files.size(recorded) > 0) {
        pruneOldArchives();
        Files.move(
            recorded, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no archive this time: the next run records one
    } finally {
      try {
        Files.deleteIfExists(recorded);
      } catch (IOException e) {
        // a stray temporary file in a cache directory is harmless
      }
    }
  }

  /** Each rebuild of the jars keys a new archive: keep the newest few, not every one ever made. */
  private void pruneOldArchives() throws IOException {
    try (var files = Files.list(archive.getParent())) {
      List<Path> old =
          files
              .filter(p -> p.getFileName().toString().matches("worker-[0-9a-f]+\\.jsa"))
              .sorted((a, b) -> Long.compare(b.toFile().lastModified(), a.toFile().lastModified()))
              .skip(KEEP_ARCHIVES - 1)
              .toList();
      for (Path p : old) {
        Files.deleteIfExists(p); // a worker mapping it keeps its pages: this is safe on Linux
      }
    }
  }

  static boolean jarsOnly(String classpath) {
    if (classpath.isEmpty()) {
      return false;
    }
    for (String entry : classpath.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p) || !manifestJarsOnly(p)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A jar's manifest Class-Path (surefire's booter jar) may name directories: CDS refuses those.
   */
  private static boolean manifestJarsOnly(Path jar) {
    try (JarFile f = new JarFile(jar.toFile())) {
      Manifest m = f.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
      if (cp == null) {
        return true;
      }
      for (String ref : cp.trim().split("\\s+")) {
        if (!ref.isEmpty() && !ref.endsWith(".jar")) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path archivePath(String classpath, List<String> extra, Path cacheDir) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, System.getProperty("java.home"));
      update(sha, System.getProperty("java.vm.version"));
      update(sha, String.join(" ", extra));
      for (String entry : classpath.split(File.pathSeparator)) {
        Path p = Path.of(entry);
        update(sha, p.toAbsolutePath().toString());
        update(sha, Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
      }
      String hash = HexFormat.of().formatHex(sha.digest(), 0, 12);
      Path dir = cacheDir(cacheDir).resolve("cds");
      Files.createDirectories(dir);
      return dir.resolve("worker-" + hash + ".jsa");
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      return null; // no cache directory, no archive: workers just start slower
    }
  }

  private static void update(MessageDigest sha, String s) {
    sha.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  private static Path cacheDir(Path own) {
    if (own != null) {
      return own;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "fanout");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "fanout");
  }
}
