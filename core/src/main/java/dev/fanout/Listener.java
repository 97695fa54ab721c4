package dev.fanout;

/**
 * Receives a run's {@link Event}s. Called from worker threads and from the caller's thread, often
 * concurrently: implementations must be thread-safe and quick, since a slow listener slows the run.
 */
@FunctionalInterface
public interface Listener {
  void onEvent(Event event);
}
