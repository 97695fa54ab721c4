package dev.fanout.jobs.fetch;

import dev.fanout.Event;
import dev.fanout.Listener;
import dev.fanout.jobs.terminal.ProgressBar;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The progress bar of {@code fetch} on a terminal: done/total, URLs per second, bytes, ETA and
 * failures, drawn by a {@link ProgressBar}.
 *
 * <p>Thread-safe: events arrive from any thread.
 */
public final class Progress implements Listener, AutoCloseable {
  private final LongAdder bytes = new LongAdder();
  private final ProgressBar bar;

  /** A bar for {@code total} URLs (-1 when unknown, as on stdin). */
  public Progress(PrintStream err, long total) {
    this.bar =
        new ProgressBar(
            err,
            total,
            rate ->
                String.format(Locale.ROOT, "  %.0f URLs/s  %s", rate, Summary.human(bytes.sum())));
  }

  /** Whether stderr is likely a terminal. */
  public static boolean onTerminal() {
    return ProgressBar.onTerminal();
  }

  /** Where to print lines while the bar is drawn ({@link ProgressBar#above()}). */
  public PrintStream above() {
    return bar.above();
  }

  @Override
  public void onEvent(Event event) {
    if (event instanceof Event.Finished f) {
      bytes.add(f.bytes());
      if (!f.ok()) {
        bar.failed();
      }
      bar.finished();
    }
  }

  /** Stops redrawing and clears the bar's line. */
  @Override
  public void close() {
    bar.close();
  }
}
