package dev.fanout.jobs.run;

import dev.fanout.Event;
import dev.fanout.Listener;
import dev.fanout.jobs.terminal.ProgressBar;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The progress bar of {@code run} on a terminal: jobs done (of how many, when known), running,
 * failed, rate and ETA, drawn by a {@link ProgressBar}. The run tells it of failures ({@link
 * #failed()}): the events only know a job ended.
 *
 * <p>Thread-safe.
 */
public final class RunProgress implements Listener, AutoCloseable {
  private final LongAdder started = new LongAdder();
  private final LongAdder ended = new LongAdder();
  private final ProgressBar bar;

  /** A bar for {@code total} jobs, -1 when unknown (inputs on stdin). */
  public RunProgress(PrintStream err, long total) {
    this.bar =
        new ProgressBar(
            err,
            total,
            rate ->
                String.format(
                    Locale.ROOT, "  %d running  %.1f jobs/s", started.sum() - ended.sum(), rate));
  }

  /** Where to print lines while the bar is drawn ({@link ProgressBar#above()}). */
  public PrintStream above() {
    return bar.above();
  }

  @Override
  public void onEvent(Event event) {
    if (event instanceof Event.Started) {
      started.increment();
    } else if (event instanceof Event.Finished) {
      ended.increment();
      bar.finished();
    }
  }

  /** Runs {@code write} with the bar cleared and held off ({@link ProgressBar#cleared}). */
  public void cleared(Runnable write) {
    bar.cleared(write);
  }

  /** Counts one failed job. */
  public void failed() {
    bar.failed();
  }

  @Override
  public void close() {
    bar.close();
  }
}
