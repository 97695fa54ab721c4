package dev.fanout.cluster.internal;

import com.hazelcast.collection.IQueue;
import dev.fanout.spi.Events;
import dev.fanout.spi.LocalFile;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.remote.Report;
import dev.fanout.spi.remote.TaskRunner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;

/**
 * One run as one member serves it: a {@link TaskRunner} (the worker JVMs' runner: tasks built once
 * from their recipes, the member's resource opened by the first task that asks for it) and the
 * files its tasks stream back to the caller.
 *
 * <p>A chunk's inputs go to the runner, which runs {@code workers} of the run's tasks at once: on
 * platform threads without an explicit {@code -c} ({@link #ONE_BY_ONE}) or with {@code
 * threadsPerWorker} ({@link #PLATFORM}), else a virtual thread each ({@link #VIRTUAL}). The
 * executor thread that brought the chunk waits for its inputs and answers with their {@link
 * Report}s, in order.
 *
 * <p>Thread-safe: several executor threads of the member run chunks of the same run at once.
 */
final class MemberRun {
  /** {@code workers} platform threads per member (no explicit {@code -c}). */
  static final int ONE_BY_ONE = 0;

  /** Each input on a virtual thread of its own, {@code workers} of the run at once. */
  static final int VIRTUAL = 1;

  /** Each input on one of {@code workers} platform threads of the run. */
  static final int PLATFORM = 2;

  /** Where the run's files go to the caller: its queue, and this member's uuid for answers. */
  record Files(IQueue<byte[]> queue, String memberUuid, Seal seal, String runId) {}

  private final String owner;
  private final TaskRunner runner;
  private final ConcurrentMap<String, CompletableFuture<String>> acks = new ConcurrentHashMap<>();

  MemberRun(
      String memberId,
      String owner,
      int workers,
      int mode,
      Recipe resourceRecipe,
      ClassLoader loader,
      Events events,
      Files files) {
    this.owner = owner;
    this.runner =
        new TaskRunner(
            memberId,
            loader,
            workers,
            mode == VIRTUAL,
            resourceRecipe,
            events,
            files == null ? LocalFile::create : target -> RemoteFile.open(files, this, target));
  }

  String owner() {
    return owner;
  }

  /**
   * Runs the inputs and waits for them; every input gets a report in the reply, in order. An
   * interrupt (the client cancelled the chunk, or the run ended) cancels them: the started ones are
   * interrupted, the others never start.
   */
  byte[] run(Recipe recipe, byte[][] inputs) {
    Report[] reports = new Report[inputs.length];
    TaskRunner.Job[] jobs = new TaskRunner.Job[inputs.length];
    CountDownLatch done = new CountDownLatch(inputs.length);
    for (int i = 0; i < inputs.length; i++) {
      int at = i;
      jobs[i] =
          runner.submit(
              recipe,
              inputs[i],
              report -> {
                reports[at] = report;
                done.countDown();
              });
    }
    boolean cancelled = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        if (!cancelled) {
          cancelled = true;
          for (TaskRunner.Job job : jobs) {
            runner.cancel(job);
          }
        }
      }
    }
    Thread.interrupted(); // a cancel's interrupt must not reach the executor's next task
    return Reply.build(reports);
  }

  /** The answer to the COMMIT of {@code file}, completed by {@link #ackFile}. */
  CompletableFuture<String> expectAck(String file) {
    return acks.computeIfAbsent(file, f -> new CompletableFuture<>());
  }

  void forgetAck(String file) {
    acks.remove(file);
  }

  boolean ackFile(String file, String error) {
    CompletableFuture<String> ack = acks.get(file);
    return ack != null && ack.complete(error);
  }

  /** Ends the run: its running tasks are interrupted, its resource closed. */
  void close() {
    runner.close();
    acks.values().forEach(a -> a.complete("the run ended before the caller stored the file"));
  }
}
