package dev.fanout.jobs.run;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One {@code fanout run}: turns input lines into {@link Job}s, streams them through the fanout's
 * model (inputs pulled lazily, a bounded number in flight), and prints each job's stdout and stderr
 * as one block, in completion order or with {@code keepOrder} in input order; writes the joblog and
 * hands every finished job to a consumer (JSON lines, the report).
 *
 * <pre>{@code
 * try (Fanout f = Fanout.builder().model(Model.VIRTUAL).concurrency(8).build()) {
 *   RunSummary s = new RunJob(f, spec).run(List.of("a", "b").iterator(), Set.of(), outputs);
 * }
 * }</pre>
 *
 * <p>{@link #run} is called once, on one thread; {@link #cancel} may be called from any thread (the
 * Ctrl-C hook) and waits a bounded time for the run to settle.
 */
public final class RunJob {
  /**
   * What to run and how.
   *
   * @param template the command
   * @param timeoutMillis per attempt, 0 for none
   * @param graceMillis between SIGTERM and SIGKILL
   * @param retries attempts after the first for a job that fails
   * @param keepOrder print in input order
   * @param failFast stop at the first failed job: start no more, kill the running ones
   */
  public record Spec(
      Template template,
      long timeoutMillis,
      long graceMillis,
      int retries,
      boolean keepOrder,
      boolean failFast) {

    /** Job {@code seq} for {@code input}. */
    public Job job(long seq, String input) {
      return new Job(
          seq, input, template.argv(input, seq), timeoutMillis, graceMillis, retries + 1);
    }
  }

  /**
   * A finished job as the caller sees it.
   *
   * @param job the job
   * @param result what it did (for a job that never got a result, one made here)
   * @param worker the worker that ran it, or null
   * @param startNanos when it started, on the run's clock (0 when unknown)
   * @param endNanos when it ended, on the run's clock
   * @param cpuNanos CPU time of the waiting thread, -1 when unknown
   */
  public record Done(
      Job job, JobResult result, String worker, long startNanos, long endNanos, long cpuNanos) {}

  /**
   * Where a run's results go.
   *
   * @param out job stdout, as bytes
   * @param err job stderr as bytes, and fanout's own lines
   * @param joblog the joblog, or null
   * @param each receives every finished job, in completion order
   * @param bar the progress bar, whose line is cleared before each block, or null
   */
  public record Outputs(
      OutputStream out, PrintStream err, JobLog joblog, Consumer<Done> each, RunProgress bar) {}

  private final Fanout fanout;
  private final Spec spec;
  private final Map<Long, Event.Finished> finished = new ConcurrentHashMap<>();
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile boolean cancelled;
  private volatile boolean stopLaunching;

  /**
   * @param fanout built with {@link #listener()} among its listeners, so times and workers are
   *     known
   */
  public RunJob(Fanout fanout, Spec spec) {
    this.fanout = fanout;
    this.spec = spec;
    if (fanout.options().model() == Model.ASYNC) {
      AsyncRunTask.warmUp(); // loading the epoll library must not hold the engine's loop
    }
  }

  /** The listener the fanout must carry: it keeps each job's finish event until printed. */
  public dev.fanout.Listener listener() {
    return e -> {
      if (e instanceof Event.Finished f) {
        finished.put(f.index(), f);
      }
    };
  }

  /** Runs every input whose number (from 1) is not in {@code skip}. */
  public RunSummary run(Iterator<String> inputs, Set<Long> skip, Outputs outputs) {
    return run(inputs, 0, skip, outputs);
  }

  /**
   * {@link #run(Iterator, Set, Outputs)} for inputs that follow {@code before} others (numbered
   * from {@code before + 1}): auto runs its sample and then the rest.
   */
  public RunSummary run(Iterator<String> inputs, long before, Set<Long> skip, Outputs outputs) {
    long start = System.nanoTime();
    ArrayDeque<Long> order = new ArrayDeque<>();
    Map<Long, Done> waiting = new HashMap<>();
    long[] skipped = {0};
    long ok = 0;
    long failed = 0;
    String stoppedBy = null;
    Iterator<Job> jobs =
        new Iterator<>() {
          private long seq = before;
          private Job next;

          @Override
          public boolean hasNext() {
            while (next == null && !stopLaunching && !cancelled && inputs.hasNext()) {
              String input = inputs.next();
              seq++;
              if (skip.contains(seq)) {
                skipped[0]++;
                continue;
              }
              next = spec.job(seq, input);
              synchronized (order) {
                order.add(seq);
              }
            }
            return next != null && !stopLaunching && !cancelled;
          }

          @Override
          public Job next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Job j = next;
            next = null;
            return j;
          }
        };
    Stream<Job> input =
        StreamSupport.stream(Spliterators.spliteratorUnknownSize(jobs, Spliterator.ORDERED), false);
    boolean async = fanout.options().model() == Model.ASYNC;
    try (Stream<Outcome<Job, JobResult>> outcomes =
        async
            ? fanout.streamAsync(new AsyncRunTask(), input)
            : fanout.stream(new RunTask(), input)) {
      Iterator<Outcome<Job, JobResult>> it = outcomes.iterator();
      while (it.hasNext()) {
        Outcome<Job, JobResult> o = it.next();
        if (cancelled && isCancellation(o)) {
          synchronized (order) {
            order.remove(o.input().seq());
          }
          continue; // stopped by Ctrl-C: not logged, so --resume runs it again
        }
        Done d = done(o);
        if (d.result().ok()) {
          ok++;
        } else {
          failed++;
        }
        if (outputs.joblog() != null) {
          outputs.joblog().write(d.job().seq(), d.result(), d.job().commandLine());
        }
        outputs.each().accept(d);
        if (spec.keepOrder()) {
          waiting.put(d.job().seq(), d);
          printReady(order, waiting, outputs);
        } else {
          synchronized (order) {
            order.remove(d.job().seq());
          }
          print(d, outputs);
        }
        if (!d.result().ok() && spec.failFast() && stoppedBy == null) {
          stoppedBy = "job " + d.job().seq() + " (" + describe(d.job().input()) + ") failed";
          stopLaunching = true;
          break; // closing the stream cancels the running jobs: their process groups are killed
        }
      }
    } finally {
      if (spec.keepOrder()) {
        printReady(order, waiting, outputs); // what is left after a stop, in order
        for (Done d : waiting.values()) {
          print(d, outputs);
        }
      }
      flush(outputs);
      settled.countDown();
    }
    boolean interrupted = cancelled || Thread.currentThread().isInterrupted();
    return new RunSummary(
        ok,
        failed,
        skipped[0],
        System.nanoTime() - start,
        fanout.options().model(),
        interrupted,
        stoppedBy);
  }

  private Done done(Outcome<Job, JobResult> o) {
    Event.Finished f = finished.remove(o.index());
    JobResult r;
    if (o instanceof Outcome.Success<Job, JobResult> s) {
      r = s.result();
    } else {
      Outcome.Failure<Job, JobResult> x = (Outcome.Failure<Job, JobResult>) o;
      r =
          new JobResult(
              -1,
              0,
              new byte[0],
              new byte[0],
              System.currentTimeMillis(),
              f == null ? 0 : f.wallNanos(),
              x.attempts(),
              false,
              ":",
              0,
              x.error() instanceof CancellationException
                  ? "cancelled (--fail-fast stopped the run)"
                  : x.message());
    }
    return new Done(
        o.input(),
        r,
        f == null ? null : f.worker(),
        f == null ? 0 : f.startNanos(),
        f == null ? 0 : f.endNanos(),
        f == null ? -1 : f.cpuNanos());
  }

  private void printReady(ArrayDeque<Long> order, Map<Long, Done> waiting, Outputs outputs) {
    while (true) {
      Long head;
      synchronized (order) {
        head = order.peekFirst();
        if (head == null || !waiting.containsKey(head)) {
          return;
        }
        order.pollFirst();
      }
      print(waiting.remove(head), outputs);
    }
  }

  /**
   * One job's output as one block: its stdout, then its stderr, then why it failed; under the bar,
   * with the bar cleared and held off until the block is written.
   */
  private void print(Done d, Outputs outputs) {
    if (outputs.bar() == null) {
      write(d, outputs);
      return;
    }
    if (!d.result().ok()) {
      outputs.bar().failed();
    }
    outputs.bar().cleared(() -> write(d, outputs));
  }

  private void write(Done d, Outputs outputs) {
    JobResult r = d.result();
    try {
      if (r.stdout().length > 0) {
        outputs.out().write(r.stdout());
        outputs.out().flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to stdout: " + e.getMessage(), e);
    }
    PrintStream err = outputs.err();
    synchronized (err) {
      if (r.stderr().length > 0) {
        err.write(r.stderr(), 0, r.stderr().length);
      }
      if (!r.ok() && !(stopLaunching && r.error() != null && r.error().startsWith("cancelled"))) {
        err.println(
            "fanout run: job "
                + d.job().seq()
                + " ("
                + describe(d.job().input())
                + "): "
                + r.reason()
                + (r.attempts() > 1 ? " (after " + r.attempts() + " attempts)" : ""));
      }
      err.flush();
    }
  }

  private static void flush(Outputs outputs) {
    try {
      outputs.out().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to stdout: " + e.getMessage(), e);
    }
    outputs.err().flush();
  }

  /** An input as an error line shows it: quoted, and a 100 KB line shortened. */
  static String describe(String input) {
    String s =
        input.length() <= 80
            ? input
            : input.substring(0, 60) + "... (" + input.length() + " chars)";
    StringBuilder b = new StringBuilder("input '");
    s.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\x%02x", c)); // no terminal escapes from inputs
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.append('\'').toString();
  }

  private static boolean isCancellation(Outcome<?, ?> o) {
    return o instanceof Outcome.Failure<?, ?> f
        && (f.error() instanceof CancellationException
            || f.error() instanceof InterruptedException);
  }

  /**
   * Cancels the run as the JVM ends (Ctrl-C): stops launching, stops every child of this JVM (their
   * process groups; none starts after this) and cancels what is in flight, then waits up to {@code
   * waitMillis} for {@link #run} to write its last lines. Thread-safe.
   */
  public void cancel(long waitMillis) {
    cancelled = true;
    Thread closer = Thread.ofPlatform().daemon().name("fanout-cancel").start(fanout::close);
    Children.shutdown(Math.min(500, waitMillis / 3)); // and none starts after this
    try {
      settled.await(waitMillis, TimeUnit.MILLISECONDS);
      closer.join(Math.max(1, waitMillis / 4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once {@link #cancel} was called. */
  public boolean cancelled() {
    return cancelled;
  }
}
