package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.fetch.Text;
import dev.fanout.jobs.report.RunReport;
import dev.fanout.jobs.run.AsyncRunTask;
import dev.fanout.jobs.run.ChildCpu;
import dev.fanout.jobs.run.Children;
import dev.fanout.jobs.run.Inputs;
import dev.fanout.jobs.run.Job;
import dev.fanout.jobs.run.JobLog;
import dev.fanout.jobs.run.RunJob;
import dev.fanout.jobs.run.RunProgress;
import dev.fanout.jobs.run.RunSpans;
import dev.fanout.jobs.run.RunSummary;
import dev.fanout.jobs.run.Template;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fanout run}: any command once per input, as GNU parallel and {@code xargs -P} do. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run COMMAND once per input: lines of -a FILE, or of stdin, or the words after ':::'.",
      "Placeholders as in GNU parallel: {} the input, {.} without extension, {/} basename, {//}"
          + " directory, {/.} basename without extension, {#} job number, {%%} job slot. Without"
          + " one, the input is appended as the last argument (xargs).",
      "No shell runs unless --shell, so an input is only ever text. Each job's stdout and stderr"
          + " are printed as one block when it ends; fanout's own lines go to stderr.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every job exited 0",
      "1:some jobs failed (each is reported on stderr)",
      "2:usage or input error",
      "130:interrupted (Ctrl-C): finish with --resume and the same --joblog"
    })
public final class RunCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the run to stop its children and write its joblog. */
  private static final long CANCEL_WAIT_MS = 1500;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "1..*",
      description = "The command and its arguments, then optionally ::: and the inputs.")
  List<String> command;

  @Mixin ModelOptions run;

  @Option(
      names = {"-a", "--arg-file"},
      paramLabel = "FILE",
      description =
          "Read inputs from FILE, one per line (- for stdin); repeatable: files are read one after the other.")
  List<String> argFiles;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description =
          "Jobs running at once (same as --concurrency; default: the number of cores, as GNU parallel).")
  Integer jobs;

  @Option(
      names = {"-r", "--no-run-if-empty"},
      description =
          "Skip empty input lines (by default an empty line is an input, as in GNU parallel).")
  boolean skipEmpty;

  @Option(
      names = "--shell",
      description = "Run the command with /bin/sh -c; every substituted input is single-quoted.")
  boolean shell;

  @Option(
      names = {"-k", "--keep-order"},
      description = "Print the jobs' output in input order (default: as they finish).")
  boolean keepOrder;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "Per job: SIGTERM to its process group after TIME (e.g. 500ms, 10s, 2m), SIGKILL after --grace.")
  Duration timeout;

  @Option(
      names = "--grace",
      paramLabel = "TIME",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "Between SIGTERM and SIGKILL for --timeout and Ctrl-C (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "0",
      description = "Run a failing job up to N more times (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--joblog",
      paramLabel = "FILE",
      description = "Write a line per finished job to FILE, in GNU parallel's columns.")
  Path joblog;

  @Option(
      names = "--resume",
      description =
          "With --joblog: skip the jobs the joblog records (by job number), append to it.")
  boolean resume;

  @Option(
      names = "--resume-failed",
      description = "With --joblog: skip the jobs the joblog records as exited 0; run the rest.")
  boolean resumeFailed;

  @Option(names = "--dry-run", description = "Print the commands, run nothing.")
  boolean dryRun;

  @Option(
      names = "--progress",
      description = "Show the progress bar even when stderr is not a terminal.")
  boolean progress;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write an HTML report of the run: every job on its worker's timeline.")
  Path report;

  /** The run in progress, for the Ctrl-C hook. */
  private volatile RunJob current;

  private volatile boolean interrupted;

  @Override
  public Integer call() throws IOException {
    List<String> cmd = command;
    List<String> words = null;
    int sep = cmd.indexOf(":::");
    if (sep >= 0) {
      words = cmd.subList(sep + 1, cmd.size());
      cmd = cmd.subList(0, sep);
    }
    check(cmd, words);
    RunJob.Spec spec =
        new RunJob.Spec(
            new Template(cmd, shell),
            timeout == null ? 0 : timeout.toMillis(),
            grace.toMillis(),
            retries,
            keepOrder,
            run.failFast); // the shared --fail-fast: fanout stops launching, run kills the rest
    PrintStream stderr = System.err;
    Inputs inputs = new Inputs(readers(words), skipEmpty);
    if (dryRun) {
      return dryRun(spec, inputs);
    }
    Set<Long> skip = skip();
    Fanout.Builder builder = sized(run.builder());
    if (!Children.groups()) {
      stderr.println(
          "fanout run: warning: util-linux's setsid is not installed: a timeout or Ctrl-C stops"
              + " each command and the processes it started that are still its children, not its"
              + " whole process group");
    }
    RunProgress bar = null;
    if (!run.quiet && (progress || onTerminal())) {
      bar = new RunProgress(stderr, words != null ? words.size() - skip.size() : -1);
      builder.listener(bar);
      PrintStream above = bar.above();
      builder.log(line -> above.println("fanout: " + line));
    }
    RunSpans spans = report == null ? null : new RunSpans();
    JobLog log; // before --json's file is made: a bad joblog leaves no empty JSON file
    try {
      log = joblog == null ? null : JobLog.open(joblog, resume || resumeFailed);
    } catch (IOException e) {
      throw Paths.cannotWrite("--joblog", joblog, e);
    }
    JsonJobs json;
    try {
      json = JsonJobs.open(run.json, run.model.label());
    } catch (RuntimeException e) {
      if (log != null) {
        try {
          log.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    RunJob.Outputs outputs =
        new RunJob.Outputs(
            out,
            stderr,
            log,
            d -> {
              if (json != null) {
                json.write(d);
              }
              if (spans != null) {
                spans.add(d);
              }
            },
            bar);
    Thread hook =
        new Thread(
            () -> {
              interrupted = true;
              RunJob j = current;
              if (j != null) {
                j.cancel(CANCEL_WAIT_MS);
              }
            },
            "fanout-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    RunSummary summary;
    try {
      if (run.model == Model.AUTO) {
        summary = auto(builder, spec, inputs, skip, outputs, stderr);
      } else {
        summary = phase(builder, spec, inputs, 0, skip, outputs);
      }
    } catch (UncheckedIOException e) {
      stderr.println("fanout run: " + e.getMessage());
      return ExitCode.SOME_FAILED;
    } finally {
      if (bar != null) {
        bar.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and ends the process with 130
      }
      if (log != null) {
        log.close();
      }
      if (json != null) {
        json.close();
      }
    }
    if (report != null) {
      Path file =
          RunReport.write(report, String.join(" ", cmd), summary, spans.spans(), spans.cpuNanos());
      stderr.println("fanout run: report written to " + file);
    }
    if (!run.quiet) {
      stderr.println(summary.line());
    }
    if (summary.interrupted() || interrupted) {
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.of(summary.failed());
  }

  /** Runs {@code inputs} (numbered after {@code before}) on a fanout built from {@code builder}. */
  private RunSummary phase(
      Fanout.Builder builder,
      RunJob.Spec spec,
      Iterator<String> inputs,
      long before,
      Set<Long> skip,
      RunJob.Outputs outputs) {
    RunJob[] job = new RunJob[1];
    builder.listener(
        e -> {
          RunJob j = job[0]; // null while build() reports its warnings: no job has finished yet
          if (j != null) {
            j.listener().onEvent(e);
          }
        });
    try (Fanout fanout = builder.build()) {
      job[0] = new RunJob(fanout, spec);
      current = job[0];
      if (interrupted) {
        job[0].cancel(0);
      }
      return job[0].run(inputs, before, skip, outputs);
    }
  }

  /**
   * {@code --model auto}: runs the first jobs on threads while measuring the CPU time their
   * commands used (the children's, from /proc) against their wall time, then runs the rest on
   * {@code threads} when the commands compute (a waiting thread per child costs nothing next to
   * them) or on {@code async} when they wait (one loop supervises any number of children).
   */
  private RunSummary auto(
      Fanout.Builder builder,
      RunJob.Spec spec,
      Iterator<String> inputs,
      Set<Long> skip,
      RunJob.Outputs outputs,
      PrintStream stderr) {
    int cores = Runtime.getRuntime().availableProcessors();
    int n = builder.options().concurrency();
    int sample = Math.max(2, 2 * cores);
    Iterator<String> first = limit(inputs, sample);
    long cpu0 = ChildCpu.nanos();
    long[] wall = {0};
    RunJob.Outputs sampling =
        new RunJob.Outputs(
            outputs.out(),
            outputs.err(),
            outputs.joblog(),
            d -> {
              wall[0] += d.result().runtimeNanos();
              outputs.each().accept(d);
            },
            outputs.bar());
    Fanout.Builder threads = sized(run.builder().model(Model.THREADS), Model.THREADS, n);
    copyListeners(builder, threads);
    RunSummary s1 = phase(threads, spec, first, 0, skip, sampling);
    long cpu = ChildCpu.nanos() - cpu0;
    if (s1.interrupted() || s1.stoppedBy() != null || !inputs.hasNext()) {
      return s1;
    }
    double share = cpu0 < 0 || wall[0] == 0 ? 0 : (double) cpu / wall[0];
    // a tenth, as the report's timelines tell computing from waiting: on a busy machine a
    // computing child gets far less than a core, while a waiting one stays near zero
    boolean computing = share >= 0.1;
    Model chosen = computing ? Model.THREADS : Model.ASYNC;
    if (chosen == Model.ASYNC && !AsyncRunTask.available()) {
      chosen = Model.VIRTUAL;
    }
    int size = computing && jobs == null && run.concurrency == null ? cores : n;
    if (!run.quiet) {
      stderr.println(
          String.format(
              Locale.ROOT,
              "fanout run: auto: the first %d jobs' commands used %.0f%% CPU over their wall time:"
                  + " %s, so the rest run on %s with %d at once",
              s1.total(),
              share * 100,
              computing ? "they compute" : "they wait",
              chosen.label(),
              size));
    }
    Fanout.Builder rest = sized(run.builder().model(chosen), chosen, size);
    copyListeners(builder, rest);
    RunSummary s2 = phase(rest, spec, inputs, sample, skip, outputs);
    return new RunSummary(
        s1.ok() + s2.ok(),
        s1.failed() + s2.failed(),
        s1.skipped() + s2.skipped(),
        s1.nanos() + s2.nanos(),
        Model.AUTO,
        s2.interrupted(),
        s2.stoppedBy());
  }

  private static void copyListeners(Fanout.Builder from, Fanout.Builder to) {
    from.options().listeners().forEach(to::listener);
  }

  private static Iterator<String> limit(Iterator<String> inputs, int n) {
    return new Iterator<>() {
      private int taken;

      @Override
      public boolean hasNext() {
        return taken < n && inputs.hasNext();
      }

      @Override
      public String next() {
        taken++;
        return inputs.next();
      }
    };
  }

  private void check(List<String> cmd, List<String> words) {
    if (cmd.isEmpty()) {
      throw new UsageException(
          "run: give a COMMAND before ':::' (e.g. fanout run echo {} ::: a b)");
    }
    if (!shell && shellSyntax(cmd.get(0)) && !isFile(cmd.get(0))) {
      // GNU parallel always runs a shell; fanout only with --shell: say so before every job fails
      throw new UsageException(
          "run: '"
              + Text.escape(cmd.get(0))
              + "' is one word with shell syntax in it, and no program has that name: add --shell"
              + " to run it with /bin/sh -c, or give the command's words as separate arguments"
              + " (fanout run echo {} ::: a b)");
    }
    if (words != null && argFiles != null) {
      throw new UsageException("run: give the inputs either after ':::' or with -a FILE, not both");
    }
    if (jobs != null && jobs < 1) {
      throw new UsageException("--jobs must be at least 1, got " + jobs);
    }
    if (jobs != null && run.concurrency != null && !jobs.equals(run.concurrency)) {
      throw new UsageException("--jobs and --concurrency are one setting: give one of them");
    }
    if (retries < 0) {
      throw new UsageException("--retries must be >= 0, got " + retries);
    }
    if ((resume || resumeFailed) && joblog == null) {
      throw new UsageException(
          "--resume and --resume-failed need --joblog FILE: it records what ran");
    }
    if (resume && resumeFailed) {
      throw new UsageException("give --resume or --resume-failed, not both");
    }
    if (argFiles != null && argFiles.stream().filter("-"::equals).count() > 1) {
      throw new UsageException("-a -: standard input can be read only once");
    }
    if (argFiles != null) {
      for (String f : argFiles) {
        if (!f.equals("-") && !Files.isReadable(Path.of(f))) {
          throw new UsageException(
              "-a "
                  + f
                  + ": no such readable file (give a file with one input per line, or - for stdin)");
        }
        if (!f.equals("-") && Files.isDirectory(Path.of(f))) {
          throw new UsageException(
              "-a " + f + " is a directory: give a file with one input per line");
        }
      }
    }
    if (dryRun && (joblog != null || report != null || run.json != null)) {
      throw new UsageException("--dry-run runs nothing: it writes no --joblog, --json or --report");
    }
    if (run.model == Model.ASYNC && !dev.fanout.jobs.run.AsyncRunTask.available()) {
      throw new UsageException(
          "run on async needs Linux's epoll (Netty's native transport), not available here; use --model virtual");
    }
  }

  /** A space, a pipe, a redirection, a quote...: what only a shell makes sense of. */
  private static boolean shellSyntax(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (Character.isWhitespace(word.charAt(i)) || "|&;<>()$`'\"\\".indexOf(word.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFile(String word) {
    try {
      return Files.exists(Path.of(word));
    } catch (java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  /** -j N: N jobs at once on every model; threads and processes get the workers to match. */
  private Fanout.Builder sized(Fanout.Builder b) {
    int cores = Runtime.getRuntime().availableProcessors();
    int n = jobs != null ? jobs : run.concurrency != null ? run.concurrency : cores;
    return sized(b, run.model, n);
  }

  private Fanout.Builder sized(Fanout.Builder b, Model m, int n) {
    int cores = Runtime.getRuntime().availableProcessors();
    b.concurrency(n);
    if ((m == Model.THREADS || m == Model.AUTO) && run.workers == null) {
      b.workers(n);
    }
    if (m == Model.PROCESSES && run.workers == null) {
      b.workers(Math.min(cores, n)); // each worker JVM runs its share of the n at once
    }
    return b;
  }

  private Set<Long> skip() throws IOException {
    if (!(resume || resumeFailed)) {
      return Set.of();
    }
    Map<Long, JobLog.Entry> logged;
    try {
      logged = JobLog.read(joblog);
    } catch (IOException e) {
      throw new UsageException("--joblog " + e.getMessage(), e);
    }
    return logged.values().stream()
        .filter(e -> resume || e.ok())
        .map(JobLog.Entry::seq)
        .collect(Collectors.toSet());
  }

  private int dryRun(RunJob.Spec spec, Inputs inputs) {
    PrintStream out = System.out;
    long seq = 0;
    while (inputs.hasNext()) {
      Job j = spec.job(++seq, inputs.next());
      out.println(j.commandLine());
    }
    out.flush();
    return out.checkError() ? ExitCode.SOME_FAILED : ExitCode.OK;
  }

  private List<Reader> readers(List<String> words) throws IOException {
    List<Reader> readers = new ArrayList<>();
    if (words != null) {
      readers.add(new StringReader(String.join("\n", words) + (words.isEmpty() ? "" : "\n")));
      return readers;
    }
    if (argFiles == null) {
      readers.add(new InputStreamReader(System.in, lenientUtf8()));
      return readers;
    }
    for (String f : argFiles) {
      readers.add(
          f.equals("-")
              ? new InputStreamReader(System.in, lenientUtf8())
              : new InputStreamReader(Files.newInputStream(Path.of(f)), lenientUtf8()));
    }
    return readers;
  }

  private static CharsetDecoder lenientUtf8() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  private static boolean onTerminal() {
    return dev.fanout.jobs.terminal.ProgressBar.onTerminal();
  }
}
