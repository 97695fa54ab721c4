package dev.fanout.cli;

import dev.fanout.jobs.fetch.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Up-front checks of path options, so a run never starts (or empties an input) only to fail on a
 * path at the end: each problem is a {@link UsageException} naming the option and what to do.
 *
 * <p>Stateless and thread-safe.
 */
final class Paths {
  private Paths() {}

  /**
   * {@code file} (an option's value) can be created or replaced: not a folder, its folder exists.
   */
  static void writableFile(String option, Path file) {
    if (file == null || file.toString().equals("-")) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new UsageException(option + " " + file + " is a folder: give a file name");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException(
          option + " " + file + ": the folder " + parent + " does not exist; create it first");
    }
    if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
      throw new UsageException(
          option + " " + file + ": not writable (permissions); give a writable path");
    }
  }

  /** The usage error of an output file ({@code --json}, {@code --joblog}) that cannot be made. */
  static UsageException cannotWrite(String option, Path file, IOException e) {
    return new UsageException(
        option + " " + file + ": cannot write it (" + e + "); give a writable path");
  }

  /**
   * {@code dir} (an option's value) made if missing, as an absolute path: a folder that cannot be
   * made or written to is a usage error, which offers {@code orElse} besides another folder.
   */
  static Path writableFolder(String option, Path dir, String orElse) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | UnsupportedOperationException e) {
      throw new UsageException(
          option
              + " "
              + Text.escape(dir.toString())
              + ": cannot make that folder ("
              + Text.escape(String.valueOf(e.getMessage()))
              + "); give one you can write to, or "
              + orElse);
    }
    if (!Files.isWritable(dir)) {
      throw new UsageException(
          option
              + " "
              + Text.escape(dir.toString())
              + ": you cannot write to that folder; give one you can, or "
              + orElse);
    }
    return dir.toAbsolutePath();
  }

  /** {@code file} (an option's value) is a readable file, not a folder. */
  static void readableFile(String option, Path file, String what) {
    if (file == null || file.toString().equals("-")) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new UsageException(option + " " + file + " is a folder: give " + what);
    }
    if (!Files.isReadable(file)) {
      throw new UsageException(option + " " + file + ": no such readable file; give " + what);
    }
  }

  /**
   * {@code output} (an option's value) is none of {@code inputs}: writing it would empty an input
   * before it is read.
   */
  static void notAnInput(String option, Path output, List<Path> inputs) {
    if (output == null || output.toString().equals("-")) {
      return;
    }
    for (Path in : inputs) {
      if (in == null || in.toString().equals("-")) {
        continue;
      }
      if (same(output, in)) {
        throw new UsageException(
            option
                + " "
                + output
                + " is also an input ("
                + in
                + "): writing it would destroy it; give another file");
      }
    }
  }

  /** Whether two paths name one file (one being a link to the other counts). */
  static boolean same(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // fall back to comparing the names
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  /**
   * Ends the run if stdout failed a write (a full disk, a reader that went away, as {@code head -1}
   * does): picocli's writer and {@code System.out} swallow the error, so ask both.
   */
  static void checkStdout(PrintWriter out) {
    if (out.checkError() || System.out.checkError()) {
      throw new OutputFailure("stdout");
    }
  }

  /** A write to an output failed: the command stops, says so on one line, and exits 1. */
  static final class OutputFailure extends RuntimeException {
    OutputFailure(String what) {
      super("cannot write to " + what + " (a full disk or a closed pipe); stopped");
    }
  }
}
