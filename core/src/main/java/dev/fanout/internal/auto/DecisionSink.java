package dev.fanout.internal.auto;

import java.util.function.Consumer;

/**
 * A log ({@link dev.fanout.Fanout.Builder#log}) that also wants auto's decision as a value, for
 * reports and {@code advise}. Auto still writes its line through {@link #accept}.
 *
 * <p>Implementations must be thread-safe: auto decides on a timer thread.
 */
public interface DecisionSink extends Consumer<String> {
  /** Called once per auto engine, when it has chosen. */
  void decided(Decision decision);
}
