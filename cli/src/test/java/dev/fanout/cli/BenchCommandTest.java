package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(120)
class BenchCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void bench_smallRun_printsTablesAndWritesReportAndJson() throws Exception {
    Path report = dir.resolve("r.html");
    Path json = dir.resolve("m.json");
    Run r =
        run(
            "bench",
            "--runs",
            "1",
            "--scale",
            "0.05",
            "--models",
            "sequential,threads,auto",
            "--report",
            report.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("io: 8 downloads", "cpu: 20 sums", "auto chose", "timelines");
    assertThat(r.err()).contains("bench [", "report written to");
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg");
    assertThat(Files.readString(json)).contains("\"workloads\"");
  }

  @Test
  void bench_unknownModel_usageError() {
    Run r = run("bench", "--models", "fibers");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown model 'fibers'");
  }

  @Test
  void bench_badWorkload_usageError() {
    Run r = run("bench", "--workloads", "disk");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("unknown workload 'disk'");
  }

  @Test
  void advise_io_choosesAnIoModelAndSaysWhy() {
    Run r = run("advise", "--workload", "io");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("auto: chose virtual").contains("I/O-bound", "sampled:");
  }

  @Test
  void advise_cpu_threadsOnePerCore() {
    Run r = run("advise", "--workload", "cpu", "--scale", "0.3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "auto: chose threads (" + Runtime.getRuntime().availableProcessors() + " workers)")
        .contains("CPU-bound");
  }

  /** Compiles a user's task into its own directory, off the test's classpath. */
  private Path compileTask() throws Exception {
    Path src = dir.resolve("src/usertask/Hello.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        """
        package usertask;

        import dev.fanout.Task;
        import dev.fanout.Worker;

        public final class Hello implements Task<String, String> {
          public Hello() {}

          @Override
          public String run(String input, Worker worker) throws InterruptedException {
            Thread.sleep(10);
            return "hello " + input;
          }
        }
        """);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.toString());
    assertThat(rc).as("javac").isZero();
    return classes;
  }

  @Test
  void bench_taskOffTheClasspath_everyModelIncludingWorkerJvmsRunsIt() throws Exception {
    Path classes = compileTask();
    assertThat(Relaunch.onClasspath("usertask.Hello")).isFalse();
    Path inputs = dir.resolve("names.txt");
    Files.writeString(inputs, "ada\ngrace\nalan\nbarbara\n");
    Path csv = dir.resolve("stats.csv");
    Path md = dir.resolve("stats.md");

    Run r =
        run(
            "bench",
            "--task",
            "usertask.Hello",
            "--classpath",
            classes.toString(),
            "-a",
            inputs.toString(),
            "--runs",
            "2",
            "--models",
            "sequential,virtual,processes",
            "--report",
            dir.resolve("r.html").toString(),
            "--export-csv",
            csv.toString(),
            "--export-markdown",
            md.toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("task: 4 inputs of your task usertask.Hello", "mean ± σ", "processes")
        .doesNotContain("failed");
    assertThat(Files.readAllLines(csv))
        .hasSize(4)
        .anyMatch(l -> l.startsWith("task,processes,") && l.contains(",2,8,0,"));
    assertThat(Files.readString(md)).contains("| `virtual` |");
    assertThat(Files.readString(dir.resolve("r.html"))).contains("usertask.Hello");
  }

  @Test
  void bench_inputsWithoutATask_usageError() throws Exception {
    Path inputs = dir.resolve("in.txt");
    Files.writeString(inputs, "a\n");
    Run r = run("bench", "-a", inputs.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("-a FILE gives the inputs of --task or --run");

    Run missing = run("bench", "--task", "x.Y", "--classpath", "no/such/dir", "-a", "in.txt");
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("--classpath: no such file or directory: no/such/dir");

    Run budget = run("bench", "--budget", "soon");
    assertThat(budget.code()).isEqualTo(ExitCode.USAGE);
    assertThat(budget.err()).contains("'soon' is not a duration");
  }

  @Test
  void advise_io_printsTheShareAndTheMargin() {
    Run r = run("advise", "--workload", "io");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("margin ±5 points");
  }

  @Test
  void bench_run_aCommandPerInputUnderEveryModelItNames() throws Exception {
    Path inputs = dir.resolve("words.txt");
    Files.writeString(inputs, "one\ntwo words\nit's\nfour\n");
    Path out = dir.resolve("seen.txt");

    Run r =
        run(
            "bench",
            "--run",
            "sleep 0.05; printf '%s\\n' {} >> " + out,
            "-a",
            inputs.toString(),
            "--runs",
            "2",
            "--models",
            "sequential,threads,virtual,async",
            "--report",
            dir.resolve("r.html").toString());

    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("run: 4 runs of your command: sleep 0.05", "async");
    // 4 models x (1 warm-up of 2 + 2 runs of 4): every input reached the command intact
    assertThat(Files.readAllLines(out)).hasSize(4 * (2 + 2 * 4)).contains("two words", "it's");
  }

  @Test
  void bench_runFailingEverywhere_stopsAfterOneRoundNoWinnerExit1() throws Exception {
    Path inputs = dir.resolve("in.txt");
    Files.writeString(inputs, "a\nb\n");

    Run r =
        run(
            "bench",
            "--run",
            "echo broken {} >&2; exit 3",
            "-a",
            inputs.toString(),
            "--models",
            "threads,virtual",
            "--report",
            dir.resolve("r.html").toString());

    assertThat(r.code()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.out())
        .contains("No winner on the run workload: every task failed under every model")
        .contains("threads: 2 of 2 tasks failed over 1 run; the first: input job 1:")
        .contains("exit 3: broken a")
        .contains("every task failed in run 1 (2 of 2): not run again");
  }

  /**
   * A file that cannot be written once the benchmark has run (checked up front, it still can fail:
   * here /proc, which root may write to by its permissions yet takes no new file): named in one
   * line, the other files still written, exit 1.
   */
  @Test
  void bench_anExportThatFailsAtTheEnd_isNamedTheOthersAreWritten() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isWritable(Path.of("/proc")), "root's view of /proc: writable by permission");
    Path inputs = dir.resolve("in.txt");
    Files.writeString(inputs, "a\nb\n");
    Path report = dir.resolve("r.html");
    Path markdown = dir.resolve("stats.md");

    Run r =
        run(
            "bench",
            "--run",
            "true",
            "-a",
            inputs.toString(),
            "--runs",
            "1",
            "--models",
            "threads",
            "--report",
            report.toString(),
            "--export-csv",
            "/proc/fanout-bench-test.csv",
            "--export-markdown",
            markdown.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.err())
        .contains("fanout: cannot write the CSV to /proc/fanout-bench-test.csv (")
        .contains("the results printed above are complete")
        .contains("report written to")
        .contains("Markdown written to")
        .doesNotContain("internal error");
    assertThat(report).isNotEmptyFile();
    assertThat(markdown).isNotEmptyFile();
  }
}
