package dev.fanout.jobs.run;

import dev.fanout.Task;
import dev.fanout.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Job} on the worker's thread, which waits for the child: {@code sequential},
 * {@code threads} (a platform thread per child), {@code virtual}, and in worker JVMs and cluster
 * members. Output goes to two temporary files, as GNU parallel groups it, so the one waiting thread
 * never deadlocks on a full pipe and a job's output is never interleaved with another's.
 *
 * <p>Stateless and thread-safe; a public class with a no-arg constructor so other JVMs can load it.
 */
public final class RunTask implements Task<Job, JobResult> {

  @Override
  public JobResult run(Job job, Worker worker) throws Exception {
    int slot = Slots.take();
    try {
      JobResult r = null;
      for (int attempt = 1; attempt <= job.attempts(); attempt++) {
        r = once(job, slot, attempt, host(worker));
        if (r.ok() || r.error() != null) {
          break;
        }
      }
      return r;
    } finally {
      Slots.give(slot);
    }
  }

  /**
   * {@code :} on this machine, as GNU parallel's joblog writes it; a member's address on cluster.
   */
  static String host(Worker worker) {
    String id = worker.id();
    return id.startsWith("member-") ? id.substring("member-".length()) : ":";
  }

  private static JobResult once(Job job, int slot, int attempt, String host)
      throws IOException, InterruptedException {
    List<String> argv = Template.join(job.argv(), slot);
    Path out = Files.createTempFile("fanout-run-", ".out");
    Path err = Files.createTempFile("fanout-run-", ".err");
    try {
      long startMillis = System.currentTimeMillis();
      long t0 = System.nanoTime();
      Process p;
      try {
        p =
            Children.start(
                Children.builder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()));
      } catch (IOException e) {
        return new JobResult(
            -1,
            0,
            new byte[0],
            new byte[0],
            startMillis,
            System.nanoTime() - t0,
            attempt,
            false,
            host,
            slot,
            Failures.cannotStart(argv.get(0), e));
      }
      int signal = 0;
      boolean timedOut = false;
      try {
        if (job.timeoutMillis() > 0 && !p.waitFor(job.timeoutMillis(), TimeUnit.MILLISECONDS)) {
          timedOut = true;
          signal = stop(p, job.graceMillis());
        } else {
          p.waitFor();
        }
      } catch (InterruptedException e) { // the run was cancelled: the child goes with it
        stop(p, job.graceMillis());
        throw e;
      } finally {
        Children.ended(p);
      }
      long runtime = System.nanoTime() - t0;
      int exit = timedOut ? -1 : p.exitValue();
      if (!timedOut) {
        signal = Failures.signalOf(exit);
      }
      return new JobResult(
          exit,
          signal,
          Files.readAllBytes(out),
          Files.readAllBytes(err),
          startMillis,
          runtime,
          attempt,
          timedOut,
          host,
          slot,
          null);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** SIGTERM to the job's group, SIGKILL after the grace; returns the signal that ended it. */
  private static int stop(Process p, long graceMillis) throws InterruptedException {
    Children.signal(List.of(p.toHandle()), "TERM");
    if (p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
      return 15;
    }
    Children.signal(List.of(p.toHandle()), "KILL");
    p.waitFor(5, TimeUnit.SECONDS);
    return 9;
  }
}
