package dev.fanout.cli;

/** The exit codes of every command, documented in {@code --help} and the README. */
public final class ExitCode {
  /** Every task succeeded. */
  public static final int OK = 0;

  /** The run finished but some tasks failed. */
  public static final int SOME_FAILED = 1;

  /** Bad usage or bad input: nothing, or not everything, could run. */
  public static final int USAGE = 2;

  /** A bug in fanout, not in the input: an unexpected internal error (sysexits' EX_SOFTWARE). */
  public static final int INTERNAL = 70;

  /** Interrupted (Ctrl-C): 128 + SIGINT. */
  public static final int INTERRUPTED = 130;

  /** Terminated (SIGTERM): 128 + 15. */
  public static final int TERMINATED = 143;

  private ExitCode() {}

  /** The code for a run with {@code failed} failed tasks. */
  public static int of(long failed) {
    return failed == 0 ? OK : SOME_FAILED;
  }
}
