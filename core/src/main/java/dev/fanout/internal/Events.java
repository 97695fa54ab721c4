package dev.fanout.internal;

import dev.fanout.Event;
import dev.fanout.Listener;
import java.util.List;
import java.util.function.Consumer;

/**
 * Delivers events to a run's listeners; a listener that throws is reported once and skipped, so a
 * faulty progress bar cannot lose a task's outcome.
 *
 * <p>Thread-safe.
 */
public final class Events {
  private final Listener[] listeners;
  private final Consumer<String> log;
  private volatile boolean reportedFault;

  public Events(List<Listener> listeners, Consumer<String> log) {
    this.listeners = listeners.toArray(Listener[]::new);
    this.log = log;
  }

  public boolean any() {
    return listeners.length > 0;
  }

  public void emit(Event event) {
    for (Listener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        if (!reportedFault) {
          reportedFault = true;
          log.accept("warning: an event listener threw " + e + "; the run goes on");
        }
      }
    }
  }

  /** Writes a warning line (stderr by default). */
  public void warn(String line) {
    log.accept("warning: " + line);
  }
}
