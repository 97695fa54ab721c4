package dev.fanout.jobs.hash;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the regular files under some paths, as {@code find PATH... -type f} does: directories are
 * recursed, symbolic links met inside them are skipped unless {@code follow} (as with {@code find
 * -L}), and a directory that contains itself through links is reported once, not walked forever.
 * Paths named on the command line are followed even when they are links (as with {@code find -H}),
 * so {@code hash ~/link-to-dir} does what one means.
 *
 * <p>Problems (a missing path, an unreadable directory, a named path that is a FIFO, socket or
 * device) are reported line by line and the walk goes on. What a directory holds that is not hashed
 * (links not followed, FIFOs, sockets, devices) is counted, never silently dropped. Not
 * thread-safe: one walk per instance.
 */
public final class FileTree {
  /**
   * What a walk found.
   *
   * @param files regular files, sorted by path (byte order), duplicates kept as given
   * @param bytes their total size when walked
   * @param errors paths that could not be walked (each reported)
   * @param links symbolic links met inside directories and not followed (no {@code follow})
   * @param special FIFOs, sockets and devices met inside directories: not files to hash
   */
  public record Found(List<Path> files, long bytes, int errors, int links, int special) {}

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};

  private final boolean follow;
  private final Consumer<String> problems;
  private final List<Path> files = new ArrayList<>();
  private final Set<Object> ancestors = new HashSet<>();
  private long bytes;
  private int errors;
  private int links;
  private int special;

  private FileTree(boolean follow, Consumer<String> problems) {
    this.follow = follow;
    this.problems = problems;
  }

  /**
   * Walks {@code roots}.
   *
   * @param follow follow symbolic links inside directories
   * @param problems receives one line per problem, {@code PATH: reason}
   */
  public static Found walk(List<Path> roots, boolean follow, Consumer<String> problems) {
    FileTree tree = new FileTree(follow, problems);
    for (Path root : roots) {
      tree.visit(root, true);
    }
    tree.files.sort(null); // Path order on Unix is byte order: like `LC_ALL=C sort`
    return new Found(List.copyOf(tree.files), tree.bytes, tree.errors, tree.links, tree.special);
  }

  private void visit(Path path, boolean root) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class, follow || root ? FOLLOW : NOFOLLOW);
    } catch (IOException e) {
      problem(path, Problems.reason(e));
      return;
    }
    if (a.isRegularFile()) {
      files.add(path);
      bytes += a.size();
    } else if (a.isDirectory()) {
      directory(path, a);
    } else if (root) { // named by the user: say why nothing comes of it (sha256sum would block)
      problem(path, "not a regular file or directory (a FIFO, socket or device): nothing to hash");
    } else if (a.isSymbolicLink()) { // find -type f skips these too
      links++;
    } else {
      special++;
    }
  }

  private void directory(Path dir, BasicFileAttributes a) {
    Object key = a.fileKey(); // (device, inode) on Unix
    if (key != null && !ancestors.add(key)) {
      problem(
          dir, "file system loop: the directory contains itself through a link; not walked again");
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(children::add);
    } catch (IOException e) {
      problem(dir, Problems.reason(e));
    } catch (DirectoryIteratorException e) { // an entry could not be read: keep what was listed
      problem(dir, Problems.reason(e.getCause()));
    }
    for (Path child : children) {
      visit(child, false);
    }
    if (key != null) {
      ancestors.remove(key);
    }
  }

  private void problem(Path path, String reason) {
    errors++;
    problems.accept(Problems.name(path) + ": " + reason);
  }
}
