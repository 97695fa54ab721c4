package dev.fanout.spi;

import dev.fanout.Event;
import dev.fanout.Listener;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers events to a run's listeners; a listener that throws is reported once and skipped, so a
 * faulty progress bar cannot lose a task's outcome. An engine gets the run's one in {@link
 * EngineProvider#open} and reports through it what the user should hear: warnings with their kind
 * (a worker lost, a cleanup that failed).
 *
 * <p>Thread-safe.
 */
public final class Events {
  private final Listener[] listeners;
  private final Consumer<String> log;
  // set once: listeners throwing on several threads at once still make one warning
  private final AtomicBoolean reportedFault = new AtomicBoolean();

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
        if (!reportedFault.get() && reportedFault.compareAndSet(false, true)) {
          warn(Event.Warning.Kind.CLEANUP, "an event listener threw " + e + "; the run goes on");
        }
      }
    }
  }

  /**
   * A {@link Event.Warning} of kind {@code OTHER}; prefer {@link #warn(Event.Warning.Kind,
   * String)}.
   */
  public void warn(String text) {
    warn(Event.Warning.Kind.OTHER, text);
  }

  /** Writes a warning line to the log (stderr by default) and emits it as an event. */
  public void warn(Event.Warning.Kind kind, String text) {
    log.accept("warning: " + text);
    if (any()) {
      emit(new Event.Warning(kind, text));
    }
  }

  /** Writes auto's decision to the log and emits it as an event. */
  public void decided(Event.Decided decision) {
    log.accept(decision.line());
    if (any()) {
      emit(decision);
    }
  }
}
