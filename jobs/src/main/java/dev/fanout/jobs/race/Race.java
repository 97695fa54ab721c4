package dev.fanout.jobs.race;

import dev.fanout.Fanout;
import dev.fanout.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * {@code fanout race}: the seed's warning about race conditions, measured. {@code tasks} tasks each
 * add one to a shared counter {@code increments} times; the counter should end at tasks x
 * increments, and the difference is the updates lost to the race.
 *
 * <p>On models whose workers are other JVMs each JVM has its own counter; the result lists each one
 * (its workers, tasks and count) and their merged sum. Thread-safe: races are independent.
 */
public final class Race {
  private Race() {}

  /**
   * The counter of one JVM ("memory").
   *
   * @param pid the JVM's process id
   * @param local true for this JVM, whose counter was read directly
   * @param workers the workers that ran tasks there
   * @param tasks how many tasks ran there
   * @param counter the counter's final value there
   */
  public record Memory(long pid, boolean local, List<String> workers, long tasks, long counter) {}

  /**
   * One race's outcome.
   *
   * @param expected tasks x increments
   * @param observed the counter, summed over every JVM's own counter
   * @param memories each JVM that ran tasks, in order of first report
   * @param failed tasks that failed (their increments may be partly counted)
   * @param firstError the first failure's message, or null
   */
  public record Result(
      boolean safe,
      long expected,
      long observed,
      List<Memory> memories,
      long failed,
      String firstError) {
    /** Updates lost to the race. */
    public long lost() {
      return expected - observed;
    }

    /** True when the tasks ran in more than one JVM, each on its own counter. */
    public boolean separateMemories() {
      return memories.size() > 1 || (memories.size() == 1 && !memories.get(0).local());
    }
  }

  /** Runs one race on {@code fanout}. */
  public static Result run(Fanout fanout, int tasks, long increments, boolean safe) {
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be >= 1, got " + tasks);
    }
    if (increments < 0) {
      throw new IllegalArgumentException("increments must be >= 0, got " + increments);
    }
    String id = UUID.randomUUID().toString();
    List<RaceTask.Input> inputs = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      inputs.add(new RaceTask.Input(id, increments, safe));
    }
    List<Outcome<RaceTask.Input, RaceTask.Report>> outcomes;
    long localCount;
    try {
      outcomes = fanout.map(new RaceTask(), inputs);
    } finally {
      // this JVM's counter is read directly, exact whatever the model; other JVMs' counters are
      // known only from what their tasks reported
      localCount = RaceTask.release(id);
    }
    return tally(safe, (long) tasks * increments, outcomes, localCount);
  }

  private static Result tally(
      boolean safe,
      long expected,
      List<Outcome<RaceTask.Input, RaceTask.Report>> outcomes,
      long localCount) {
    Map<String, List<RaceTask.Report>> byMemory = new LinkedHashMap<>();
    long failed = 0;
    String firstError = null;
    for (Outcome<RaceTask.Input, RaceTask.Report> o : outcomes) {
      if (o instanceof Outcome.Success<RaceTask.Input, RaceTask.Report> s) {
        byMemory.computeIfAbsent(s.result().memory(), k -> new ArrayList<>()).add(s.result());
      } else {
        failed++;
        if (firstError == null) {
          firstError = ((Outcome.Failure<?, ?>) o).message();
        }
      }
    }
    if (localCount > 0) {
      byMemory.putIfAbsent(RaceTask.MEMORY, new ArrayList<>()); // only failed tasks ran here
    }
    List<Memory> memories = new ArrayList<>();
    long observed = 0;
    for (Map.Entry<String, List<RaceTask.Report>> e : byMemory.entrySet()) {
      boolean local = e.getKey().equals(RaceTask.MEMORY);
      TreeSet<String> workers = new TreeSet<>();
      long lastSeen = 0;
      for (RaceTask.Report r : e.getValue()) {
        workers.add(r.worker());
        // the last task to finish there saw every increment before its read: the largest value
        // (exact for atomic counters and for workers that run one task at a time)
        lastSeen = Math.max(lastSeen, r.counterAfter());
      }
      long counter = local ? localCount : lastSeen;
      long pid = local ? ProcessHandle.current().pid() : e.getValue().get(0).pid();
      memories.add(new Memory(pid, local, List.copyOf(workers), e.getValue().size(), counter));
      observed += counter;
    }
    return new Result(safe, expected, observed, List.copyOf(memories), failed, firstError);
  }
}
