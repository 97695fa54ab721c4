package dev.fanout.jobs.run;

import dev.fanout.jobs.bench.TaskSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a run's finished jobs as timeline spans for the report: where each ran and when, and
 * whether its command succeeded (the events alone cannot tell: a command that exits 1 is a task
 * that succeeded in running it).
 *
 * <p>Not thread-safe: the run's consumer thread adds to it.
 */
public final class RunSpans {
  private final List<RunJob.Done> done = new ArrayList<>();

  public void add(RunJob.Done d) {
    done.add(d);
  }

  /** The spans, times from the first job's start. */
  public List<TaskSpan> spans() {
    long t0 = done.stream().mapToLong(RunJob.Done::startNanos).filter(t -> t != 0).min().orElse(0);
    List<TaskSpan> out = new ArrayList<>(done.size());
    for (RunJob.Done d : done) {
      if (d.worker() == null) {
        continue; // never ran on a worker
      }
      JobResult r = d.result();
      out.add(
          new TaskSpan(
              d.job().seq() - 1,
              d.job().input(),
              d.worker(),
              d.startNanos() - t0,
              d.endNanos() - t0,
              d.cpuNanos(),
              r.ok(),
              r.ok() ? null : r.reason()));
    }
    return out;
  }

  /** CPU time the waiting threads used, where known. */
  public long cpuNanos() {
    return done.stream().mapToLong(RunJob.Done::cpuNanos).filter(c -> c > 0).sum();
  }
}
