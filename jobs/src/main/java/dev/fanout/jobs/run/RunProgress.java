package dev.fanout.jobs.run;

import dev.fanout.Event;
import dev.fanout.Listener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The progress bar of {@code run} on a terminal: jobs done (of how many, when known), running,
 * failed, rate and ETA, redrawn ten times a second by a daemon thread on one line of stderr. The
 * run tells it of failures ({@link #failed()}): the events only know a job ended.
 *
 * <p>Thread-safe.
 */
public final class RunProgress implements Listener, AutoCloseable {
  private final PrintStream err;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final LongAdder started = new LongAdder();
  private final LongAdder done = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Thread painter;
  private volatile boolean stopped;

  /** A bar for {@code total} jobs, -1 when unknown (inputs on stdin). */
  public RunProgress(PrintStream err, long total) {
    this.err = err;
    this.total = total;
    this.painter = Thread.ofPlatform().daemon().name("fanout-progress").start(this::paint);
  }

  @Override
  public void onEvent(Event event) {
    if (event instanceof Event.Started) {
      started.increment();
    } else if (event instanceof Event.Finished) {
      done.increment();
    }
  }

  /** Counts one failed job. */
  public void failed() {
    failed.increment();
  }

  private void paint() {
    while (!stopped) {
      synchronized (err) {
        err.print("\r" + line() + "\u001b[K");
        err.flush();
      }
      try {
        Thread.sleep(100);
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
    s.append(String.format(Locale.ROOT, "  %d running  %.1f jobs/s", started.sum() - d, rate));
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

  @Override
  public void close() {
    stopped = true;
    painter.interrupt();
    try {
      painter.join(TimeUnit.SECONDS.toMillis(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (err) {
      err.print("\r\u001b[K");
      err.flush();
    }
  }
}
