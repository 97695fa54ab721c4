package dev.fanout;

/**
 * The worker running a task died (a process killed, a member lost) before the task ended. Such
 * tasks are retried on a replacement worker up to {@link RetryPolicy#workerLossAttempts()}.
 */
public final class WorkerLostException extends RuntimeException {
  private final String worker;

  public WorkerLostException(String worker, String cause) {
    super("worker " + worker + " was lost: " + cause);
    this.worker = worker;
  }

  /** The lost worker's id. */
  public String worker() {
    return worker;
  }
}
