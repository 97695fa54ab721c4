/**
 * The {@code processes} model: a pool of worker JVMs that never hangs.
 *
 * <p>Parent side: {@link dev.fanout.internal.process.ProcessEngine} (queue, chunks, worker
 * lifecycle) and one {@code WorkerProcess} per worker JVM (its stdin writer, stdout reader and
 * stderr pump). Worker side: {@link dev.fanout.internal.process.WorkerMain}. Between them, the
 * length-prefixed frames of {@code Frames}; values through {@link dev.fanout.spi.Codecs}, errors
 * through {@link dev.fanout.spi.RemoteErrors}. {@code WorkerCommand} builds the worker's command
 * line and keeps its class-data-sharing archive.
 *
 * <p>Rules that keep a run from hanging or leaking: the parent never blocks on a worker's pipe (a
 * writer thread per worker); a worker exits when its stdin ends or its parent changes; a task's
 * start is flushed to the parent before the task runs, so a worker's death is charged to the tasks
 * that were really running, and the others go back to the queue without losing an attempt.
 */
package dev.fanout.internal.process;
