package dev.fanout.internal.process;

import dev.fanout.spi.Recipe;
import dev.fanout.spi.TaskRun;

/**
 * One attempt of one input on the {@link ProcessEngine}: its encoded input, and where it is.
 *
 * <p>Thread-safety: the mutable fields are guarded by the engine's lock.
 */
final class Job {
  final TaskRun run;
  final long id;
  final Recipe task;
  final boolean async;
  final byte[] input;
  WorkerProcess worker; // null while queued
  boolean started; // the worker said so: a death now costs the task an attempt
  long startNanos; // on the worker's clock
  boolean cancelled;

  Job(TaskRun run, long id, Recipe task, byte[] input) {
    this.run = run;
    this.id = id;
    this.task = task;
    this.async = run.work().isAsync();
    this.input = input;
  }
}
