package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.Urls;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The output folder of a fetch run ({@code --out DIR}): held under an exclusive lock for the run,
 * gives each URL a readable name unique in the folder, and moves a finished body from its partial
 * file to that name, durably, then records it in the {@link Journal}.
 *
 * <p>Names: the URL's {@link SafeNames#base base} name (or its {@link SafeNames#tree tree} path),
 * and when that is taken — by another URL of this run or of an earlier one (the journal says), or
 * by a file already there — {@code name-2.ext}, {@code name-3.ext}, ... Names are compared without
 * case, so two URLs never share a file on a case-insensitive file system either. A URL the journal
 * knows goes back to its file. All of this happens on the caller, whatever the model: tasks write
 * only {@linkplain #partFile partial files} named by a hash of the URL.
 *
 * <p>Thread-safe.
 */
public final class Folder implements AutoCloseable {
  /** The lock file inside the folder, held while a run writes to it. */
  public static final String LOCK = ".fanout-lock";

  private final Path dir;
  private final boolean tree;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Journal journal;
  private final Map<String, String> journaled;
  private final Set<String> done = new HashSet<>();
  private final Map<String, String> assigned = new HashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Set<String> takenFolders = new HashSet<>();
  private final Map<Path, Set<String>> existing = new HashMap<>();

  /** Another run holds the folder. */
  public static final class BusyException extends IOException {
    BusyException(String message) {
      super(message);
    }
  }

  private Folder(Path dir, boolean tree, Consumer<String> warn) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.tree = tree;
    Files.createDirectories(this.dir);
    Path lockFile = this.dir.resolve(LOCK);
    lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new BusyException(
          "another fanout run is writing to "
              + dir
              + " (it holds "
              + LOCK
              + "); wait for it to end, or give another --out");
    }
    lock = l;
    lockChannel.truncate(0);
    lockChannel.write(
        StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid() + "\n"), 0);
    try {
      journaled = Journal.read(this.dir, warn);
      done.addAll(journaled.keySet());
      finishStores(warn);
      for (String file : journaled.values()) {
        take(file);
      }
      journal = Journal.open(this.dir);
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  /**
   * Locks {@code dir} (created if missing) for this run and reads its journal; {@code warn} hears
   * about torn journal lines.
   *
   * @throws BusyException if another run holds it
   */
  public static Folder open(Path dir, boolean tree, Consumer<String> warn) throws IOException {
    return new Folder(dir, tree, warn);
  }

  public Path dir() {
    return dir;
  }

  public Journal journal() {
    return journal;
  }

  /**
   * The URLs the journal marked done before this run whose files are there. A journaled URL whose
   * file is gone keeps its name (it is fetched again into it) but is not done.
   */
  public Set<String> done() {
    return java.util.Collections.unmodifiableSet(done);
  }

  /**
   * The file {@code url} goes to, relative to the folder: the one the journal gave it, else a
   * readable name no other URL has and no file there has. The same URL always gets the same name
   * within a run.
   */
  public synchronized String nameFor(String url) {
    String known = assigned.get(url);
    if (known == null) {
      known = journaled.get(Urls.redact(url));
    }
    if (known != null && !known.isEmpty()) {
      assigned.put(url, known);
      return known;
    }
    List<String> wanted = tree ? SafeNames.tree(url) : List.of(SafeNames.base(url));
    String parent = String.join("/", wanted.subList(0, wanted.size() - 1));
    if (!parent.isEmpty() && !parentUsable(parent)) {
      parent = wanted.get(0); // a file is where a folder must be: keep to the host's folder
    }
    String leaf = wanted.get(wanted.size() - 1);
    String name = join(parent, leaf);
    for (int n = 2; !free(name); n++) {
      name = join(parent, numbered(leaf, n));
    }
    take(name);
    assigned.put(url, name);
    return name;
  }

  private static String join(String parent, String leaf) {
    return parent.isEmpty() ? leaf : parent + "/" + leaf;
  }

  /** Whether every folder on {@code parent} is a folder (or absent), never a file we gave out. */
  private boolean parentUsable(String parent) {
    String[] parts = parent.split("/");
    StringBuilder p = new StringBuilder();
    for (String part : parts) {
      if (!p.isEmpty()) {
        p.append('/');
      }
      p.append(part);
      Path on = dir.resolve(p.toString());
      if (taken.contains(fold(p.toString())) || (Files.exists(on) && !Files.isDirectory(on))) {
        return false;
      }
    }
    return true;
  }

  private void take(String name) {
    String f = fold(name);
    taken.add(f);
    for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
      takenFolders.add(f.substring(0, i));
    }
  }

  private boolean free(String name) {
    String f = fold(name);
    if (f.matches("(.*/)?fanout~[0-9a-f]{16}\\.download")) {
      return false; // the shape of a body handed back by a member
    }
    return !taken.contains(f) && !takenFolders.contains(f) && !existsIgnoringCase(name);
  }

  /**
   * Whether a file is there under this name in any case (it would be overwritten on a
   * case-insensitive file system). Each folder is listed once: later files there are ours.
   */
  private boolean existsIgnoringCase(String name) {
    Path file = dir.resolve(name);
    Set<String> names =
        existing.computeIfAbsent(
            file.getParent(),
            parent -> {
              Set<String> s = new HashSet<>();
              if (Files.isDirectory(parent)) {
                try (var list = Files.list(parent)) {
                  list.forEach(p -> s.add(fold(p.getFileName().toString())));
                } catch (IOException e) {
                  // unreadable: nothing known there; the move fails later with a clear error
                }
              }
              return s;
            });
    return names.contains(fold(file.getFileName().toString()));
  }

  static String numbered(String leaf, int n) {
    int dot = leaf.lastIndexOf('.');
    String stem = dot > 0 ? leaf.substring(0, dot) : leaf;
    String ext = dot > 0 ? leaf.substring(dot) : "";
    return SafeNames.cut(stem + "-" + n + ext, SafeNames.MAX_BYTES + 8);
  }

  private static String fold(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC)
        .toLowerCase(Locale.ROOT);
  }

  /** Where the body of {@code url} is written while it downloads: never a final name. */
  public static Path partFile(Path dir, String url) {
    return dir.toAbsolutePath().normalize().resolve(PartFile.PREFIX + SafeNames.key(url) + ".part");
  }

  /**
   * Where a body that streamed back from a cluster member lands, whole, before it gets its name: a
   * name a member may write (no leading dot), never one {@link #nameFor} gives (it refuses it).
   */
  public static Path handedFile(Path dir, String url) {
    return dir.toAbsolutePath().normalize().resolve("fanout~" + SafeNames.key(url) + ".download");
  }

  /**
   * Journals the finished body of {@code url} under {@code name}, then moves it there from its
   * partial file, replacing an older download of the same URL, and forces the folder to the disk.
   *
   * <p>The line comes first (write-ahead): a run killed between the two leaves a line whose file is
   * still the complete partial file, and the next run over the folder finishes the move ({@link
   * #finishStores}). The other order leaves a stored file no line names, which {@code --resume}
   * fetched again under a second name.
   */
  public void store(String url, String name) throws IOException {
    Path target = resolve(name);
    Files.createDirectories(target.getParent());
    Path part = partFile(dir, url);
    if (!Files.exists(part) && Files.exists(handedFile(dir, url))) {
      part = handedFile(dir, url);
    }
    journal.done(Urls.redact(url), name); // the journal never holds credentials
    move(part, target);
  }

  private static void move(Path part, Path target) throws IOException {
    try {
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }
    PartFile.forgetValidator(part);
    forceFolder(target.getParent());
  }

  /**
   * Finishes what a killed run journaled but did not move: a journaled file that is missing gets
   * its complete partial file moved into place. One that is missing with no partial file (deleted
   * since, or a move that failed) is no longer counted as done, so {@code --resume} fetches it
   * again into the same name, with a warning.
   */
  private void finishStores(Consumer<String> warn) {
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, String> e : journaled.entrySet()) {
      String name = e.getValue();
      if (name.isEmpty()) {
        continue;
      }
      try {
        Path target = resolve(name);
        if (Files.exists(target)) {
          continue;
        }
        Path part = partFile(dir, e.getKey());
        Path handed = handedFile(dir, e.getKey());
        Path from = Files.exists(part) ? part : Files.exists(handed) ? handed : null;
        if (from == null) {
          gone.add(e.getKey());
          continue;
        }
        Files.createDirectories(target.getParent());
        move(from, target);
      } catch (IOException | IllegalArgumentException ex) {
        gone.add(e.getKey());
      }
    }
    for (String url : gone) {
      done.remove(url);
      warn.accept(
          "warning: the journal lists "
              + Text.escape(url)
              + " as stored in "
              + Text.escape(journaled.get(url))
              + ", but that file is not there: it is fetched again");
    }
  }

  /** The path of {@code name}, checked to stay inside the folder. */
  Path resolve(String name) {
    Path file = dir.resolve(name).normalize();
    if (!file.startsWith(dir) || file.equals(dir)) {
      throw new IllegalArgumentException(
          "the file name " + name + " would leave " + dir + "; refusing to write it");
    }
    return file;
  }

  /** Forces a folder's entries (a rename) to the disk, where the platform allows it. */
  static void forceFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms cannot open a folder; the rename is still atomic there
    }
  }

  /** Leftover partial files, for the summary's hint. */
  public List<Path> partFiles() {
    List<Path> parts = new ArrayList<>();
    try (var list = Files.list(dir)) {
      list.filter(p -> p.getFileName().toString().endsWith(".part")).forEach(parts::add);
    } catch (IOException e) {
      // the hint is only a hint
    }
    return parts;
  }

  private void release() {
    try {
      lock.release();
    } catch (IOException | RuntimeException ignored) {
      // closing the channel releases it too
    }
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // the process ending releases it
    }
  }

  /** Flushes and forces the journal, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      journal.close();
    } finally {
      release();
    }
  }
}
