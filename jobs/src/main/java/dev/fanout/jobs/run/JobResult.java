package dev.fanout.jobs.run;

/**
 * What one job did, from the worker that ran it: its exit, its grouped output and its times. A
 * command that exits non-zero is a result too (as {@code subprocess.run} without {@code check});
 * {@link #ok()} says whether it succeeded.
 *
 * <p>Immutable; the arrays are not copied, so do not change them.
 *
 * @param exit the exit value of the last attempt; -1 when it was killed by fanout or never started
 * @param signal the signal that ended it (15 TERM, 9 KILL after a timeout), else 0
 * @param stdout everything it wrote to stdout
 * @param stderr everything it wrote to stderr
 * @param startMillis when the last attempt started, epoch milliseconds
 * @param runtimeNanos wall time of the last attempt
 * @param attempts attempts made
 * @param timedOut the last attempt ran past the timeout and was killed
 * @param host where it ran (":" for this machine, as GNU parallel writes it, else the member)
 * @param slot the worker slot it ran in ({@code {%}}), from 1
 * @param error why it could not start (no such command), else null
 */
public record JobResult(
    int exit,
    int signal,
    byte[] stdout,
    byte[] stderr,
    long startMillis,
    long runtimeNanos,
    int attempts,
    boolean timedOut,
    String host,
    int slot,
    String error) {

  /** True when the command exited 0. */
  public boolean ok() {
    return exit == 0 && signal == 0 && error == null && !timedOut;
  }

  /** One line for stderr: why it failed. */
  public String reason() {
    if (error != null) {
      return error;
    }
    if (timedOut) {
      return "timed out, killed with " + (signal == 9 ? "SIGKILL" : "SIGTERM");
    }
    if (signal != 0) {
      return "killed by signal " + signal;
    }
    return "exit " + exit;
  }
}
