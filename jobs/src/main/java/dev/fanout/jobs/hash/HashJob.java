package dev.fanout.jobs.hash;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code fanout hash}: walks the paths, hashes every file on the fanout's model, and writes {@code
 * sha256sum}-compatible lines sorted by path. Problems become lines on the error side; the other
 * files are still hashed.
 *
 * <p>Thread-safe: each call is independent.
 */
public final class HashJob {
  private HashJob() {}

  /**
   * What a run did.
   *
   * @param files files hashed
   * @param failed paths that could not be walked or hashed (each reported)
   * @param unwalked of those, the paths the walk could not read or would not hash (each reported,
   *     none a task)
   * @param bytes bytes of the files found by the walk
   * @param links symbolic links inside directories not followed (without {@code follow})
   * @param special FIFOs, sockets and devices inside directories, not hashed
   */
  public record Result(long files, long failed, int unwalked, long bytes, int links, int special) {
    /** What was not hashed, for the summary ({@code "; skipped 2 links (...)"}), or "". */
    public String skipped() {
      List<String> parts = new ArrayList<>();
      if (unwalked > 0) {
        parts.add(unwalked + (unwalked == 1 ? " path" : " paths") + " named above");
      }
      if (links > 0) {
        parts.add(
            links + (links == 1 ? " link" : " links") + " (-L/--follow hashes their targets)");
      }
      if (special > 0) {
        parts.add(
            special + (special == 1 ? " FIFO, socket or device" : " FIFOs, sockets or devices"));
      }
      return parts.isEmpty() ? "" : "; skipped " + String.join(" and ", parts);
    }
  }

  /**
   * Hashes the files under {@code roots}.
   *
   * @param follow follow symbolic links inside directories
   * @param out receives one checksum line per file, in path order
   * @param problems receives one line per problem, {@code PATH: reason}
   */
  public static Result run(
      Fanout fanout,
      List<Path> roots,
      boolean follow,
      Consumer<String> out,
      Consumer<String> problems) {
    return run(fanout, roots, follow, out, problems, o -> {});
  }

  /**
   * {@link #run(Fanout, List, boolean, Consumer, Consumer)}, also handing every file's outcome to
   * {@code each} in path order (for JSON lines).
   */
  public static Result run(
      Fanout fanout,
      List<Path> roots,
      boolean follow,
      Consumer<String> out,
      Consumer<String> problems,
      Consumer<Outcome<String, String>> each) {
    FileTree.Found found = FileTree.walk(roots, follow, problems);
    List<String> names = new ArrayList<>(found.files().size());
    // tasks get absolute paths: on processes and cluster they run in another working directory
    List<String> absolute = new ArrayList<>(found.files().size());
    for (Path p : found.files()) {
      names.add(p.toString());
      absolute.add(p.toAbsolutePath().toString());
    }
    long hashed = 0;
    long failed = found.errors();
    List<Outcome<String, String>> outcomes = fanout.map(new Sha256File(), absolute);
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome<String, String> o = outcomes.get(i);
      String name = names.get(i); // lines name files as the user did, like sha256sum
      each.accept(o);
      if (o instanceof Outcome.Success<String, String> s) {
        out.accept(ChecksumLine.format(s.result(), name));
        hashed++;
      } else {
        problems.accept(
            Problems.name(name) + ": " + ((Outcome.Failure<String, String>) o).message());
        failed++;
      }
    }
    return new Result(
        hashed, failed, found.errors(), found.bytes(), found.links(), found.special());
  }
}
