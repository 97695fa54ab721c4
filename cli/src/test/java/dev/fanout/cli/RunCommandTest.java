package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fanout run} as a user runs it: a JVM of its own, real children, real signals. */
@Timeout(120)
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void help_listsTheOptions_andUsageErrorsSayWhatToDo() {
    CliRun help = CliRun.of("run", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("--arg-file=FILE", "--jobs=N", "--no-run-if-empty", "--shell", "--keep-order")
        .contains("--timeout=TIME", "--grace=TIME", "--retries=N", "--fail-fast", "--joblog=FILE")
        .contains("--resume", "--resume-failed", "--dry-run", "--report=FILE", "--model=MODEL");
    CliRun both = CliRun.of("run", "-a", "x", "echo", ":::", "a");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("either after ':::' or with -a FILE, not both");
    CliRun noFile = CliRun.of("run", "-a", "/no/such/list", "echo");
    assertThat(noFile.err()).contains("-a /no/such/list: no such readable file");
    CliRun jobs = CliRun.of("run", "-j", "0", "echo", ":::", "a");
    assertThat(jobs.err()).contains("--jobs must be at least 1");
    // a joblog that cannot be made, even by root: a usage error naming it, nothing run
    CliRun joblog = CliRun.of("run", "--joblog", "/proc/fanout-test.log", "echo", ":::", "a");
    assertThat(joblog.exit()).as(joblog.err()).isEqualTo(2);
    assertThat(joblog.err())
        .contains("--joblog /proc/fanout-test.log: cannot write it")
        .doesNotContain("internal error");
    assertThat(joblog.out()).isEmpty();
    Path json = dir.resolve("jobs.jsonl");
    CliRun jsonAndJoblog =
        CliRun.of("run", "--json", json.toString(), "--joblog", "/proc/x.log", "echo", ":::", "a");
    assertThat(jsonAndJoblog.exit()).isEqualTo(2);
    assertThat(json).as("no empty JSON file left by the failed start").doesNotExist();
  }

  /**
   * A one-word command with shell syntax, as GNU parallel users write it, is a usage error that
   * names --shell, before any job runs; a program whose path has a space still runs.
   */
  @Test
  void run_oneWordWithShellSyntax_saysShell_aProgramWithASpaceRuns() throws Exception {
    CliRun piped = CliRun.of("run", "echo {} | tr a-z A-Z", ":::", "ab");
    assertThat(piped.exit()).isEqualTo(2);
    assertThat(piped.err())
        .contains("'echo {} | tr a-z A-Z' is one word with shell syntax in it")
        .contains("add --shell");
    assertThat(piped.out()).isEmpty();

    Path tool = dir.resolve("my tools/say hi.sh");
    Files.createDirectories(tool.getParent());
    Files.writeString(tool, "#!/bin/sh\necho \"hi $1\"\n");
    assertThat(tool.toFile().setExecutable(true)).isTrue();
    Cli r = Cli.run(dir, null, "run", "-k", tool.toString(), ":::", "a", "b");
    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out).isEqualTo("hi a\nhi b\n");

    Cli shell = Cli.run(dir, null, "run", "-k", "--shell", "echo {} | tr a-z A-Z", ":::", "ab");
    assertThat(shell.exit).as(shell.err).isZero();
    assertThat(shell.out).isEqualTo("AB\n");
  }

  /**
   * A warning at build time (before the job exists) reaches stderr alone, with no listener error.
   */
  @Test
  void run_settingWithoutEffect_warnsOnce() throws Exception {
    Cli r = Cli.run(dir, null, "run", "-m", "sequential", "-j", "2", "echo", ":::", "a");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.out).isEqualTo("a\n");
    assertThat(r.err)
        .contains("warning: concurrency 2 has no effect on sequential")
        .doesNotContain("listener threw");
  }

  @Test
  void run_tripleColon_placeholdersAndExitCodes() throws Exception {
    Cli ok =
        Cli.run(
            dir, null, "run", "-k", "echo", "{}", "{.}", "{/}", "{//}", "{/.}", "{#}", ":::",
            "d/a.txt", "b");
    assertThat(ok.exit).isEqualTo(0);
    assertThat(ok.out).isEqualTo("d/a.txt d/a a.txt d a 1\nb b b . b 2\n");
    assertThat(ok.err).contains("run: 2/2 ok, 0 failed");
    Cli failed = Cli.run(dir, "0\n1\n2\n", "run", "-q", "sh", "-c", "exit $0");
    assertThat(failed.exit).isEqualTo(1);
    assertThat(failed.err)
        .contains("job 2 (input '1'): exit 1")
        .contains("job 3 (input '2'): exit 2");
    Cli usage = Cli.run(dir, null, "run", "--resume", "true", ":::", "a");
    assertThat(usage.exit).isEqualTo(2);
    assertThat(usage.err).contains("--resume and --resume-failed need --joblog FILE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "virtual"})
  void run_jsonReportAndAuto_describeEveryJob(String model) throws Exception {
    Path json = dir.resolve("jobs.jsonl");
    Path report = dir.resolve("report.html");
    Cli c =
        Cli.run(
            dir,
            null,
            "run",
            "-m",
            model,
            "--json",
            json.toString(),
            "--report",
            report.toString(),
            "sh",
            "-c",
            "sleep 0.3; echo $0; [ $0 != bad ]", // waits: auto must see children that wait
            ":::",
            "a",
            "<b&c>",
            "bad",
            "d",
            "e",
            "f");
    assertThat(c.exit).isEqualTo(1);
    List<String> lines = Files.readAllLines(json);
    assertThat(lines).hasSize(6);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"input\":\"bad\"")
                    .contains("\"ok\":false")
                    .contains("\"exit\":1"));
    assertThat(lines)
        .allSatisfy(
            l -> assertThat(l).contains("\"model\":\"" + model + "\"").contains("\"slot\":"));
    String html = Files.readString(report);
    assertThat(html)
        .contains("<svg class=\"timeline\"")
        .contains("&lt;b&amp;c&gt;")
        .doesNotContain("<b&c>");
    if (model.equals("auto")) {
      assertThat(c.err).contains("jobs' commands used").contains("they wait");
    }
  }

  @Test
  void run_shellQuotesInputs_andArgvNeedsNoQuoting() throws Exception {
    String evil = "it's $(echo INJECTED); echo INJECTED";
    Cli shell = Cli.run(dir, evil + "\n", "run", "--shell", "echo", "{}", "|", "tr", "a-z", "A-Z");
    assertThat(shell.out).isEqualTo("IT'S $(ECHO INJECTED); ECHO INJECTED\n");
    Cli argv = Cli.run(dir, evil + "\n-n\n", "run", "-k", "printf", "<%s>\\n");
    assertThat(argv.out).isEqualTo("<" + evil + ">\n<-n>\n");
    Cli dry = Cli.run(dir, "a b\n", "run", "--dry-run", "cp", "{}", "{.}.bak");
    assertThat(dry.out).isEqualTo("cp 'a b' 'a b.bak'\n");
  }

  @Test
  void run_argFilesAndEmptyLines() throws Exception {
    Path a = Files.writeString(dir.resolve("a.txt"), "x\n\ny");
    Path b = Files.writeString(dir.resolve("b.txt"), "z\n");
    Cli all =
        Cli.run(dir, null, "run", "-k", "-a", a.toString(), "-a", b.toString(), "echo", "[{}]");
    assertThat(all.out).isEqualTo("[x]\n[]\n[y]\n[z]\n");
    Cli r = Cli.run(dir, null, "run", "-k", "-r", "-a", a.toString(), "echo", "[{}]");
    assertThat(r.out).isEqualTo("[x]\n[y]\n");
  }

  /**
   * SIGKILL of fanout half-way, then --resume with the same joblog: the joblog records every job
   * exactly once across both runs, and only the jobs running at the kill (not logged) ran twice.
   */
  @ParameterizedTest
  @ValueSource(strings = {"threads", "async"})
  void run_joblogThenResumeAfterSigkill_everyJobLoggedOnce(String model) throws Exception {
    Path log = dir.resolve("joblog");
    Path ran = dir.resolve("ran");
    Path inputs =
        Files.writeString(
            dir.resolve("in"),
            IntStream.rangeClosed(1, 12).mapToObj(i -> i + "\n").collect(Collectors.joining()));
    String[] args = {
      "run",
      "-m",
      model,
      "-j",
      "2",
      "--joblog",
      log.toString(),
      "-a",
      inputs.toString(),
      "sh",
      "-c",
      "sleep 0.3; echo $0 >> " + ran,
      "{}"
    };
    Process first = Cli.start(dir, args);
    while (!Files.exists(log) || Files.readAllLines(log).size() < 5) {
      assertThat(first.isAlive()).as("the first run ended before it was killed").isTrue();
      Thread.sleep(20);
    }
    first.destroyForcibly(); // SIGKILL: no hook runs
    first.waitFor(10, TimeUnit.SECONDS);
    Set<Long> logged = seqs(log).keySet();
    Thread.sleep(500); // children of the killed run finish on their own
    List<String> args2 = new ArrayList<>(List.of(args));
    args2.add(1, "--resume");
    Cli second = Cli.run(dir, null, args2.toArray(String[]::new));
    assertThat(second.exit).as(second.err).isEqualTo(0);
    Map<Long, Integer> all = seqs(log);
    assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(LongRange.of(1, 12));
    assertThat(all.values()).allMatch(n -> n == 1);
    assertThat(second.err).contains(logged.size() + " skipped");
    Map<String, Long> runs =
        Files.readAllLines(ran).stream()
            .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    assertThat(runs.keySet()).hasSize(12);
    runs.forEach(
        (input, n) -> {
          if (logged.contains(Long.parseLong(input))) {
            assertThat(n)
                .as("input %s was logged by the first run, so not run again", input)
                .isEqualTo(1);
          } else {
            assertThat(n).isLessThanOrEqualTo(2);
          }
        });
  }

  private static Map<Long, Integer> seqs(Path log) throws IOException {
    Map<Long, Integer> n = new HashMap<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.startsWith("Seq") && line.contains("\t")) {
        n.merge(Long.parseLong(line.split("\t")[0]), 1, Integer::sum);
      }
    }
    return n;
  }

  private static final class LongRange {
    static List<Long> of(long from, long to) {
      return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
  }

  /** Ctrl-C: exit 130, every child and grandchild gone, and the joblog ready for --resume. */
  @ParameterizedTest
  @ValueSource(strings = {"sequential", "threads", "virtual", "async", "processes", "auto"})
  void run_ctrlC_leavesNoChildBehind(String model) throws Exception {
    Path log = dir.resolve("joblog");
    Path pids = dir.resolve("pids");
    Process p =
        Cli.start(
            dir,
            "run",
            "-m",
            model,
            "-j",
            "2",
            "--joblog",
            log.toString(),
            "sh",
            "-c",
            "sleep 60 & echo $! >> " + pids + "; echo $$ >> " + pids + "; wait",
            ":::",
            "a",
            "b",
            "c");
    // each running job writes two pids (its shell and the shell's background sleep)
    int lines = model.equals("sequential") ? 2 : 4;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(pids) || Files.readAllLines(pids).size() < lines) {
      assertThat(p.isAlive()).as("fanout ended before Ctrl-C").isTrue();
      assertThat(System.nanoTime()).as("jobs did not start within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    Cli.interrupt(p);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("fanout ended after Ctrl-C").isTrue();
    assertThat(p.exitValue()).isEqualTo(130);
    // worker JVMs stop their children from their own shutdown hooks: allow a loaded machine time
    long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (String pid : Files.readAllLines(pids)) {
      long id = Long.parseLong(pid.trim());
      while (System.nanoTime() < gone
          && ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)) {
        Thread.sleep(50);
      }
      assertThat(ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false))
          .as("pid %d left running", id)
          .isFalse();
    }
    assertThat(Files.readAllLines(log).get(0)).startsWith("Seq\tHost\tStarttime");
  }

  /** Two members in JVMs of their own run the commands and send the output back. */
  @Test
  void run_cluster_twoMembersRunTheCommands() throws Exception {
    int p1 = freePort();
    int p2 = freePort();
    String members = "127.0.0.1:" + p1 + ",127.0.0.1:" + p2;
    List<Process> started = new ArrayList<>();
    try {
      started.add(member(p1, members));
      started.add(member(p2, members));
      Path log = dir.resolve("joblog");
      Cli c =
          Cli.run(
              dir,
              null,
              "run",
              "-m",
              "cluster",
              "--members",
              members,
              "-k",
              "-j",
              "4",
              "--joblog",
              log.toString(),
              "sh",
              "-c",
              "echo \"$0 from $PPID\"; echo warn $0 >&2",
              "{}",
              ":::",
              "a b",
              "c",
              "d",
              "e",
              "f",
              "g");
      assertThat(c.exit).as(c.err).isEqualTo(0);
      assertThat(c.out.lines().map(l -> l.substring(0, l.indexOf(" from"))))
          .containsExactly("a b", "c", "d", "e", "f", "g");
      assertThat(c.err).contains("warn a b").contains("run: 6/6 ok");
      Set<String> hosts =
          Files.readAllLines(log).stream()
              .skip(1)
              .map(l -> l.split("\t")[1])
              .collect(Collectors.toSet());
      assertThat(hosts).isSubsetOf(Set.of("127.0.0.1:" + p1, "127.0.0.1:" + p2)).isNotEmpty();
      Set<String> parents =
          c.out.lines().map(l -> l.substring(l.indexOf(" from ") + 6)).collect(Collectors.toSet());
      Set<String> memberPids =
          started.stream().map(p -> Long.toString(p.pid())).collect(Collectors.toSet());
      assertThat(memberPids).containsAll(parents); // every command was a member's child
    } finally {
      for (Process p : started) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process member(int port, String members) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx160m"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.fanout.cli.Main",
            "member",
            "--port",
            Integer.toString(port),
            "--members",
            members));
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      if (line.contains("Ctrl-C stops it")) {
        Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "drain-member");
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new IllegalStateException("member on port " + port + " ended before it was ready");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
