package dev.fanout.internal;

import dev.fanout.AsyncTask;
import dev.fanout.Fanout;
import dev.fanout.Options;
import dev.fanout.Outcome;
import dev.fanout.Task;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.Work;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The one {@link Fanout}: batches become dispatchers over a shared engine. */
final class DefaultFanout implements Fanout {
  private final Options options;
  private final Events events;
  private final Engine engine;
  private final RateLimits rates;
  private final Set<Dispatcher<?, ?>> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong submits = new AtomicLong();
  private volatile boolean closed;

  DefaultFanout(Options options, Events events, Engine engine) {
    this.options = options;
    this.events = events;
    this.engine = engine;
    this.rates = options.ratePerSecond() > 0 ? new RateLimits(options.ratePerSecond()) : null;
  }

  @Override
  public Options options() {
    return options;
  }

  @Override
  public <I, R> List<Outcome<I, R>> map(Task<I, R> task, Iterable<? extends I> inputs) {
    return collect(Work.of(task), inputs);
  }

  @Override
  public <I, R> List<Outcome<I, R>> mapAsync(AsyncTask<I, R> task, Iterable<? extends I> inputs) {
    return collect(Work.ofAsync(task), inputs);
  }

  @Override
  public <I, R> CompletableFuture<Outcome<I, R>> submit(Task<I, R> task, I input) {
    return submitOne(Work.of(task), input);
  }

  @Override
  public <I, R> CompletableFuture<Outcome<I, R>> submitAsync(AsyncTask<I, R> task, I input) {
    return submitOne(Work.ofAsync(task), input);
  }

  /**
   * A batch of one, driven by a virtual thread of its own (a dispatcher runs on the thread that
   * pulls its outcomes); cancelling the future cancels the batch.
   */
  private <I, R> CompletableFuture<Outcome<I, R>> submitOne(Work work, I input) {
    Dispatcher<I, R> d = dispatcher(work, List.of(input).iterator());
    CompletableFuture<Outcome<I, R>> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean running = !isDone();
            d.cancel(); // the future then completes with the cancelled outcome
            return running;
          }
        };
    Thread.ofVirtual()
        .name("fanout-submit-" + submits.incrementAndGet())
        .start(
            () -> {
              try {
                Outcome<I, R> o = d.hasNext() ? d.next() : null;
                future.complete(
                    o != null
                        ? o
                        : new Outcome.Failure<>(
                            0, input, new CancellationException("cancelled before it started"), 1));
              } catch (RuntimeException | Error e) { // a broken engine: say so, never hang
                future.completeExceptionally(e);
              } finally {
                d.close();
              }
            });
    return future;
  }

  @Override
  public <I, R> Stream<Outcome<I, R>> stream(Task<I, R> task, Stream<? extends I> inputs) {
    return streamOf(Work.of(task), inputs);
  }

  @Override
  public <I, R> Stream<Outcome<I, R>> streamAsync(
      AsyncTask<I, R> task, Stream<? extends I> inputs) {
    return streamOf(Work.ofAsync(task), inputs);
  }

  private <I, R> List<Outcome<I, R>> collect(Work work, Iterable<? extends I> inputs) {
    List<I> all = new ArrayList<>();
    inputs.forEach(all::add);
    Dispatcher<I, R> d = dispatcher(work, all.iterator());
    Object[] byIndex = new Object[all.size()];
    try {
      while (d.hasNext()) {
        Outcome<I, R> o = d.next();
        byIndex[(int) o.index()] = o;
      }
    } finally {
      d.close();
    }
    List<Outcome<I, R>> out = new ArrayList<>(all.size());
    String reason = d.cancelReason();
    for (int i = 0; i < byIndex.length; i++) {
      @SuppressWarnings("unchecked")
      Outcome<I, R> o = (Outcome<I, R>) byIndex[i];
      out.add(
          o != null
              ? o
              : new Outcome.Failure<>(
                  i,
                  all.get(i),
                  new CancellationException(
                      "cancelled before it started" + (reason == null ? "" : " (" + reason + ")")),
                  1));
    }
    return out;
  }

  private <I, R> Stream<Outcome<I, R>> streamOf(Work work, Stream<? extends I> inputs) {
    Dispatcher<I, R> d = dispatcher(work, inputs.iterator());
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(d, Spliterator.NONNULL), false)
        .onClose(
            () -> {
              try {
                d.close();
              } finally {
                inputs.close();
              }
            });
  }

  private <I, R> Dispatcher<I, R> dispatcher(Work work, Iterator<? extends I> inputs) {
    if (closed) {
      throw new IllegalStateException("this fanout is closed; build a new one");
    }
    engine.check(work);
    Dispatcher<I, R>[] self = new Dispatcher[1];
    Dispatcher<I, R> d =
        new Dispatcher<>(
            engine, options, events, work, inputs, rates, () -> running.remove(self[0]));
    self[0] = d;
    running.add(d);
    if (closed) { // closed while we registered: do not start
      d.cancel();
    }
    return d;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Dispatcher<?, ?> d : running) {
      d.cancel();
    }
    // the batches' own threads drain them; wait a bounded time for them before closing workers
    long deadline = System.nanoTime() + Dispatcher.CANCEL_GRACE.toNanos() + 500_000_000L;
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Dispatcher<?, ?> d : running) {
      d.cancel(); // not done (nobody drives it): interrupt what it still runs once more
    }
    engine.close();
  }
}
