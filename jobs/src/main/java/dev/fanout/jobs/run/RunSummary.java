package dev.fanout.jobs.run;

import dev.fanout.Model;
import java.util.Locale;

/**
 * What a {@code run} did, and its one summary line.
 *
 * @param ok jobs that exited 0
 * @param failed jobs that exited non-zero, were killed, timed out or could not start
 * @param skipped inputs skipped as done by {@code --resume}/{@code --resume-failed}
 * @param nanos wall time of the run
 * @param model the model it ran on
 * @param interrupted whether Ctrl-C stopped it
 * @param stoppedBy the job that made {@code --fail-fast} stop, or null
 */
public record RunSummary(
    long ok,
    long failed,
    long skipped,
    long nanos,
    Model model,
    boolean interrupted,
    String stoppedBy) {

  public long total() {
    return ok + failed;
  }

  /** {@code run: 8/10 ok, 2 failed in 1.234 s (8.1 jobs/s), model=threads}, and what else. */
  public String line() {
    double seconds = nanos / 1e9;
    String s =
        String.format(
            Locale.ROOT,
            "run: %d/%d ok, %d failed in %.3f s (%.1f jobs/s), model=%s",
            ok,
            total(),
            failed,
            seconds,
            seconds > 0 ? total() / seconds : 0.0,
            model.label());
    if (skipped > 0) {
      s += ", " + skipped + " skipped (in the joblog, --resume)";
    }
    if (stoppedBy != null) {
      s += ", stopped by --fail-fast after " + stoppedBy;
    }
    if (interrupted) {
      s += ", interrupted: run again with --resume (and the same --joblog) to finish";
    }
    return s;
  }
}
