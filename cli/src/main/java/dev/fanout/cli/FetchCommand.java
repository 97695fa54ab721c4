package dev.fanout.cli;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchRun;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.fetch.Journal;
import dev.fanout.jobs.fetch.JsonLines;
import dev.fanout.jobs.fetch.Progress;
import dev.fanout.jobs.fetch.Summary;
import dev.fanout.jobs.fetch.UrlSource;
import dev.fanout.jobs.http.HttpLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout fetch}: download a list of URLs under any model. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Download every URL of a list (one per line; blank lines and # comments skipped)."
          + " Bodies are read and counted, or stored under --out with safe names.",
      "A summary goes to stderr; each failure is listed there with its line, and the exit code"
          + " is then 1. On virtual and async, --concurrency defaults to 100.",
      ""
    })
public final class FetchCommand implements Callable<Integer> {
  /** Descriptors kept for the JVM, the journal, the JSON file and the event loops' selectors. */
  private static final int RESERVED_FDS = 64;

  /** How long Ctrl-C waits for the run to write its journal before the process ends. */
  private static final long CANCEL_WAIT_MS = 1500;

  @Parameters(
      index = "0",
      paramLabel = "URLFILE",
      description = "The URL list; - reads standard input.")
  String urlFile;

  /** Far more than any server's patience; {@code --retries} beyond it is a mistake. */
  static final int MAX_RETRIES = 100;

  @Mixin ModelOptions run;

  @Option(
      names = "--per-host",
      paramLabel = "K",
      defaultValue = "0",
      description = "Requests in flight per host at most (default: unlimited).")
  int perHost;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Retries of timeouts, connection errors, 408, 429 and 5xx, with exponential backoff"
              + " and jitter, honouring Retry-After (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--connect-timeout",
      paramLabel = "TIME",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Bound on connecting, e.g. 500ms, 10s (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Bound on each whole request, redirects included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--max-redirects",
      paramLabel = "N",
      defaultValue = "10",
      description = "Redirects followed at most (default: ${DEFAULT-VALUE}).")
  int maxRedirects;

  @Option(
      names = "--max-size",
      paramLabel = "BYTES",
      converter = SizeConverter.class,
      description = "Largest body accepted, e.g. 500k, 10M, 1G (default: no cap).")
  Long maxSize;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "DIR",
      description = "Store bodies in DIR, under safe names derived from the URLs.")
  Path out;

  @Option(names = "--resume", description = "Skip the URLs the journal in --out DIR marks as done.")
  boolean resume;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print 'Read <bytes> from <url>' on stdout for every URL fetched.")
  boolean verbose;

  @Option(
      names = "--progress",
      description = "Show the progress bar even when stderr is not a terminal.")
  boolean progress;

  @Override
  public Integer call() throws IOException {
    check();
    Model model = run.model;
    Fanout.Builder builder = run.builder();
    if (run.concurrency == null && (model == Model.ASYNC || model == Model.VIRTUAL)) {
      builder.concurrency(100);
    }
    capToOpenFiles(builder);
    FetchJob.configure(builder, model, retries, perHost);
    FetchSettings settings =
        new FetchSettings(
            new HttpLimits(
                connectTimeout, timeout, maxRedirects, maxSize == null ? Long.MAX_VALUE : maxSize),
            out);
    Set<String> done = Set.of();
    Journal journal = null;
    if (out != null) {
      done = resume ? Journal.done(out) : Set.of();
      journal = Journal.open(out);
    }
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    JsonLines json = openJson(stdout);
    Progress bar = null;
    if (!run.quiet && (progress || Progress.onTerminal())) {
      bar = new Progress(stderr, urlFile.equals("-") ? -1 : countLines());
      builder.listener(bar);
    }
    FetchRun fetch = new FetchRun(builder, settings);
    Thread hook = new Thread(() -> fetch.cancel(CANCEL_WAIT_MS), "fanout-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    Summary summary;
    try (UrlSource source = new UrlSource(reader())) {
      summary =
          fetch.run(source, done, new FetchRun.Outputs(stdout, stderr, json, journal, verbose));
    } finally {
      if (bar != null) {
        bar.close();
      }
      if (json != null) {
        json.close();
      }
      if (journal != null) {
        journal.close();
      }
      fetch.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and ends the process with 130
      }
    }
    if (!run.quiet) {
      stderr.println(summary.line());
    }
    stdout.flush();
    return summary.interrupted() ? ExitCode.INTERRUPTED : ExitCode.of(summary.failed());
  }

  private void check() {
    if (perHost < 0) {
      throw new UsageException("--per-host must be >= 0, got " + perHost);
    }
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new UsageException(
          "--retries must be between 0 and " + MAX_RETRIES + ", got " + retries);
    }
    if (maxRedirects < 0) {
      throw new UsageException("--max-redirects must be >= 0, got " + maxRedirects);
    }
    if (resume && out == null) {
      throw new UsageException("--resume needs --out DIR: the journal of done URLs lives there");
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is a file, not a directory");
    }
    if (!urlFile.equals("-") && Files.isDirectory(Path.of(urlFile))) {
      throw new UsageException(
          "the URL list '" + urlFile + "' is a directory: give a file with one URL per line");
    }
    if (!urlFile.equals("-") && !Files.isReadable(Path.of(urlFile))) {
      throw new UsageException(
          "cannot read the URL list '" + urlFile + "': no such readable file (use - for stdin)");
    }
  }

  /**
   * Each request in flight holds a socket, and a file under --out: more at once than the open-files
   * limit allows would fail most of them with "too many open files". Lowers the concurrency to what
   * fits, with a warning. Workers on processes and cluster have open-files limits of their own.
   */
  private void capToOpenFiles(Fanout.Builder builder) {
    Model model = builder.options().model();
    if (model.crossesProcesses()
        || !(ManagementFactory.getOperatingSystemMXBean()
            instanceof UnixOperatingSystemMXBean os)) {
      return;
    }
    long max = os.getMaxFileDescriptorCount();
    long free = max - os.getOpenFileDescriptorCount() - RESERVED_FDS;
    int fit = (int) Math.max(1, Math.min(Integer.MAX_VALUE, free / (out == null ? 1 : 2)));
    int concurrency = builder.options().concurrency();
    if (concurrency <= fit) {
      return;
    }
    builder.concurrency(fit);
    if (model == Model.THREADS && builder.options().workers() > fit) {
      builder.workers(fit);
    }
    System.err.println(
        "fanout: warning: concurrency lowered from "
            + concurrency
            + " to "
            + fit
            + ": the open-files limit is "
            + max
            + " (raise it with ulimit -n to run more at once)");
  }

  private BufferedReader reader() throws IOException {
    if (urlFile.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, lenientUtf8()));
    }
    try {
      return new BufferedReader(
          new InputStreamReader(Files.newInputStream(Path.of(urlFile)), lenientUtf8()));
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read the URL list '" + urlFile + "': no such file", e);
    }
  }

  /**
   * UTF-8 that turns bytes which are not UTF-8 into U+FFFD instead of ending the run: that line's
   * URL then fails on its own, naming its line, and the rest of the list goes on.
   */
  private static CharsetDecoder lenientUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  private long countLines() throws IOException {
    return UrlSource.count(
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(Path.of(urlFile)), lenientUtf8())));
  }

  private JsonLines openJson(PrintStream stdout) throws IOException {
    if (run.json == null) {
      return null;
    }
    if (run.json.toString().equals("-")) {
      return new JsonLines(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
    }
    return new JsonLines(Files.newBufferedWriter(run.json, StandardCharsets.UTF_8), true);
  }

  /** Parses {@code 1234}, {@code 500k}, {@code 10M}, {@code 1G} (powers of 1024). */
  public static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
      long unit = 1;
      if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
        unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
        v = v.substring(0, v.length() - 1);
      }
      try {
        long n = Long.parseLong(v);
        if (n < 0) {
          throw new NumberFormatException();
        }
        return Math.multiplyExact(n, unit);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a size: use e.g. 1048576, 500k, 10M, 1G");
      }
    }
  }
}
