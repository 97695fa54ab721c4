package dev.fanout.contract;

import dev.fanout.Task;
import dev.fanout.Worker;

/**
 * Input: milliseconds. Keeps the CPU busy that long, clearing every interrupt: a task no
 * cancellation can stop, which a timeout must abandon.
 */
public final class SpinsDeaf implements Task<Long, String> {
  @Override
  public String run(Long millis, Worker worker) {
    long end = System.nanoTime() + millis * 1_000_000;
    long spins = 0;
    while (System.nanoTime() < end) {
      Thread.interrupted();
      spins++;
    }
    return worker.id() + " spun " + spins;
  }
}
