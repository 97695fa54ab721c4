package dev.fanout.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The run job on every model of this JVM and on worker JVMs (cluster: see the CLI's tests, with
 * members in JVMs of their own), with real children.
 */
@Timeout(60)
class RunJobTest {
  @TempDir Path dir;

  record Ran(String out, String err, RunSummary summary, List<RunJob.Done> done) {}

  private static Ran run(Model model, int jobs, RunJob.Spec spec, List<String> inputs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<RunJob.Done> done = Collections.synchronizedList(new ArrayList<>());
    RunJob[] job = new RunJob[1];
    Fanout.Builder b =
        Fanout.builder().model(model).concurrency(jobs).listener(e -> job[0].listener().onEvent(e));
    if (model == Model.THREADS) {
      b.workers(jobs);
    }
    if (model == Model.PROCESSES) {
      b.workers(2);
    }
    try (Fanout f = b.build()) {
      job[0] = new RunJob(f, spec);
      RunSummary s =
          job[0].run(
              inputs.iterator(),
              Set.of(),
              new RunJob.Outputs(
                  out, new PrintStream(err, true, StandardCharsets.UTF_8), null, done::add, null));
      return new Ran(
          out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), s, done);
    }
  }

  private static RunJob.Spec spec(boolean keepOrder, String... command) {
    return new RunJob.Spec(new Template(List.of(command), false), 0, 500, 0, keepOrder, false);
  }

  @ParameterizedTest
  @EnumSource(names = {"SEQUENTIAL", "THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_awkwardInputs_reachTheCommandAsText(Model model) {
    String big = "x".repeat(100 * 1024);
    List<String> inputs =
        List.of(
            "a b", "it's \"q\"", "$(touch pwned)", "; echo no", "-n", "--help", "héllo ✓", "", big);
    Ran r = run(model, 4, spec(true, "printf", "[%s]\\n", "{}"), inputs);
    StringBuilder want = new StringBuilder();
    inputs.forEach(i -> want.append('[').append(i).append("]\n"));
    assertThat(r.out()).isEqualTo(want.toString());
    assertThat(r.summary().ok()).isEqualTo(inputs.size());
    assertThat(dir.resolve("pwned")).doesNotExist();
    assertThat(Path.of("pwned")).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_underLoad_eachJobsOutputIsOneBlock(Model model) {
    // each job writes 200 lines to stdout and 50 to stderr with pauses: interleaving would show
    String script =
        "for i in $(seq 200); do echo \"$0 out $i\"; [ $i = 100 ] && sleep 0.01; done;"
            + " for i in $(seq 50); do echo \"$0 err $i\" >&2; done";
    List<String> inputs = IntStream.rangeClosed(1, 16).mapToObj(i -> "job" + i).toList();
    Ran r = run(model, 8, spec(false, "sh", "-c", script, "{}"), inputs);
    assertBlocks(r.out(), inputs, "out", 200);
    assertBlocks(r.err(), inputs, "err", 50);
  }

  private static void assertBlocks(String text, List<String> inputs, String stream, int lines) {
    List<String> all = text.lines().toList();
    assertThat(all).hasSize(inputs.size() * lines);
    for (int block = 0; block < inputs.size(); block++) {
      String owner = all.get(block * lines).split(" ")[0];
      for (int i = 0; i < lines; i++) {
        assertThat(all.get(block * lines + i)).isEqualTo(owner + " " + stream + " " + (i + 1));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_keepOrder_printsInInputOrderWhateverFinishesFirst(Model model) {
    List<String> inputs = List.of("0.3", "0.0", "0.2", "0.1");
    Ran r = run(model, 4, spec(true, "sh", "-c", "sleep $0; echo $0", "{}"), inputs);
    assertThat(r.out()).isEqualTo("0.3\n0.0\n0.2\n0.1\n");
    Ran unordered = run(model, 4, spec(false, "sh", "-c", "sleep $0; echo $0", "{}"), inputs);
    assertThat(unordered.out().lines().toList()).containsExactlyInAnyOrderElementsOf(inputs);
    if (model != Model.PROCESSES) { // worker JVMs take inputs in chunks: no order promised there
      assertThat(unordered.out().lines().findFirst()).contains("0.0");
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_timeout_killsTheWholeProcessTree(Model model) throws Exception {
    Path pids = dir.resolve("pids");
    // the job starts a grandchild that ignores nothing and would outlive a kill of the job alone
    String script = "sleep 60 & echo $! >> " + pids + "; sleep 60";
    RunJob.Spec spec =
        new RunJob.Spec(
            new Template(List.of("sh", "-c", script), false), 300, 300, 0, false, false);
    long t0 = System.nanoTime();
    Ran r = run(model, 2, spec, List.of("a", "b"));
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    assertThat(r.summary().failed()).isEqualTo(2);
    assertThat(r.err()).contains("timed out, killed with SIGTERM");
    assertThat(r.done()).allSatisfy(d -> assertThat(d.result().timedOut()).isTrue());
    for (String pid : Files.readAllLines(pids)) {
      awaitGone(Long.parseLong(pid.trim()));
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "ASYNC"})
  void run_trapsTerm_killedAfterTheGrace(Model model) {
    RunJob.Spec spec =
        new RunJob.Spec(
            new Template(List.of("sh", "-c", "trap '' TERM; sleep 60; echo survived"), false),
            200,
            200,
            0,
            false,
            false);
    Ran r = run(model, 1, spec, List.of("x"));
    assertThat(r.out()).doesNotContain("survived");
    assertThat(r.done().get(0).result().signal()).isEqualTo(9);
    assertThat(r.err()).contains("killed with SIGKILL");
  }

  static void awaitGone(long pid) throws InterruptedException {
    for (int i = 0;
        i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        i++) {
      Thread.sleep(50);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("process %d of a timed-out job is still running", pid)
        .isFalse();
  }

  @ParameterizedTest
  @EnumSource(names = {"SEQUENTIAL", "THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_failingJob_withoutFailFast_theOthersRun(Model model) {
    List<String> inputs = IntStream.rangeClosed(1, 6).mapToObj(Integer::toString).toList();
    Ran r = run(model, 2, spec(false, "sh", "-c", "echo $0; [ $0 != 3 ]", "{}"), inputs);
    assertThat(r.summary().ok()).isEqualTo(5);
    assertThat(r.summary().failed()).isEqualTo(1);
    assertThat(r.out().lines()).hasSize(6);
    assertThat(r.err()).contains("fanout run: job 3 (input '3'): exit 1");
  }

  @ParameterizedTest
  @EnumSource(names = {"SEQUENTIAL", "THREADS", "VIRTUAL", "ASYNC", "PROCESSES"})
  void run_failFast_startsNoMoreAndKillsTheRunning(Model model) {
    List<String> inputs = IntStream.rangeClosed(1, 40).mapToObj(Integer::toString).toList();
    RunJob.Spec spec =
        new RunJob.Spec(
            new Template(
                List.of("sh", "-c", "if [ $0 = 2 ]; then exit 3; fi; sleep 0.3; echo $0", "{}"),
                false),
            0,
            300,
            0,
            false,
            true);
    Ran r = run(model, 2, spec, inputs);
    assertThat(r.summary().stoppedBy()).contains("job 2");
    assertThat(r.summary().failed()).isGreaterThanOrEqualTo(1);
    assertThat(r.out().lines().count()).isLessThan(10);
    assertThat(r.summary().line()).contains("stopped by --fail-fast after job 2");
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "ASYNC", "PROCESSES"})
  void run_retries_untilItSucceeds(Model model) throws Exception {
    Path count = dir.resolve("count");
    RunJob.Spec spec =
        new RunJob.Spec(
            new Template(
                List.of("sh", "-c", "echo x >> " + count + "; [ $(wc -l < " + count + ") -ge 3 ]"),
                false),
            0,
            300,
            5,
            false,
            false);
    Ran r = run(model, 1, spec, List.of("only"));
    assertThat(r.summary().ok()).isEqualTo(1);
    assertThat(r.done().get(0).result().attempts()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "VIRTUAL", "ASYNC"})
  void run_slotAndJobNumber_asGnuParallel(Model model) {
    List<String> inputs = IntStream.rangeClosed(1, 12).mapToObj(Integer::toString).toList();
    Ran r = run(model, 3, spec(true, "sh", "-c", "sleep 0.05; echo $0 {#} {%}", "{}"), inputs);
    List<String> lines = r.out().lines().toList();
    for (int i = 0; i < 12; i++) {
      String[] f = lines.get(i).split(" ");
      assertThat(f[0]).isEqualTo(f[1]).isEqualTo(Integer.toString(i + 1));
      assertThat(Integer.parseInt(f[2])).isBetween(1, 3);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"THREADS", "ASYNC"})
  void run_noSuchCommand_failsNamingIt(Model model) {
    Ran r = run(model, 1, spec(false, "no-such-command-fanout"), List.of("a"));
    assertThat(r.summary().failed()).isEqualTo(1);
    assertThat(r.err()).contains("no-such-command-fanout");
  }
}
