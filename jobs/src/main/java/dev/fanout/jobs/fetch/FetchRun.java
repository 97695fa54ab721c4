package dev.fanout.jobs.fetch;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.http.HttpException;
import dev.fanout.jobs.http.NettyHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One {@code fetch} run: streams the URL list through the model, and turns each outcome into the
 * journal line, the JSON line, the verbose line or the error line, in completion order. Memory
 * stays constant in the list's length (only the in-flight URLs are remembered).
 *
 * <p>{@link #run} is called once, on one thread; {@link #cancel} may be called from any thread (the
 * Ctrl-C hook) and waits a bounded time for the run to settle.
 */
public final class FetchRun {
  /**
   * Where a run's results go.
   *
   * @param out stdout: the verbose lines
   * @param err stderr: one line per failure
   * @param json JSON lines, or null
   * @param journal the journal of {@code --out}, or null
   * @param verbose print the seed's {@code Read <bytes> from <url>} per URL
   */
  public record Outputs(
      PrintStream out, PrintStream err, JsonLines json, Journal journal, boolean verbose) {}

  private final Fanout fanout;
  private final Model model;
  private final FetchSettings settings;
  private final Map<Long, Long> lineOf = new ConcurrentHashMap<>();
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile boolean cancelled;
  private boolean journalReported;

  /**
   * Builds the fanout: {@code builder} as the user configured it (model, sizes, resource, retry,
   * per-host limit), plus this run's own event listener.
   */
  public FetchRun(Fanout.Builder builder, FetchSettings settings) {
    // the first request would otherwise hold the one loop while the JVM loads the HTTP codec
    Thread warmUp =
        FetchJob.usesAsync(builder.options().model())
            ? Thread.ofPlatform().daemon().start(NettyHttpClient::warmUp)
            : null;
    this.fanout = builder.build();
    this.model = fanout.options().model();
    if (warmUp != null) {
      try {
        warmUp.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    this.settings = settings;
  }

  /** Fetches every line not in {@code skip}; returns the summary once all have an outcome. */
  public Summary run(Iterator<UrlSource.Line> lines, Set<String> skip, Outputs outputs)
      throws IOException {
    long start = System.nanoTime();
    long ok = 0;
    long failed = 0;
    long bytes = 0;
    long[] skipped = {0};
    Iterator<String> urls =
        new Iterator<>() {
          private long index;
          private String next;

          @Override
          public boolean hasNext() {
            while (next == null && lines.hasNext()) {
              UrlSource.Line l = lines.next();
              if (skip.contains(l.url())) {
                skipped[0]++;
                continue;
              }
              lineOf.put(index++, l.number()); // the dispatcher numbers inputs in pull order
              next = l.url();
            }
            return next != null;
          }

          @Override
          public String next() {
            hasNext();
            String u = next;
            next = null;
            return u;
          }
        };
    Stream<String> input =
        StreamSupport.stream(Spliterators.spliteratorUnknownSize(urls, Spliterator.ORDERED), false);
    try (Stream<Outcome<String, FetchResult>> outcomes = FetchJob.stream(fanout, settings, input)) {
      Iterator<Outcome<String, FetchResult>> it = outcomes.iterator();
      while (it.hasNext()) {
        Outcome<String, FetchResult> o = it.next();
        long line = lineOf.getOrDefault(o.index(), -1L);
        lineOf.remove(o.index());
        if (o instanceof Outcome.Success<String, FetchResult> s) {
          ok++;
          bytes += s.result().bytes();
          if (outputs.journal() != null) {
            journal(outputs, s);
          }
          if (outputs.verbose()) {
            outputs.out().println("Read " + s.result().bytes() + " from " + s.input());
          }
        } else {
          failed++;
          if (!(cancelled && isCancellation(o))) {
            outputs.err().println("fetch: line " + line + ": " + message(o));
          }
        }
        if (outputs.json() != null) {
          outputs.json().write(entry(o, line));
        }
      }
    } finally {
      if (outputs.journal() != null) {
        outputs.journal().flush();
        reportJournal(outputs);
      }
      if (outputs.json() != null) {
        outputs.json().flush();
      }
      settled.countDown();
    }
    boolean interrupted = cancelled || Thread.currentThread().isInterrupted();
    return new Summary(
        ok, failed, skipped[0], bytes, System.nanoTime() - start, model, interrupted);
  }

  private void journal(Outputs outputs, Outcome.Success<String, FetchResult> s) {
    outputs.journal().done(s.input(), s.result().file());
    reportJournal(outputs);
  }

  /** Says once, if the journal stopped recording (a full disk), why and what it means. */
  private void reportJournal(Outputs outputs) {
    Journal j = outputs.journal();
    if (j.error() != null && !journalReported) {
      journalReported = true;
      outputs
          .err()
          .println(
              "fetch: cannot write the journal "
                  + j.file()
                  + ": "
                  + j.error().getMessage()
                  + "; downloads go on, but --resume will fetch the ones not recorded again");
    }
  }

  private static boolean isCancellation(Outcome<?, ?> o) {
    return o instanceof Outcome.Failure<?, ?> f
        && (f.error() instanceof CancellationException
            || f.error() instanceof java.io.InterruptedIOException);
  }

  private static String message(Outcome<String, FetchResult> o) {
    Outcome.Failure<String, FetchResult> f = (Outcome.Failure<String, FetchResult>) o;
    String m = f.message();
    if (!m.contains(f.input())) {
      m = shortened(f.input()) + ": " + m; // every error names its URL
    }
    return f.attempts() > 1 ? m + " (after " + f.attempts() + " attempts)" : m;
  }

  /** A URL as an error line shows it: a 10 MB line must not become a 10 MB message. */
  private static String shortened(String url) {
    return url.length() <= 200 ? url : url.substring(0, 100) + "... (" + url.length() + " chars)";
  }

  private static JsonLines.Entry entry(Outcome<String, FetchResult> o, long line) {
    long ms = TimeUnit.NANOSECONDS.toMillis(o.stats().wallNanos());
    String worker = o.stats().worker().equals("-") ? null : o.stats().worker();
    if (o instanceof Outcome.Success<String, FetchResult> s) {
      FetchResult r = s.result();
      return new JsonLines.Entry(
          s.input(), line, r.status(), r.bytes(), ms, s.attempts(), worker, r.file(), null);
    }
    Outcome.Failure<String, FetchResult> x = (Outcome.Failure<String, FetchResult>) o;
    Integer status = x.error() instanceof HttpException h && h.status() > 0 ? h.status() : null;
    long bytes = o.stats().bytes();
    return new JsonLines.Entry(
        x.input(), line, status, bytes, ms, x.attempts(), worker, null, x.message());
  }

  /**
   * Cancels the run (Ctrl-C): stops launching, cancels what is in flight, and waits up to {@code
   * waitMillis} for {@link #run} to write its last lines. Thread-safe.
   */
  public void cancel(long waitMillis) {
    cancelled = true;
    Thread closer = Thread.ofPlatform().daemon().name("fanout-cancel").start(fanout::close);
    try {
      settled.await(waitMillis, TimeUnit.MILLISECONDS);
      closer.join(Math.max(1, waitMillis / 4));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the fanout and its workers. Idempotent. */
  public void close() {
    fanout.close();
  }
}
