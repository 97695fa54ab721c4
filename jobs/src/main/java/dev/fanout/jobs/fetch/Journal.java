package dev.fanout.jobs.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The record of finished downloads in an output folder: one line per URL stored, {@code
 * <url>\t<file>}, where file is the path relative to the folder. {@code --resume} skips the URLs it
 * lists, and a URL fetched again goes back to its file.
 *
 * <p>Durable: a line is handed to the operating system by {@link #done} itself, right after the
 * file's rename (so a SIGKILL leaves no stored file without its line, which {@code --resume} would
 * fetch again under a second name), and forced to the disk within {@value #FLUSH_MS} ms by a
 * background flusher. A line cut short by a crash (no newline, or bytes that are not UTF-8, such as
 * a character cut in half) is skipped on reading, with one warning, so the journal never marks a
 * URL done by mistake.
 *
 * <p>Thread-safe: {@link #done} may be called from any thread.
 */
public final class Journal implements AutoCloseable {
  /** The journal's file name inside the output folder. */
  public static final String NAME = ".fanout-journal";

  static final long FLUSH_MS = 100;

  private final Path file;
  private final FileChannel channel;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final Thread flusher;
  private IOException error;
  private boolean unforced; // written to the operating system, not yet forced to the disk
  private boolean closed;

  private Journal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
    this.flusher =
        Thread.ofPlatform().daemon().name("fanout-journal").unstarted(this::flushEveryTick);
    flusher.start();
  }

  /** Opens the journal of {@code dir} for appending, creating the folder if needed. */
  public static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(NAME);
    FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE); // one writer (the folder's lock): writes at its end
    if (Files.isRegularFile(file) && ch.size() > 0) {
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, ch.size() - 1);
      ch.position(ch.size());
      if (last.get(0) != '\n') {
        ch.write(ByteBuffer.wrap(new byte[] {'\n'})); // end the torn line: it stays skipped
      }
    }
    return new Journal(file, ch);
  }

  /** The URLs the journal of {@code dir} marks done; empty when there is none. */
  public static Set<String> done(Path dir) throws IOException {
    return read(dir, w -> {}).keySet();
  }

  /**
   * Every URL the journal of {@code dir} lists, with its file (the last line wins). Lines cut by a
   * crash are skipped; {@code warn} hears once how many, and what that means.
   */
  public static Map<String, String> read(Path dir, Consumer<String> warn) throws IOException {
    Path file = dir.resolve(NAME);
    Map<String, String> files = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return files; // none yet, or a device (a test's /dev/full): nothing recorded to read
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int torn = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          line.write(b);
          continue;
        }
        if (line.size() > 0 && !add(files, line.toByteArray(), utf8)) {
          torn++;
        }
        line.reset();
      }
      if (line.size() > 0) {
        torn++; // no newline: cut by a crash while being written
      }
    }
    if (torn > 0) {
      warn.accept(
          "warning: skipped "
              + (torn == 1 ? "a torn line" : torn + " torn lines")
              + " in the journal "
              + file
              + " (cut by a crash): "
              + (torn == 1 ? "that URL is" : "those URLs are")
              + " fetched again");
    }
    return files;
  }

  private static boolean add(Map<String, String> files, byte[] line, CharsetDecoder utf8) {
    String text;
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    int tab = text.indexOf('\t');
    if (tab <= 0) {
      return false;
    }
    files.put(text.substring(0, tab), text.substring(tab + 1));
    return true;
  }

  /**
   * Records {@code url} as stored in {@code fileName}. A journal that cannot be written (a full
   * disk) stops recording and remembers why, see {@link #error()}: the downloads go on, and {@code
   * --resume} fetches the unrecorded ones again.
   */
  public void done(String url, String fileName) {
    byte[] line = (url + '\t' + (fileName == null ? "" : fileName) + '\n').getBytes(UTF8);
    synchronized (this) {
      if (error == null && !closed) {
        pending.writeBytes(line);
        flushLocked(false); // one write per stored file; the fsync waits for the next tick
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private void flushEveryTick() {
    while (true) {
      try {
        Thread.sleep(FLUSH_MS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (this) {
        if (closed) {
          return;
        }
        flushLocked(true);
      }
    }
  }

  /** Writes out and forces what is pending (unless writing already failed). */
  public synchronized void flush() {
    flushLocked(true);
  }

  private void flushLocked(boolean force) {
    if (error != null) {
      return;
    }
    try {
      if (pending.size() > 0) {
        ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        while (buf.hasRemaining()) {
          channel.write(buf);
        }
        unforced = true;
      }
      if (force && unforced) {
        channel.force(false);
        unforced = false;
      }
    } catch (IOException e) {
      error = e;
    }
  }

  /** Why the journal stopped recording, or null while it records. */
  public synchronized IOException error() {
    return error;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      flushLocked(true);
      closed = true;
    }
    flusher.interrupt();
    channel.close();
  }
}
