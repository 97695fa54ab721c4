package dev.fanout.jobs.terminal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleFunction;

/**
 * One progress bar on one line of stderr: done/total (or done when the total is unknown), a
 * job-specific middle part, ETA and failures, redrawn ten times a second by a daemon thread. The
 * jobs' own bars ({@code fetch}, {@code run}) feed it counts and say what the middle part shows.
 *
 * <p>Lines printed while the bar is drawn (failures, warnings) go through {@link #above()}: each
 * whole line is written at once, after clearing the bar's line, so it never starts in the middle of
 * the bar; the bar is redrawn under it.
 *
 * <p>Thread-safe: counts and lines may come from any thread.
 */
public final class ProgressBar implements AutoCloseable {
  private static final long REDRAW_MS = 100;
  private static final int WIDTH = 24;
  private static final String CLEAR = "\r\u001b[K";

  private final PrintStream err;
  private final long total;
  private final DoubleFunction<String> middle;
  private final long startNanos = System.nanoTime();
  private final LongAdder done = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread painter;
  private final LinesAbove linesAbove;
  private final PrintStream above;
  private volatile boolean stopped;

  /**
   * Starts drawing a bar for {@code total} items (-1 when unknown, as with inputs on stdin); {@code
   * middle} gets the rate (items per second) and returns the text between the count and the ETA.
   */
  public ProgressBar(PrintStream err, long total, DoubleFunction<String> middle) {
    this.err = err;
    this.total = total;
    this.middle = middle;
    this.linesAbove = new LinesAbove(); // after err: it encodes the clear in err's charset
    this.above = new PrintStream(linesAbove, true, err.charset());
    this.painter = Thread.ofPlatform().daemon().name("fanout-progress").unstarted(this::paint);
    painter.start();
  }

  /** Whether stderr is likely a terminal: a console exists and, on JDK 22+, says it is one. */
  public static boolean onTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console is only there on a terminal
    }
  }

  /**
   * The stream to print lines on while the bar is drawn: it writes each line whole, starting with a
   * clear of the bar's line. A last line without its newline is written when the bar closes.
   */
  public PrintStream above() {
    return above;
  }

  /**
   * Runs {@code write} with the bar's line cleared and no redraw until it returns: for output that
   * is not whole lines through {@link #above()}, such as a job's stdout on the same terminal. The
   * bar is drawn again at its next redraw.
   */
  public void cleared(Runnable write) {
    synchronized (err) {
      err.print(CLEAR);
      err.flush();
      write.run();
    }
  }

  /** Counts one finished item. */
  public void finished() {
    done.increment();
  }

  /** Counts one failed item (it is counted as finished apart). */
  public void failed() {
    failed.increment();
  }

  private void paint() {
    while (!stopped) {
      synchronized (err) {
        err.print(CLEAR + line() + "\u001b[K");
        err.flush();
      }
      try {
        Thread.sleep(REDRAW_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The bar's text as it is drawn now. */
  public String line() {
    long d = done.sum();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = d / seconds;
    StringBuilder s = new StringBuilder();
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, d * WIDTH / total);
      s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      s.append(d).append('/').append(total);
    } else {
      s.append(d).append(" done");
    }
    s.append(middle.apply(rate));
    if (total > 0 && rate > 0 && d < total) {
      long eta = (long) ((total - d) / rate);
      s.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
    }
    long f = failed.sum();
    if (f > 0) {
      s.append("  ").append(f).append(" failed");
    }
    return s.toString();
  }

  /** Stops redrawing and clears the bar's line. */
  @Override
  public void close() {
    stopped = true;
    painter.interrupt();
    try {
      painter.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    above.flush();
    linesAbove.end();
    synchronized (err) {
      err.print(CLEAR);
      err.flush();
    }
  }

  /**
   * Collects bytes up to each newline, then writes the line to stderr in one call that first clears
   * the bar's line: between the clear and the newline, the painter cannot draw.
   */
  private final class LinesAbove extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          line.write(b, start, i + 1 - start);
          emit();
          start = i + 1;
        }
      }
      line.write(b, start, off + len - start);
    }

    /** Writes a last line that has no newline, with one, so the bar's clear cannot erase it. */
    synchronized void end() {
      if (line.size() > 0) {
        line.write('\n');
        emit();
      }
    }

    private final byte[] clear = CLEAR.getBytes(err.charset());

    private void emit() {
      byte[] whole = new byte[clear.length + line.size()];
      System.arraycopy(clear, 0, whole, 0, clear.length);
      System.arraycopy(line.toByteArray(), 0, whole, clear.length, line.size());
      line.reset();
      synchronized (err) {
        err.write(whole, 0, whole.length);
        err.flush();
      }
    }
  }
}
