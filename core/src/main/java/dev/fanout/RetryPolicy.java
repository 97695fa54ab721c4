package dev.fanout;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * When and how soon to run a failed task again: attempts, exponential backoff with jitter, which
 * errors are worth retrying, and a server's own {@code Retry-After}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts attempts for errors the task throws, from 1 (no retry)
 * @param initialDelay delay before the second attempt
 * @param maxDelay cap on any one delay
 * @param multiplier growth of the delay per attempt
 * @param jitter fraction of each delay drawn at random, 0 to 1 ("full jitter" at 1)
 * @param retryOn which errors are retried; {@link WorkerLostException} is always retried
 * @param workerLossAttempts attempts when the worker dies under the task, from 1
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    Duration maxDelay,
    double multiplier,
    double jitter,
    Predicate<Throwable> retryOn,
    int workerLossAttempts) {

  /** An error that knows how long to wait before trying again (HTTP Retry-After). */
  public interface RetryAfter {
    /** The wait the other side asked for, or null when it did not say. */
    Duration retryAfter();
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (workerLossAttempts < 1) {
      throw new IllegalArgumentException(
          "workerLossAttempts must be >= 1, got " + workerLossAttempts);
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(retryOn, "retryOn");
    if (initialDelay.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("retry delays must not be negative");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
    }
  }

  /** No retries for task errors; a lost worker's task is tried up to 3 times. */
  public static RetryPolicy none() {
    return new RetryPolicy(
        1, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5, e -> false, 3);
  }

  /**
   * Up to {@code attempts} attempts on any error, backing off from 100 ms, doubling, capped at 10
   * s, half of each delay random.
   */
  public static RetryPolicy attempts(int attempts) {
    return new RetryPolicy(
        attempts, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5, e -> true, 3);
  }

  /** The same policy, retrying only the errors {@code retryOn} accepts. */
  public RetryPolicy retryingOn(Predicate<Throwable> retryOn) {
    return new RetryPolicy(
        maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, workerLossAttempts);
  }

  /** The same policy with other delays. */
  public RetryPolicy withBackoff(Duration initialDelay, Duration maxDelay) {
    return new RetryPolicy(
        maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, workerLossAttempts);
  }

  /** The same policy with another limit for tasks whose worker died. */
  public RetryPolicy withWorkerLossAttempts(int attempts) {
    return new RetryPolicy(
        maxAttempts, initialDelay, maxDelay, multiplier, jitter, retryOn, attempts);
  }

  /** Whether a task that failed with {@code error} on attempt {@code attempt} runs again. */
  public boolean shouldRetry(Throwable error, int attempt) {
    if (error instanceof WorkerLostException) {
      return attempt < workerLossAttempts;
    }
    return attempt < maxAttempts && retryOn.test(error);
  }

  /**
   * The wait before attempt {@code attempt + 1}: the error's Retry-After when it has one (capped at
   * {@link #maxDelay}), else {@code initialDelay * multiplier^(attempt-1)}, capped, with jitter.
   */
  public Duration delayAfter(int attempt, Throwable error) {
    if (error instanceof RetryAfter ra && ra.retryAfter() != null) {
      Duration asked = ra.retryAfter();
      return asked.compareTo(maxDelay) > 0 ? maxDelay : asked;
    }
    if (error instanceof WorkerLostException) {
      return Duration.ZERO; // a fresh worker is the remedy, not time
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxDelay.toNanos());
    double random = ThreadLocalRandom.current().nextDouble();
    long nanos = (long) (capped * (1 - jitter) + capped * jitter * random);
    return Duration.ofNanos(nanos);
  }
}
