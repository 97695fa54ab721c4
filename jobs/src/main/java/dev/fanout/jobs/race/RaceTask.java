package dev.fanout.jobs.race;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One runner of the race: increments the shared counter of a race {@code increments} times, either
 * unsafely (read, pause, write: two tasks that read the same value both write value + 1, and one
 * update is lost) or safely (one atomic increment), then reports what the counter holds.
 *
 * <p>"Shared" means shared by everything in one JVM: the counters live in a static map keyed by the
 * race's id. Tasks on {@code threads} and {@code virtual} share one counter and lose updates; on
 * {@code async} they take turns on one thread and lose none; on {@code processes} each worker JVM
 * has its own counter, so the report names the JVM ({@link Report#memory()}) for the caller to
 * merge.
 *
 * <p>Thread-safe (racing is its purpose, but only on the counter's value). A named class with a
 * public no-arg constructor; input and report are records the codec carries as JSON.
 */
public final class RaceTask implements Task<RaceTask.Input, RaceTask.Report> {
  /** This JVM's identity: two reports with the same memory saw the same counter. */
  static final String MEMORY = UUID.randomUUID().toString();

  private static final ConcurrentHashMap<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

  /**
   * What one task does.
   *
   * @param race the race's id; each race has its own counter
   * @param increments how many times to add one
   * @param safe atomic increments when true, read-pause-write when false
   */
  public record Input(String race, long increments, boolean safe) {}

  /**
   * What one task saw.
   *
   * @param memory the JVM the task ran in (see {@link #MEMORY})
   * @param pid that JVM's process id
   * @param worker the worker that ran it
   * @param counterAfter the counter of its JVM just after its last increment
   */
  public record Report(String memory, long pid, String worker, long counterAfter) {}

  public RaceTask() {}

  @Override
  public Report run(Input input, Worker worker) {
    AtomicLong counter = COUNTERS.computeIfAbsent(input.race(), k -> new AtomicLong());
    if (input.safe()) {
      for (long k = 0; k < input.increments(); k++) {
        pause();
        counter.incrementAndGet();
      }
    } else {
      for (long k = 0; k < input.increments(); k++) {
        long seen = counter.get(); // count += 1, spelled out: read ...
        pause(); // ... another task may run here and read the same value ...
        counter.set(seen + 1); // ... and both write seen + 1: one update lost
      }
    }
    return new Report(MEMORY, ProcessHandle.current().pid(), worker.id(), counter.get());
  }

  /**
   * Gives the scheduler a chance to switch tasks between the read and the write, as an I/O call or
   * a page fault would in real code; without it the window is a few nanoseconds and lost updates
   * are rare rather than absent, which teaches the wrong lesson. Both variants pause, so the safe
   * one differs only in being atomic.
   */
  private static void pause() {
    Thread.yield();
  }

  /** The counter of {@code race} in this JVM, removed from the map: 0 when no task ran here. */
  static long release(String race) {
    AtomicLong c = COUNTERS.remove(race);
    return c == null ? 0 : c.get();
  }
}
