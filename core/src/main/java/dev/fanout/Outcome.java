package dev.fanout;

import java.util.Objects;

/**
 * The result of one input: {@link Success} or {@link Failure}. Every input gets exactly one; a
 * failure is a value, never a lost exception and never an abort of the other tasks (Python's {@code
 * gather(return_exceptions=True)}).
 *
 * <p>Immutable and thread-safe when its input and value are.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
public sealed interface Outcome<I, R> permits Outcome.Success, Outcome.Failure {

  /** The input's position in the batch, from 0. */
  long index();

  /** The input. */
  I input();

  /** How many attempts were made, from 1. */
  int attempts();

  /** Where and when the task ran, and what it used. */
  Stats stats();

  /**
   * How fanout shows an input in messages: its text on one line, control characters replaced, cut
   * to 120 characters. Safe to print on a terminal.
   */
  static String describe(Object input) {
    return dev.fanout.internal.Inputs.describe(input);
  }

  /** True for a {@link Success}. */
  default boolean isSuccess() {
    return this instanceof Success;
  }

  /**
   * The value of a success.
   *
   * @throws IllegalStateException on a failure, with the failure's error as its cause
   */
  default R value() {
    if (this instanceof Success<I, R> s) {
      return s.result();
    }
    Failure<I, R> f = (Failure<I, R>) this;
    throw new IllegalStateException("task " + index() + " failed: " + f.error(), f.error());
  }

  /** A task that returned a value. */
  record Success<I, R>(long index, I input, R result, int attempts, Stats stats)
      implements Outcome<I, R> {
    public Success {
      Objects.requireNonNull(stats, "stats");
    }

    /** A success whose stats are unknown (built outside a run). */
    public Success(long index, I input, R result, int attempts) {
      this(index, input, result, attempts, Stats.UNKNOWN);
    }
  }

  /** A task that threw, timed out, was cancelled or lost its worker, after every attempt. */
  record Failure<I, R>(long index, I input, Throwable error, int attempts, Stats stats)
      implements Outcome<I, R> {
    public Failure {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(stats, "stats");
    }

    /** A failure whose stats are unknown (built outside a run). */
    public Failure(long index, I input, Throwable error, int attempts) {
      this(index, input, error, attempts, Stats.UNKNOWN);
    }

    /** The error's message, or its class name when it has none. */
    public String message() {
      String m = error.getMessage();
      return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
    }
  }

  /**
   * What one task's attempts measured, the same figures its {@link Event.Finished} carries. Times
   * are nanoseconds on the run's {@link Clock}.
   *
   * <p>Immutable and thread-safe.
   *
   * @param worker the worker that ran the last attempt ({@code thread-3}, {@code worker-2}, {@code
   *     loop}...), or {@code -} when no attempt ran
   * @param startNanos when the first attempt began (its end, when none began)
   * @param endNanos when the last attempt ended
   * @param cpuNanos CPU time the attempts used on their threads, or -1 when unknown: virtual
   *     threads, or a run with no listener that did not ask for it ({@link
   *     Fanout.Builder#measureCpu})
   * @param bytes bytes the task reported through {@link Worker#addBytes}, over every attempt
   */
  record Stats(String worker, long startNanos, long endNanos, long cpuNanos, long bytes) {
    /** The stats of an outcome built outside a run: nothing known. */
    public static final Stats UNKNOWN = new Stats("-", 0, 0, -1, 0);

    public Stats {
      Objects.requireNonNull(worker, "worker");
    }

    /** Wall time, first start to last end. */
    public long wallNanos() {
      return endNanos - startNanos;
    }

    /** True when {@link #cpuNanos} was measured. */
    public boolean cpuKnown() {
      return cpuNanos >= 0;
    }
  }
}
