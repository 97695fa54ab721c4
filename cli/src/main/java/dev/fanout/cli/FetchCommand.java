package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.fetch.Bandwidth;
import dev.fanout.jobs.fetch.Checksums;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchRun;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.fetch.Folder;
import dev.fanout.jobs.fetch.Journal;
import dev.fanout.jobs.fetch.JsonLines;
import dev.fanout.jobs.fetch.Progress;
import dev.fanout.jobs.fetch.Summary;
import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.NettyHttpClient;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout fetch}: download a list of URLs under any model. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Download URLs given as arguments or in lists (one per line; blank lines and # comments"
          + " skipped). Bodies are read and counted, or stored under --out with the names curl -O"
          + " gives, made unique in the folder.",
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
      paramLabel = "URL|LIST",
      arity = "0..*",
      description =
          "URLs (an argument with :// is a URL) and URL lists (files, one URL per line; - reads"
              + " standard input).")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = {"-i", "--input-file"},
      paramLabel = "LIST",
      description = "A URL list, one URL per line; - reads standard input. Repeatable.")
  List<String> inputFiles = new ArrayList<>();

  /** Far more than any server's patience; {@code --retries} beyond it is a mistake. */
  static final int MAX_RETRIES = 100;

  @Mixin ModelOptions run;

  @Mixin HttpOptions http;

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
      names = "--tree",
      description = "With --out: store under host/path folders, as wget -x (default: flat).")
  boolean tree;

  @Option(
      names = {"-C", "--continue"},
      description =
          "Continue the partial files an interrupted run left in --out (Range with If-Range: only"
              + " if the server still has the same body); without it they start over.")
  boolean keepPartial;

  @Option(
      names = "--limit-rate",
      paramLabel = "RATE",
      converter = SizeConverter.class,
      description =
          "Body bytes per second for the whole run, every worker together, e.g. 500k, 1M.")
  Long limitRate;

  @Option(
      names = "--rate",
      paramLabel = "N/s",
      converter = RateConverter.class,
      description =
          "Requests started per second per host at most, retries included, e.g. 10/s or 30/m;"
              + " held by the caller across every worker (default: no limit).")
  Double rate;

  @Option(
      names = "--checksums",
      paramLabel = "FILE",
      description =
          "Expected digests, lines as sha256sum or sha512sum print them with the URL as the name;"
              + " a body whose digest differs fails its URL and is not kept. Needs --out.")
  Path checksums;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print 'Read <bytes> from <url>' on stdout for every URL fetched.")
  boolean verbose;

  @Option(
      names = "--progress",
      description = "Show the progress bar even when stderr is not a terminal.")
  boolean progress;

  /**
   * Says fetch's own default for {@code -c} in its help: 100 on virtual and async, where the
   * option, shared with the other commands, says 1000.
   */
  static void describeConcurrency(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.OptionSpec shared = spec.findOption("--concurrency");
    spec.remove(shared);
    spec.addOption(
        CommandLine.Model.OptionSpec.builder(shared)
            .description(
                ModelOptions.CONCURRENCY_HELP
                    + "100 on virtual and async, as aiohttp's connection limit).")
            .build());
  }

  @Override
  public Integer call() throws IOException {
    if (FetchJob.usesAsync(run.model)) {
      // the HTTP codec's classes load while the options are checked and the run is built (the
      // run waits for this warm-up before it starts; a second call waits for the first)
      Thread.ofPlatform().name("fanout-warm-up").daemon().start(NettyHttpClient::warmUp);
    }
    check();
    UrlLists lists = UrlLists.of(arguments, inputFiles);
    Checksums expected = readChecksums();
    Model model = run.model;
    Fanout.Builder builder = run.builder();
    if (run.concurrency == null && (model == Model.ASYNC || model == Model.VIRTUAL)) {
      builder.concurrency(100);
    }
    capToOpenFiles(builder);
    FetchJob.configure(builder, model, retries, perHost);
    if (rate != null) {
      builder.<String>rate(FetchJob::hostOf, rate);
    }
    FetchSettings settings =
        new FetchSettings(
            http.settings(
                new HttpLimits(
                    connectTimeout,
                    timeout,
                    maxRedirects,
                    maxSize == null ? Long.MAX_VALUE : maxSize),
                System.getenv()),
            out,
            expected.algorithms(),
            model != Model.CLUSTER,
            bandwidth(model, builder));
    if (settings.http().insecure()) {
      System.err.println(
          "fanout: warning: -k/--insecure: TLS certificates and host names are not checked;"
              + " anyone on the path can read and change these downloads");
    }
    if (settings.http().http11() && !FetchJob.usesAsync(model) && model != Model.AUTO) {
      System.err.println(
          "fanout: warning: --http1.1 has no effect on "
              + model.label()
              + ": its client speaks HTTP/1.1 only (HTTP/2 is negotiated on async)");
    }
    if (keepPartial && model == Model.CLUSTER) {
      System.err.println(
          "fanout: warning: -C has no effect on cluster: members hand bodies back whole or not at"
              + " all, so a cut download keeps no bytes to continue (every other model does)");
    }
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    Folder folder = openFolder(stderr);
    JsonLines json;
    try {
      json = openJson(stdout);
    } catch (RuntimeException | IOException e) {
      closeQuietly(folder);
      throw e;
    }
    Progress bar = null;
    PrintStream failures = stderr;
    if (!run.quiet && (progress || Progress.onTerminal())) {
      bar = new Progress(stderr, lists.count());
      builder.listener(bar);
      PrintStream above = bar.above();
      failures = above;
      builder.log(line -> above.println("fanout: " + line));
    }
    FetchRun fetch = new FetchRun(builder, settings);
    Ending ending = new Ending(fetch, bar, json, folder, stderr);
    Thread hook = new Thread(ending::onSignal, "fanout-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    Stopping.install();
    Summary summary;
    try (UrlLists lines = lists) {
      summary =
          fetch.run(
              lines,
              new FetchRun.Plan(resume, keepPartial, expected),
              new FetchRun.Outputs(stdout, failures, json, folder, verbose));
    } finally {
      ending.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C or SIGTERM: the hook is running; it prints the summary and ends with 130/143
      }
    }
    ending.summary(summary, null);
    stdout.flush();
    return summary.interrupted() ? ExitCode.INTERRUPTED : ExitCode.of(summary.failed());
  }

  /**
   * How the run ends, whichever comes first: {@link #call} returning, or a signal's shutdown hook
   * cancelling it. Either way the bar is cleared, the files are closed, and the summary is printed
   * once, with how to continue when the run was cut short.
   */
  private final class Ending {
    private final FetchRun fetch;
    private final Progress bar;
    private final JsonLines json;
    private final Folder folder;
    private final PrintStream err;
    private boolean closed;
    private boolean summarized;

    Ending(FetchRun fetch, Progress bar, JsonLines json, Folder folder, PrintStream err) {
      this.fetch = fetch;
      this.bar = bar;
      this.json = json;
      this.folder = folder;
      this.err = err;
    }

    void onSignal() {
      fetch.cancel(CANCEL_WAIT_MS);
      close();
      summary(fetch.summary(), Stopping.signal());
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (bar != null) {
        bar.close();
      }
      if (json != null) {
        try {
          json.close();
        } catch (IOException e) {
          err.println("fanout: cannot write the JSON lines: " + e.getMessage());
        }
      }
      closeQuietly(folder);
      fetch.close();
    }

    synchronized void summary(Summary s, String signal) {
      if (summarized) {
        return;
      }
      summarized = true;
      if (!run.quiet || s.interrupted()) {
        err.println(s.line());
      }
      if (s.interrupted()) {
        err.println(continueHint(s, signal == null ? Stopping.signal() : signal));
      }
      err.flush();
    }
  }

  private String continueHint(Summary s, String signal) {
    String what = "fetch: stopped by " + signal + ": " + s.cancelled() + " cancelled";
    if (out == null) {
      return what
          + "; run it again to fetch them (with --out DIR a journal lets --resume skip"
          + " what is done)";
    }
    return what
        + "; run the same command again with --resume to skip what is done"
        + (keepPartial || model() == Model.CLUSTER
            ? ""
            : " and -C to continue the partial downloads");
  }

  private Model model() {
    return run.model;
  }

  private static void closeQuietly(Folder folder) {
    if (folder == null) {
      return;
    }
    try {
      folder.close();
    } catch (IOException e) {
      System.err.println("fanout: cannot write the journal in " + folder.dir() + ": " + e);
    }
  }

  private Folder openFolder(PrintStream stderr) {
    if (out == null) {
      return null;
    }
    try {
      return Folder.open(out, tree, w -> stderr.println("fetch: " + w));
    } catch (Folder.BusyException e) {
      throw new UsageException("--out " + out + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UsageException(
          "--out " + out + ": cannot write there (" + e + "); give a writable folder", e);
    }
  }

  /**
   * This JVM's share of {@code --limit-rate}: all of it where every task runs in this JVM; an even
   * split among the worker JVMs on processes, and among the members on a cluster of members, said
   * in a note, so that together they never pass it.
   */
  private Bandwidth bandwidth(Model model, Fanout.Builder builder) {
    if (limitRate == null) {
      return Bandwidth.UNLIMITED;
    }
    if (limitRate < 1) {
      throw new UsageException("--limit-rate must be at least 1 byte per second, got " + limitRate);
    }
    int jvms = 1;
    String who = null;
    if (model == Model.PROCESSES) {
      jvms = builder.options().workers();
      who = "worker JVMs";
    } else if (model == Model.CLUSTER && run.members != null && !run.members.isEmpty()) {
      jvms = run.members.size();
      who = "cluster members";
    } else if (model == Model.AUTO) {
      System.err.println(
          "fanout: note: with --model auto, --limit-rate holds in this JVM; if auto picks"
              + " processes each worker JVM gets the whole rate: choose the model to be sure");
    }
    long share = Math.max(1, limitRate / jvms);
    if (jvms > 1) {
      System.err.println(
          "fanout: note: --limit-rate "
              + limitRate
              + " B/s is split evenly among the "
              + jvms
              + " "
              + who
              + " ("
              + share
              + " B/s each): together they never pass it, and one alone never gets more");
    }
    return new Bandwidth(share, java.util.UUID.randomUUID().toString());
  }

  private Checksums readChecksums() {
    if (checksums == null) {
      return Checksums.none();
    }
    try {
      return Checksums.read(checksums);
    } catch (Checksums.FormatException e) {
      throw new UsageException(e.getMessage());
    } catch (IOException e) {
      throw new UsageException("--checksums " + checksums + ": cannot read it (" + e + ")");
    }
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
    if (keepPartial && out == null) {
      throw new UsageException("-C needs --out DIR: the partial files it continues live there");
    }
    if (tree && out == null) {
      throw new UsageException("--tree needs --out DIR: it says how files are laid out there");
    }
    if (checksums != null && out == null) {
      throw new UsageException("--checksums needs --out DIR: it checks the bodies stored there");
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out " + out + " is a file, not a folder");
    }
    List<Path> inputs = new ArrayList<>();
    int stdin = 0;
    List<String> lists = new ArrayList<>(inputFiles);
    for (String a : arguments) {
      if (!UrlLists.isUrl(a)) {
        lists.add(a);
      }
    }
    for (String list : lists) {
      if (list.equals("-")) {
        stdin++;
        continue;
      }
      Path p = Path.of(list);
      if (Files.isDirectory(p)) {
        throw new UsageException(
            "the URL list '" + list + "' is a directory: give a file with one URL per line");
      }
      if (!Files.isReadable(p)) {
        throw new UsageException(
            "cannot read the URL list '"
                + list
                + "': no such readable file (a URL needs its scheme, as in http://...; - reads"
                + " standard input)");
      }
      inputs.add(p);
    }
    if (stdin > 1) {
      throw new UsageException("standard input (-) can be read only once");
    }
    Paths.readableFile("--checksums", checksums, "a file of sha256sum lines");
    if (checksums != null) {
      inputs.add(checksums);
    }
    Paths.notAnInput("--json", run.json, inputs);
    Paths.writableFile("--json", run.json);
    if (out != null) {
      Paths.notAnInput("--out", out.resolve(Journal.NAME), inputs);
      Path existing = out.toAbsolutePath();
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing != null && !Files.isWritable(existing)) {
        throw new UsageException(
            "--out " + out + ": not writable (" + existing + "); give a writable folder");
      }
    }
  }

  /**
   * Each request in flight holds a socket, and a file under --out: more at once than the open-files
   * limit allows would fail most of them with "too many open files". Lowers the concurrency to what
   * fits, with a warning. Workers on processes and cluster have open-files limits of their own.
   */
  private void capToOpenFiles(Fanout.Builder builder) {
    Model model = builder.options().model();
    OpenFiles files;
    if (model.crossesProcesses() || (files = OpenFiles.now()) == null) {
      return;
    }
    long max = files.max();
    long free = max - files.open() - RESERVED_FDS;
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

  private JsonLines openJson(PrintStream stdout) throws IOException {
    if (run.json == null) {
      return null;
    }
    if (run.json.toString().equals("-")) {
      return new JsonLines(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
    }
    try {
      return new JsonLines(Files.newBufferedWriter(run.json, StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw Paths.cannotWrite("--json", run.json, e);
    }
  }
}
