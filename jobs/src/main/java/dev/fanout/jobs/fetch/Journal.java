package dev.fanout.jobs.fetch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The record of finished downloads in an output directory, so {@code --resume} skips them: one line
 * per URL fetched and stored, {@code <url>\t<file>}, appended as downloads complete and flushed at
 * least every {@value #FLUSH_MS} ms and at the end. A line cut short by a crash has no newline and
 * is ignored on reading, so the journal never marks a URL done by mistake.
 *
 * <p>Not thread-safe: the run's consumer thread writes it.
 */
public final class Journal implements AutoCloseable {
  /** The journal's file name inside the output directory. */
  public static final String NAME = ".fanout-journal";

  private static final long FLUSH_MS = 200;

  private final Path file;
  private final BufferedWriter out;
  private long lastFlush = System.nanoTime();
  private IOException error;

  private Journal(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** Opens the journal of {@code dir} for appending, creating the directory if needed. */
  public static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(NAME);
    boolean cut = endsCut(file);
    BufferedWriter w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (cut) {
      w.write('\n'); // end the torn line, so it stays ignored and the next one starts clean
    }
    return new Journal(file, w);
  }

  /** The URLs the journal of {@code dir} marks done; empty when there is none. */
  public static Set<String> done(Path dir) throws IOException {
    Path file = dir.resolve(NAME);
    Set<String> done = new HashSet<>();
    if (!Files.exists(file)) {
      return done;
    }
    boolean cut = endsCut(file);
    try (var lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      String pending = null;
      while ((line = lines.readLine()) != null) {
        if (pending != null) {
          add(done, pending);
        }
        pending = line;
      }
      if (pending != null && !cut) {
        add(done, pending);
      }
    }
    return done;
  }

  private static void add(Set<String> done, String line) {
    int tab = line.indexOf('\t');
    if (tab > 0) {
      done.add(line.substring(0, tab));
    }
  }

  private static boolean endsCut(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return false;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.seek(f.length() - 1);
      return f.read() != '\n';
    }
  }

  /**
   * Records {@code url} as stored in {@code fileName}. A journal that cannot be written (a full
   * disk) stops recording and remembers why, see {@link #error()}: the downloads go on, and {@code
   * --resume} fetches the unrecorded ones again. A line cut short by the failure has no newline, so
   * it is ignored on reading.
   */
  public void done(String url, String fileName) {
    if (error != null) {
      return;
    }
    try {
      out.write(url);
      out.write('\t');
      out.write(fileName == null ? "" : fileName);
      out.write('\n');
      long now = System.nanoTime();
      if (now - lastFlush > FLUSH_MS * 1_000_000) {
        out.flush();
        lastFlush = now;
      }
    } catch (IOException e) {
      error = e;
    }
  }

  /** Writes out what is buffered (unless writing already failed). */
  public void flush() {
    if (error != null) {
      return;
    }
    try {
      out.flush();
    } catch (IOException e) {
      error = e;
    }
    lastFlush = System.nanoTime();
  }

  /** Why the journal stopped recording, or null while it records. */
  public IOException error() {
    return error;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } catch (IOException e) {
      if (error == null) {
        throw e;
      } // else already reported: what is buffered could not be written anyway
    }
  }
}
