package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.jobs.cpu.BatchMeter;
import dev.fanout.jobs.hash.HashJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fanout hash}: SHA-256 of every file under some paths, as {@code sha256sum} prints it. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "SHA-256 of every regular file under the PATHs (directories recursed), one"
          + " '<hex>  <path>' line per file sorted by path: 'sha256sum -c' reads the output back.",
      "Links inside directories are skipped unless --follow, as are FIFOs, sockets and devices;"
          + " the summary counts them. A PATH given here is followed. Unreadable or vanished files,"
          + " and a PATH that is not a file or directory, are reported on stderr and the rest is"
          + " still hashed.",
      "Reading is I/O and hashing is CPU: compare the models on a big tree."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file hashed",
      "1:some paths could not be read (each reported)",
      "2:usage error"
    })
public final class HashCommand implements Callable<Integer> {
  @Mixin ModelOptions run;

  @Option(
      names = {"-L", "--follow"},
      description = "Follow symbolic links inside directories (loops are detected and reported).")
  boolean follow;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to hash.")
  List<Path> paths;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Paths.notAnInput("--json", run.json, paths);
    Paths.writableFile("--json", run.json);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BatchMeter meter = new BatchMeter();
    Fanout.Builder builder =
        run.builder()
            .listener(meter)
            .listener(meter.stderrLines(line -> println(err, "fanout: " + line)))
            .log(line -> {});
    long t0 = System.nanoTime();
    HashJob.Result result;
    try (OutcomeJson json = OutcomeJson.open(run.json, "hash", run.model.label(), out)) {
      if (json != null) {
        builder.measureCpu(true); // cpu_ms on every line
      }
      boolean text = json == null || !json.onStdout();
      try (Fanout fanout = builder.build()) {
        result =
            HashJob.run(
                fanout,
                paths,
                follow,
                line -> {
                  if (text) {
                    out.println(line);
                    Paths.checkStdout(out);
                  }
                },
                problem -> println(err, "fanout hash: " + problem),
                o -> {
                  if (json != null) {
                    json.write(o, o.isSuccess() ? o.value() : null);
                  }
                });
      }
    }
    long wall = System.nanoTime() - t0;
    Paths.checkStdout(out);
    BatchMeter.Snapshot s = meter.take();
    if (s.loopLesson() != null) {
      println(err, "fanout: " + s.loopLesson());
    }
    if (!run.quiet) {
      println(
          err,
          String.format(
              Locale.ROOT,
              "%s; %d files, %.1f MB at %.1f MB/s%s",
              s.describe("hash", run.model.label(), wall),
              result.files(),
              result.bytes() / 1e6,
              wall > 0 ? result.bytes() / 1e6 / (wall / 1e9) : 0.0,
              result.skipped()));
    }
    return ExitCode.of(result.failed());
  }

  private static void println(PrintWriter err, String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }
}
