package dev.fanout.jobs.fetch;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.http.HttpException;
import dev.fanout.jobs.http.NettyHttpClient;
import dev.fanout.jobs.http.Urls;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One {@code fetch} run: streams the URL list through the model, and turns each outcome into the
 * stored file, the journal line, the JSON line, the verbose line or the error line, in completion
 * order. Memory stays constant in the list's length without {@code --out} (only the in-flight URLs
 * are remembered); with it, the folder remembers every name it gave.
 *
 * <p>{@link #run} is called once, on one thread; {@link #cancel} and {@link #summary} may be called
 * from any thread (the Ctrl-C hook).
 */
public final class FetchRun {
  /**
   * Where a run's results go.
   *
   * @param out stdout: the verbose lines
   * @param err stderr: one line per failure
   * @param json JSON lines, or null
   * @param folder the output folder ({@code --out}), or null to count bodies only
   * @param verbose print the seed's {@code Read <bytes> from <url>} per URL
   */
  public record Outputs(
      PrintStream out, PrintStream err, JsonLines json, Folder folder, boolean verbose) {}

  /**
   * What is asked of the URLs beyond fetching them.
   *
   * @param resume skip the URLs the folder's journal marks done
   * @param keepPartial continue partial files left by an earlier run ({@code -C}); else start over
   * @param checksums expected digests by URL, or an empty one
   */
  public record Plan(boolean resume, boolean keepPartial, Checksums checksums) {
    public static Plan plain() {
      return new Plan(false, false, Checksums.none());
    }
  }

  /** Writing a result failed (a full disk, a closed pipe): the run stopped. */
  public static final class OutputException extends IOException {
    OutputException(String message) {
      super(message);
    }
  }

  private final Fanout fanout;
  private final Model model;
  private final FetchSettings settings;
  private final Map<Long, UrlSource.Line> lineOf = new ConcurrentHashMap<>();
  private final CountDownLatch settled = new CountDownLatch(1);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cancelledCount = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong pulled = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final long start = System.nanoTime();
  private volatile boolean cancelled;
  private volatile boolean stored;
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

  /**
   * Fetches every line (but those {@code plan} skips); returns the summary once all have an
   * outcome.
   *
   * @throws OutputException if stdout or the JSON lines could not be written: the run was stopped
   */
  public Summary run(Iterator<UrlSource.Line> lines, Plan plan, Outputs outputs)
      throws IOException {
    Folder folder = outputs.folder();
    Map<String, Long> firstLine = folder == null ? null : new ConcurrentHashMap<>();
    Iterator<String> urls =
        new Iterator<>() {
          private long index;
          private String next;

          @Override
          public boolean hasNext() {
            while (next == null && !cancelled && lines.hasNext()) {
              UrlSource.Line l = lines.next();
              if (folder != null) {
                if (plan.resume() && folder.done().contains(Urls.redact(l.url()))) {
                  skipped.incrementAndGet();
                  continue;
                }
                Long earlier = firstLine.putIfAbsent(l.url(), l.number());
                if (earlier != null) { // one file per URL: the first line fetches it
                  skipped.incrementAndGet();
                  continue;
                }
                folder.nameFor(l.url());
                if (!plan.keepPartial()) {
                  try {
                    PartFile.discard(folder.dir(), l.url());
                  } catch (IOException e) {
                    // the task starts the partial file over anyway
                  }
                }
              }
              lineOf.put(index++, l); // the dispatcher numbers inputs in pull order
              pulled.incrementAndGet();
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
        UrlSource.Line l = lineOf.remove(o.index());
        String where = l == null ? "" : l.where();
        if (o instanceof Outcome.Success<String, FetchResult> s) {
          o = finish(s, folder, plan.checksums());
        }
        if (o instanceof Outcome.Success<String, FetchResult> s) {
          ok.incrementAndGet();
          bytes.addAndGet(s.result().bytes());
          if (outputs.verbose()) {
            outputs
                .out()
                .println(
                    "Read " + s.result().bytes() + " from " + Text.escape(Urls.redact(s.input())));
          }
        } else if (cancelled && isCancellation(o)) {
          cancelledCount.incrementAndGet();
        } else {
          failed.incrementAndGet();
          outputs.err().println("fetch: " + where + ": " + Text.escape(message(o)));
        }
        if (folder != null) {
          reportJournal(outputs);
        }
        if (outputs.json() != null) {
          try {
            outputs.json().write(entry(o, l == null ? -1 : l.number()));
            outputs.json().flush(); // a reader of the lines sees each URL as it ends
          } catch (IOException e) {
            throw new OutputException("cannot write the JSON lines: " + e.getMessage());
          }
        }
        check(outputs.out(), "stdout"); // a closed pipe stops the run, as head -1 expects
      }
    } finally {
      if (folder != null) {
        folder.journal().flush();
        reportJournal(outputs);
      }
      settled.countDown();
    }
    if (outputs.json() != null) {
      try {
        outputs.json().flush();
      } catch (IOException e) {
        throw new OutputException("cannot write the JSON lines: " + e.getMessage());
      }
    }
    check(outputs.out(), "stdout");
    stored = true;
    return summary();
  }

  /** Throws when {@code out} failed a write: a full disk or a reader that went away. */
  private static void check(PrintStream out, String what) throws OutputException {
    if (out.checkError()) {
      throw new OutputException(
          "cannot write to " + what + " (a full disk or a closed pipe); stopped the run");
    }
  }

  /**
   * A body is whole in its partial file: checks its digest, then moves it to its name. A wrong
   * digest or a failed move fails the URL, and the body is not kept.
   */
  private Outcome<String, FetchResult> finish(
      Outcome.Success<String, FetchResult> s, Folder folder, Checksums checksums) {
    if (folder == null) {
      return s;
    }
    String url = s.input();
    try {
      String mismatch = checksums.mismatch(url, s.result().digests());
      if (mismatch != null) {
        PartFile.discard(folder.dir(), url);
        return new Outcome.Failure<>(
            s.index(),
            url,
            new ChecksumException(Urls.redact(url) + ": " + mismatch),
            s.attempts(),
            s.stats());
      }
      String name = folder.nameFor(url);
      folder.store(url, name);
      return new Outcome.Success<>(
          s.index(), url, s.result().storedAs(name), s.attempts(), s.stats());
    } catch (IOException | RuntimeException e) {
      return new Outcome.Failure<>(
          s.index(),
          url,
          new IOException(
              "cannot store the body of " + Urls.redact(url) + " under " + folder.dir() + ": " + e,
              e),
          s.attempts(),
          s.stats());
    }
  }

  /** A body whose digest is not the one {@code --checksums} gave. */
  public static final class ChecksumException extends IOException {
    ChecksumException(String message) {
      super(message);
    }
  }

  /** Says once, if the journal stopped recording (a full disk), why and what it means. */
  private void reportJournal(Outputs outputs) {
    Journal j = outputs.folder().journal();
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

  /**
   * What the run did so far: after {@link #run} returned, its summary; while it runs or after a
   * cancel, URLs started but without an outcome count as cancelled.
   */
  public Summary summary() {
    long o = ok.get();
    long f = failed.get();
    long c = cancelledCount.get();
    if (!stored) {
      c = Math.max(c, pulled.get() - o - f);
    }
    return new Summary(
        o,
        f,
        c,
        skipped.get(),
        bytes.get(),
        System.nanoTime() - start,
        model,
        cancelled || Thread.currentThread().isInterrupted());
  }

  private static boolean isCancellation(Outcome<?, ?> o) {
    return o instanceof Outcome.Failure<?, ?> f
        && (f.error() instanceof CancellationException
            || f.error() instanceof java.io.InterruptedIOException
            || f.error() instanceof InterruptedException);
  }

  private static String message(Outcome<String, FetchResult> o) {
    Outcome.Failure<String, FetchResult> f = (Outcome.Failure<String, FetchResult>) o;
    String m = f.message();
    String shown = Urls.redact(f.input());
    if (!m.contains(shown)) {
      m = shortened(shown) + ": " + m; // every error names its URL
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
          Urls.redact(s.input()),
          line,
          r.status(),
          r.protocol(),
          r.bytes(),
          ms,
          s.attempts(),
          worker,
          r.file(),
          null);
    }
    Outcome.Failure<String, FetchResult> x = (Outcome.Failure<String, FetchResult>) o;
    Integer status = x.error() instanceof HttpException h && h.status() > 0 ? h.status() : null;
    long bytes = o.stats().bytes();
    return new JsonLines.Entry(
        Urls.redact(x.input()),
        line,
        status,
        null,
        bytes,
        ms,
        x.attempts(),
        worker,
        null,
        Urls.redact(x.message()));
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
