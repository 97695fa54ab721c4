package dev.fanout.jobs.run;

import dev.fanout.AsyncTask;
import dev.fanout.Worker;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Job} without any thread waiting for it ({@code async}): the {@link ChildLoop}
 * starts the child with its stdout and stderr on pipes the loop reads without blocking, times it
 * out, and finishes the job when it has exited and both pipes are drained, as asyncio's {@code
 * create_subprocess_exec} does.
 *
 * <p>The exit itself is reported by the JDK: every {@link Process} has a JDK reaper thread blocked
 * in {@code waitpid} (the JDK has no non-blocking wait, like asyncio's threaded child watcher), and
 * its completion hops onto the loop. Stateless and thread-safe.
 */
public final class AsyncRunTask implements AsyncTask<Job, JobResult> {
  /** After the exit, how long a pipe a background grandchild still holds is read before closing. */
  private static final long DRAIN_MS = 100;

  /** Whether this JVM can run jobs on the one loop (Linux with Netty's epoll transport). */
  public static boolean available() {
    return ChildLoop.available();
  }

  /**
   * Starts this JVM's loop and runs one {@code true} on it, so that the first real job does not
   * hold the engine's loop while the JVM loads epoll and this class's code.
   */
  public static void warmUp() {
    Job nothing = new Job(0, "", List.of(List.of("true")), 0, 0, 1);
    try {
      start(nothing, ":").toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a machine without `true` on PATH, or a slow one: the first job pays instead
    }
  }

  @Override
  public CompletionStage<JobResult> start(Job job, Worker worker) {
    return start(job, RunTask.host(worker));
  }

  private static CompletionStage<JobResult> start(Job job, String host) {
    ChildLoop loop = ChildLoop.shared();
    CompletableFuture<JobResult> result = new CompletableFuture<>();
    Attempt[] current = new Attempt[1];
    loop.loop.execute(
        () -> {
          int slot = Slots.take();
          result.whenComplete((r, e) -> Slots.give(slot));
          current[0] = new Attempt(loop, job, slot, 1, host, result, current);
          current[0].start();
        });
    result.whenComplete(
        (r, e) -> {
          if (e instanceof CancellationException) { // the run was cancelled: stop the child
            loop.loop.execute(
                () -> {
                  if (current[0] != null) {
                    current[0].cancel();
                  }
                });
          }
        });
    return result;
  }

  /** One attempt of a job; confined to the loop thread. */
  private static final class Attempt {
    private final ChildLoop loop;
    private final Job job;
    private final int slot;
    private final int number;
    private final String host;
    private final CompletableFuture<JobResult> result;
    private final Attempt[] current;
    private Process process;
    private PipeReader out;
    private PipeReader err;
    private long startMillis;
    private long t0;
    private long runtime;
    private boolean exited;
    private boolean done;
    private boolean timedOut;
    private int signal;
    private ScheduledFuture<?> timer;

    Attempt(
        ChildLoop loop,
        Job job,
        int slot,
        int number,
        String host,
        CompletableFuture<JobResult> result,
        Attempt[] current) {
      this.loop = loop;
      this.job = job;
      this.slot = slot;
      this.number = number;
      this.host = host;
      this.result = result;
      this.current = current;
    }

    void start() {
      if (result.isDone()) {
        return;
      }
      List<String> argv = Template.join(job.argv(), slot);
      startMillis = System.currentTimeMillis();
      t0 = System.nanoTime();
      FileDescriptor[] o;
      FileDescriptor[] e;
      try {
        o = FileDescriptor.pipe();
        e = FileDescriptor.pipe();
      } catch (IOException x) {
        finish(-1, "cannot make a pipe for '" + argv.get(0) + "': " + x.getMessage());
        return;
      }
      try {
        // the JDK opens /proc/self/fd/N, a second descriptor on our pipe, and gives it to the child
        process =
            Children.start(
                Children.builder(argv)
                    .redirectOutput(new File("/proc/self/fd/" + o[1].intValue()))
                    .redirectError(new File("/proc/self/fd/" + e[1].intValue())));
      } catch (IOException x) {
        closeQuietly(o[0], o[1], e[0], e[1]);
        finish(-1, Failures.cannotStart(argv.get(0), x));
        return;
      } finally {
        closeQuietly(o[1], e[1]); // the child has its own: EOF comes when it (and its own) close
      }
      out = new PipeReader(o[0], loop.buffer, this::maybeDone);
      err = new PipeReader(e[0], loop.buffer, this::maybeDone);
      out.register(loop);
      err.register(loop);
      if (job.timeoutMillis() > 0) {
        timer = loop.loop.schedule(this::timeout, job.timeoutMillis(), TimeUnit.MILLISECONDS);
      }
      process.onExit().whenComplete((p, x) -> loop.loop.execute(this::exited));
    }

    private void exited() {
      runtime = System.nanoTime() - t0;
      exited = true;
      Children.ended(process);
      if (timer != null) {
        timer.cancel(false);
      }
      if (!(out.ended() && err.ended())) {
        loop.loop.schedule(
            () -> {
              out.end();
              err.end();
            },
            DRAIN_MS,
            TimeUnit.MILLISECONDS);
      }
      maybeDone();
    }

    private void maybeDone() {
      if (done || !exited || !out.ended() || !err.ended()) {
        return;
      }
      done = true;
      int exit = timedOut ? -1 : process.exitValue();
      if (!timedOut) {
        signal = Failures.signalOf(exit);
      }
      JobResult r =
          new JobResult(
              exit,
              signal,
              out.bytes(),
              err.bytes(),
              startMillis,
              runtime,
              number,
              timedOut,
              host,
              slot,
              null);
      if (!r.ok() && number < job.attempts() && !result.isDone()) {
        current[0] = new Attempt(loop, job, slot, number + 1, host, result, current);
        current[0].start();
        return;
      }
      result.complete(r);
    }

    private void finish(int exit, String error) {
      done = true;
      result.complete(
          new JobResult(
              exit,
              0,
              new byte[0],
              new byte[0],
              startMillis,
              System.nanoTime() - t0,
              number,
              false,
              host,
              slot,
              error));
    }

    private void timeout() {
      if (exited) {
        return;
      }
      timedOut = true;
      signal = 15;
      Children.signal(List.of(process.toHandle()), "TERM");
      timer =
          loop.loop.schedule(
              () -> {
                if (!exited) {
                  signal = 9;
                  Children.signal(List.of(process.toHandle()), "KILL");
                }
              },
              job.graceMillis(),
              TimeUnit.MILLISECONDS);
    }

    void cancel() {
      if (process != null && !exited) {
        Children.signal(List.of(process.toHandle()), "TERM");
        loop.loop.schedule(
            () -> {
              if (!exited) {
                Children.signal(List.of(process.toHandle()), "KILL");
              }
            },
            job.graceMillis(),
            TimeUnit.MILLISECONDS);
      }
    }

    private static void closeQuietly(FileDescriptor... fds) {
      for (FileDescriptor fd : fds) {
        try {
          fd.close();
        } catch (IOException ignored) {
          // already closed, or closing a pipe end that nothing reads any more
        }
      }
    }
  }
}
