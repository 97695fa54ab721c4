package dev.fanout.jobs.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --joblog FILE} in GNU parallel's columns (Seq, Host, Starttime, JobRuntime, Send, Receive,
 * Exitval, Signal, Command), one line per finished job, flushed as each ends so a killed run loses
 * at most the line being written; {@code --resume} reads it back.
 *
 * <p>Not thread-safe: the run's consumer thread writes it.
 */
public final class JobLog implements AutoCloseable {
  static final String HEADER =
      "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand";

  private final Path file;
  private final BufferedWriter out;

  private JobLog(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** How a logged job ended: the last line for its Seq wins. */
  public record Entry(long seq, int exit, int signal) {
    public boolean ok() {
      return exit == 0 && signal == 0;
    }
  }

  /**
   * The jobs {@code file} records, by Seq. A last line without its newline (the run was killed
   * while writing it) does not count.
   *
   * @throws IOException when the file exists but cannot be read, or is not a joblog
   */
  public static Map<Long, Entry> read(Path file) throws IOException {
    Map<Long, Entry> done = new HashMap<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return done;
    }
    int end = text.lastIndexOf('\n');
    List<String> lines = text.substring(0, end + 1).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == 0 && line.startsWith("Seq\t")) {
        continue;
      }
      String[] f = line.split("\t", 9);
      try {
        if (f.length < 9) {
          throw new NumberFormatException();
        }
        long seq = Long.parseLong(f[0].trim());
        done.put(seq, new Entry(seq, Integer.parseInt(f[6].trim()), Integer.parseInt(f[7].trim())));
      } catch (NumberFormatException e) {
        throw new IOException(
            file
                + " line "
                + (i + 1)
                + " is not a joblog line (Seq, Host, Starttime, JobRuntime,"
                + " Send, Receive, Exitval, Signal, Command): give the file --joblog wrote");
      }
    }
    return done;
  }

  /**
   * Opens {@code file}: anew with its header, or with {@code append} after what it has (a torn last
   * line is cut off first, so the next line starts clean).
   */
  public static JobLog open(Path file, boolean append) throws IOException {
    boolean fresh = !append || !Files.exists(file) || Files.size(file) == 0;
    if (!fresh) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
          end--;
        }
        ch.truncate(end);
      }
    }
    BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(
                fresh
                    ? Files.newOutputStream(file)
                    : Files.newOutputStream(file, StandardOpenOption.APPEND),
                StandardCharsets.UTF_8));
    JobLog log = new JobLog(file, w);
    if (fresh) {
      w.write(HEADER);
      w.write('\n');
      w.flush();
    }
    return log;
  }

  /** Writes and flushes one job's line. */
  public void write(long seq, JobResult r, String command) {
    long receive = (long) r.stdout().length + r.stderr().length;
    try {
      out.write(
          String.format(
              Locale.ROOT,
              "%d\t%s\t%.3f\t%10.3f\t0\t%d\t%d\t%d\t%s\n",
              seq,
              r.host(),
              r.startMillis() / 1000.0,
              r.runtimeNanos() / 1e9,
              receive,
              r.exit(),
              r.signal(),
              command));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the joblog " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
