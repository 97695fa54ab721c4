package dev.fanout;

/**
 * The time source for events and timelines; tests inject their own.
 *
 * <p>Implementations must be thread-safe. The system clock reads {@link System#nanoTime()}, which
 * on Linux is the same monotonic clock in every process of the machine, so worker JVMs and the
 * parent agree on it.
 */
@FunctionalInterface
public interface Clock {
  /** Nanoseconds from an arbitrary, fixed origin. */
  long nanoTime();

  /** The system's monotonic clock. */
  static Clock system() {
    return System::nanoTime;
  }
}
