package dev.fanout.jobs.fetch;

import dev.fanout.Event;
import dev.fanout.Listener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The progress bar on a terminal: done/total, rate, bytes, ETA and failures, redrawn at most ten
 * times a second by a daemon thread, on one line of stderr.
 *
 * <p>Thread-safe: events arrive from any thread.
 */
public final class Progress implements Listener, AutoCloseable {
  private static final long REDRAW_MS = 100;

  private final PrintStream err;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final LongAdder done = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Thread painter;
  private volatile boolean stopped;

  /** A bar for {@code total} URLs (-1 when unknown, as on stdin). */
  public Progress(PrintStream err, long total) {
    this.err = err;
    this.total = total;
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

  @Override
  public void onEvent(Event event) {
    if (event instanceof Event.Finished f) {
      done.increment();
      bytes.add(f.bytes());
      if (!f.ok()) {
        failed.increment();
      }
    }
  }

  private void paint() {
    while (!stopped) {
      err.print("\r" + line() + "\u001b[K");
      err.flush();
      try {
        Thread.sleep(REDRAW_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  String line() {
    long d = done.sum();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = d / seconds;
    StringBuilder s = new StringBuilder();
    if (total > 0) {
      int width = 24;
      int filled = (int) Math.min(width, d * width / total);
      s.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      s.append(d).append('/').append(total);
    } else {
      s.append(d).append(" done");
    }
    s.append(String.format(Locale.ROOT, "  %.0f URLs/s  %s", rate, Summary.human(bytes.sum())));
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
    err.print("\r\u001b[K");
    err.flush();
  }
}
