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
  record Success<I, R>(long index, I input, R result, int attempts) implements Outcome<I, R> {}

  /** A task that threw, timed out, was cancelled or lost its worker, after every attempt. */
  record Failure<I, R>(long index, I input, Throwable error, int attempts)
      implements Outcome<I, R> {
    public Failure {
      Objects.requireNonNull(error, "error");
    }

    /** The error's message, or its class name when it has none. */
    public String message() {
      String m = error.getMessage();
      return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
    }
  }
}
