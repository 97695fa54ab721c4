package dev.fanout.internal.process;

import dev.fanout.Task;
import dev.fanout.Worker;

/** Spins for a minute, deaf to interrupts: a cancellation can only stop it by ending its JVM. */
public final class IgnoresInterrupts implements Task<Long, Long> {
  @Override
  public Long run(Long x, Worker worker) {
    long end = System.nanoTime() + 60_000_000_000L;
    long spins = 0;
    while (System.nanoTime() < end) {
      spins++;
    }
    return spins;
  }
}
