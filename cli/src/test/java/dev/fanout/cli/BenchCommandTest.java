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
}
