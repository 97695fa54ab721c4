package dev.fanout.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-key rate of one fanout: attempts of a key start at least {@code 1 / rate} seconds apart
 * (no burst), on the machine's monotonic clock since the waits are real.
 *
 * <p>Thread-safe: the batches of one fanout share it.
 */
final class RateLimits {
  private final long intervalNanos;
  private final ConcurrentHashMap<String, AtomicLong> nextStart = new ConcurrentHashMap<>();

  RateLimits(double perSecond) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / perSecond));
  }

  /** Reserves the key's next start slot; returns how long to wait for it, 0 to start now. */
  long reserve(String key, long nowNanos) {
    AtomicLong next = nextStart.computeIfAbsent(key, k -> new AtomicLong(nowNanos));
    while (true) {
      long slot = next.get();
      long at = slot - nowNanos > 0 ? slot : nowNanos;
      if (next.compareAndSet(slot, at + intervalNanos)) {
        return at - nowNanos;
      }
    }
  }
}
