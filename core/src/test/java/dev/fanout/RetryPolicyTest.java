package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  record ServerBusy(Duration retryAfter) implements RetryPolicy.RetryAfter {}

  static final class BusyException extends IOException implements RetryPolicy.RetryAfter {
    private final Duration wait;

    BusyException(Duration wait) {
      this.wait = wait;
    }

    @Override
    public Duration retryAfter() {
      return wait;
    }
  }

  @Test
  void shouldRetry_stopsAtMaxAttempts() {
    RetryPolicy p = RetryPolicy.attempts(3);
    assertThat(p.shouldRetry(new IOException(), 1)).isTrue();
    assertThat(p.shouldRetry(new IOException(), 2)).isTrue();
    assertThat(p.shouldRetry(new IOException(), 3)).isFalse();
  }

  @Test
  void shouldRetry_onlyErrorsThePredicateAccepts() {
    RetryPolicy p = RetryPolicy.attempts(5).retryingOn(e -> e instanceof IOException);
    assertThat(p.shouldRetry(new IOException(), 1)).isTrue();
    assertThat(p.shouldRetry(new IllegalStateException(), 1)).isFalse();
  }

  @Test
  void shouldRetry_lostWorkerEvenWithoutTaskRetries() {
    RetryPolicy p = RetryPolicy.none();
    WorkerLostException lost = new WorkerLostException("worker-1", "exit 137 (SIGKILL)");
    assertThat(p.shouldRetry(lost, 1)).isTrue();
    assertThat(p.shouldRetry(lost, 3)).isFalse();
    assertThat(p.shouldRetry(new IOException(), 1)).isFalse();
  }

  @Test
  void delayAfter_growsExponentiallyWithinJitterAndCap() {
    RetryPolicy p =
        new RetryPolicy(
            10, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0.5, e -> true, 3);
    for (int i = 0; i < 50; i++) {
      assertThat(p.delayAfter(1, new IOException()).toMillis()).isBetween(50L, 100L);
      assertThat(p.delayAfter(3, new IOException()).toMillis()).isBetween(200L, 400L);
      assertThat(p.delayAfter(9, new IOException()).toMillis()).isBetween(500L, 1000L);
    }
  }

  @Test
  void delayAfter_honoursRetryAfterUpToTheCap() {
    RetryPolicy p =
        RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(10), Duration.ofSeconds(5));
    assertThat(p.delayAfter(1, new BusyException(Duration.ofSeconds(2))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayAfter(1, new BusyException(Duration.ofSeconds(60))))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void constructor_rejectsNonsense() {
    assertThatThrownBy(() -> RetryPolicy.attempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () -> new RetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO, 2, 0, e -> true, 1))
        .hasMessageContaining("negative");
  }
}
