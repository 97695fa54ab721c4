package dev.fanout.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.jobs.fetch.Folder;
import dev.fanout.jobs.fetch.Journal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fanout fetch} as a downloader, in JVMs of its own, against a loopback server: real
 * interruptions (SIGINT, SIGKILL) then {@code -C}, checksums, names, the journal, the folder lock,
 * outputs that are inputs, and outputs that fail.
 */
@Timeout(120)
class FetchDownloaderTest {
  private static RangeServer server;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    server = new RangeServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "KILL, threads",
    "INT, virtual",
    "KILL, async",
    "TERM, processes"
  })
  void continue_afterASignalMidBody_finishesByteExactAskingOnlyForTheRest(
      String signal, String model) throws Exception {
    int size = 4 << 20; // 64 chunks of 64 KiB, 40 ms apart: about 2.6 s
    String name = "big-" + signal + "-" + model + ".bin";
    String url = server.url("/f/" + name + "?size=" + size + "&ms=40");
    Path out = dir.resolve("out");
    Path part = Folder.partFile(out, url);
    long sentBefore = server.sent.get();
    try (Child c = Child.start(dir, 0, "fetch", "-m", model, "-o", out.toString(), url)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while ((!Files.exists(part) || Files.size(part) < size / 3) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.size(part)).as("partial bytes on disk").isGreaterThan(size / 3);
      c.signal(signal);
      int exit = c.await(20);
      if (!signal.equals("KILL")) { // the summary, cancelled apart, and how to go on
        assertThat(exit).isEqualTo(signal.equals("INT") ? 130 : 143);
        assertThat(c.err())
            .contains("fetched 0/1 ok, 0 failed")
            .contains("1 cancelled")
            .contains("stopped by SIG" + signal)
            .contains("--resume");
      } else {
        assertThat(exit).isEqualTo(137);
      }
    }
    assertThat(out.resolve(name)).doesNotExist();
    assertThat(part.resolveSibling(part.getFileName() + ".validator")).exists();
    long kept = Files.size(part);
    long firstRun = server.sent.get() - sentBefore;

    long sentMid = server.sent.get();
    try (Child c = Child.run(dir, 0, 60, "fetch", "-m", model, "-C", "-o", out.toString(), url)) {
      assertThat(c.exit()).as(c.err()).isZero();
    }
    long secondRun = server.sent.get() - sentMid;

    assertThat(Files.readAllBytes(out.resolve(name))).isEqualTo(RangeServer.body(size));
    // the server may still push a chunk or two of the first run before it sees the cut
    assertThat(secondRun).as("bytes sent again").isLessThanOrEqualTo(size - kept + 2 * 65536);
    assertThat(firstRun + secondRun).isLessThan(size + size / 2);
    assertThat(part).doesNotExist();
    assertThat(Journal.done(out)).containsExactly(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequential", "async", "cluster", "auto"})
  void sigint_onEveryModel_printsTheSummaryCancelledApartAndHowToGoOn(String model)
      throws Exception {
    String path = "/f/slow-" + model + ".bin";
    String url = server.url(path + "?size=" + (4 << 20) + "&ms=40");
    String quick = server.url("/f/quick-" + model + "?size=10");
    Path out = dir.resolve("out");
    try (Child c = Child.start(dir, 0, "fetch", "-m", model, "-o", out.toString(), quick, url)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (!server.requests.containsKey(path) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300); // mid-body
      c.signal("INT");
      assertThat(c.await(20)).as(c.err()).isEqualTo(130);
      assertThat(c.err())
          .contains("fetched 1/2 ok, 0 failed")
          .contains("1 cancelled")
          .contains("stopped by SIGINT")
          .contains("--resume")
          .doesNotContain("\tat ");
    }
    assertThat(Journal.done(out)).containsExactly(quick);
  }

  @Test
  void withoutContinue_aKeptPartialFileStartsOverAndTheResultIsStillWhole() throws Exception {
    String url = server.url("/f/again.bin?size=300000");
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.write(Folder.partFile(out, url), new byte[] {1, 2, 3}); // not a prefix of the body

    try (Child c = Child.run(dir, 0, 60, "fetch", "-o", out.toString(), url)) {
      assertThat(c.exit()).as(c.err()).isZero();
    }
    assertThat(Files.readAllBytes(out.resolve("again.bin"))).isEqualTo(RangeServer.body(300000));
  }

  @Test
  void urlsAsArgumentsAndLists_namesLikeCurlUniqueInTheFolder() throws Exception {
    Path list = dir.resolve("list.txt");
    int port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
    Files.writeString(
        list, "http://localhost:" + port + "/f/a?size=10\n" + server.url("/f/A?size=20") + "\n");
    Path out = dir.resolve("out");

    try (Child c =
        Child.run(
            dir,
            0,
            60,
            "fetch",
            "--json",
            dir.resolve("r.json").toString(),
            "-o",
            out.toString(),
            server.url("/f/a?size=5"),
            "-i",
            list.toString())) {
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(c.err()).contains("fetched 3/3 ok");
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .containsExactlyInAnyOrder("a", "a-2", "A-3");
    }
    assertThat(Files.size(out.resolve("a"))).isEqualTo(5);
    assertThat(Files.readString(dir.resolve("r.json"))).contains("\"file\":\"a-2\"");
  }

  @Test
  void checksums_goodKeptBadFailsWithBothDigestsAndIsNotKept() throws Exception {
    String good = server.url("/f/good.bin?size=1000");
    String bad = server.url("/f/bad.bin?size=1000");
    String none = server.url("/f/none.bin?size=10");
    String sha = sha256(RangeServer.body(1000));
    Path sums = dir.resolve("SHA256SUMS");
    Files.writeString(sums, sha + "  " + good + "\n" + "0".repeat(64) + " *" + bad + "\n");
    Path out = dir.resolve("out");

    try (Child c =
        Child.run(
            dir,
            0,
            60,
            "fetch",
            "--checksums",
            sums.toString(),
            "-o",
            out.toString(),
            good,
            bad,
            none)) {
      assertThat(c.exit()).isEqualTo(1);
      assertThat(c.err())
          .contains("checksum mismatch: expected sha256 " + "0".repeat(64) + ", got " + sha)
          .contains("fetched 2/3 ok, 1 failed");
    }
    assertThat(out.resolve("good.bin")).exists();
    assertThat(out.resolve("none.bin")).exists();
    assertThat(out.resolve("bad.bin")).doesNotExist();
    assertThat(Folder.partFile(out, bad)).doesNotExist();
  }

  @Test
  void resume_tornJournalLineCutInsideAUtf8Character_oneWarningNoStackTrace() throws Exception {
    String url = server.url("/f/t?size=10");
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    byte[] cut = ("http://h/\u00e9t\u00e9\tx\u00e9").getBytes(StandardCharsets.UTF_8);
    Files.write(out.resolve(Journal.NAME), java.util.Arrays.copyOf(cut, cut.length - 1));

    try (Child c = Child.run(dir, 0, 60, "fetch", "--resume", "-o", out.toString(), url)) {
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(c.err()).containsOnlyOnce("torn line").doesNotContain("Exception", "\tat ");
    }
    assertThat(Journal.done(out)).containsExactly(url);
  }

  @Test
  void secondRunOnTheSameFolder_exits2WithAClearMessage() throws Exception {
    Path out = dir.resolve("out");
    try (Folder held = Folder.open(out, false, w -> {});
        Child c = Child.run(dir, 0, 60, "fetch", "-o", out.toString(), server.url("/f/x"))) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("another fanout run is writing to").doesNotContain("\tat ");
    }
  }

  @Test
  void jsonIsTheUrlList_usageErrorAndTheListIsUntouched() throws Exception {
    Path list = dir.resolve("urls.txt");
    Files.writeString(list, server.url("/f/x") + "\n");

    try (Child c = Child.run(dir, 0, 60, "fetch", "--json", list.toString(), list.toString())) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--json").contains("is also an input");
    }
    assertThat(Files.readString(list)).isEqualTo(server.url("/f/x") + "\n");
  }

  @Test
  void hashJsonIsAHashedFile_usageErrorAndTheFileIsUntouched() throws Exception {
    Path f = dir.resolve("f");
    Files.writeString(f, "keep me");

    try (Child c = Child.run(dir, 0, 60, "hash", f.toString(), "--json", f.toString())) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("is also an input");
    }
    assertThat(Files.readString(f)).isEqualTo("keep me");
  }

  @Test
  void outAndJsonNotWritable_clearErrorsUpFront() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    // under a file: no folder can be made there, not even by root
    try (Child c =
        Child.run(dir, 0, 60, "fetch", "-o", file.resolve("x").toString(), server.url("/f/x"))) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--out").doesNotContain("\tat ", "Exception in");
    }
    try (Child c = Child.run(dir, 0, 60, "fetch", "--json", dir.toString(), server.url("/f/x"))) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--json").contains("is a folder");
    }
    try (Child c =
        Child.run(
            dir,
            0,
            60,
            "fetch",
            "--json",
            dir.resolve("no/such.json").toString(),
            server.url("/f/x"))) {
      assertThat(c.exit()).as(c.err()).isEqualTo(2);
      assertThat(c.err()).contains("--json").contains("does not exist");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fetch -v URL URL URL", "fetch --json - URL", "hash .", "cpu --count 3"})
  void stdoutIsDevFull_oneClearLineExit1(String command) throws Exception {
    Path devFull = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(devFull), "no /dev/full");
    List<String> args = new ArrayList<>();
    for (String a : command.split(" ")) {
      args.add(a.equals("URL") ? server.url("/f/x?size=10") : a);
    }
    Shell r = Shell.run(dir, "", args, "> /dev/full");
    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat(r.err).contains("cannot write to").doesNotContain("\tat ");
  }

  @Test
  void stdoutClosedByHead_theRunStopsPromptlyWithExit1() throws Exception {
    List<String> args = new ArrayList<>(List.of("fetch", "-v", "-c", "2", "-i", "-"));
    StringBuilder urls = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      urls.append(server.url("/f/p" + i + "?size=10&ms=0")).append('\n');
    }
    // 400 URLs, 2 at a time, each slowed below: a full run takes far longer than the bound
    Path list = dir.resolve("list.txt");
    Files.writeString(
        list, urls.toString().replace("ms=0", "ms=50").replace("size=10", "size=70000"));
    args.set(5, list.toString());
    long t0 = System.nanoTime();
    Shell r = Shell.run(dir, "", args, "| head -1");
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat(r.err).contains("cannot write to stdout");
    assertThat(seconds).isLessThan(20);
  }

  @Test
  void cpuPipedIntoHead_stopsPromptly() throws Exception {
    long t0 = System.nanoTime();
    Shell r =
        Shell.run(dir, "", List.of("cpu", "--count", "300000", "--base", "200000"), "| head -1");
    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"threads", "processes"})
  void limitRate_1MOver5MB_takesAboutFiveSeconds(String model) throws Exception {
    List<String> args = new ArrayList<>(List.of("fetch", "-m", model, "--limit-rate", "1M"));
    for (int i = 0; i < 5; i++) {
      args.add(server.url("/f/r" + model + i + "?size=1048576"));
    }
    if (model.equals("processes")) {
      args.addAll(List.of("-w", "2"));
    }
    long t0 = System.nanoTime();
    try (Child c = Child.run(dir, 0, 90, args.toArray(String[]::new))) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(c.exit()).as(c.err()).isZero();
      assertThat(c.err()).contains("fetched 5/5 ok");
      // 5 MiB at 1 MiB/s: about 5 s; the lower bound is what a limit promises (the upper one
      // depends on this machine's load, so it is only loose)
      assertThat(seconds).as("wall seconds").isGreaterThan(3.8).isLessThan(60);
      if (model.equals("processes")) {
        assertThat(c.err()).contains("split evenly among the 2 worker JVMs");
      }
    }
  }

  @Test
  void rate_10PerSecondOnOneHost_spreads50RequestsWhileAnotherHostIsNotSlowed() throws Exception {
    try (RangeServer other = new RangeServer("127.0.0.2")) {
      Path list = dir.resolve("list.txt");
      StringBuilder urls = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        urls.append(server.url("/f/slow" + i + "?size=10")).append('\n');
        if (i % 10 == 9) { // 5 URLs of another host, late in the list: its own 10/s, not queued
          urls.append(other.url("/f/fast" + i + "?size=10")).append('\n');
        }
      }
      Files.writeString(list, urls.toString());
      server.arrivals.clear();
      double runSeconds;
      try (Child c =
          Child.run(dir, 0, 90, "fetch", "-m", "virtual", "--rate", "10/s", list.toString())) {
        assertThat(c.exit()).as(c.err()).isZero();
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("fetched 55/55 ok.* in ([0-9.]+) s").matcher(c.err());
        assertThat(m.find()).as(c.err()).isTrue();
        runSeconds = Double.parseDouble(m.group(1));
      }
      List<Long> slow = new ArrayList<>(server.arrivals);
      List<Long> fast = new ArrayList<>(other.arrivals);
      assertThat(slow).hasSize(50);
      assertThat(fast).hasSize(5);
      double slowSpan = (java.util.Collections.max(slow) - java.util.Collections.min(slow)) / 1e9;
      double fastSpan = (java.util.Collections.max(fast) - java.util.Collections.min(fast)) / 1e9;
      // 50 starts at least 0.1 s apart: the run cannot end before 4.9 s (the caller's pacing
      // sleeps; a busy server may see them bunched, so its own arrival times are only printed)
      assertThat(runSeconds).as("seconds the run took").isGreaterThan(4.8);
      // the other host's 5 requests, queued behind host 1's in the list, go at their own pace
      assertThat(fastSpan).as("seconds over which host 2 was asked").isLessThan(2.0);
      System.out.printf(
          "--rate 10/s: run %.2f s; 50 requests arrived at host 1 over %.2f s, 5 at host 2 over"
              + " %.2f s%n",
          runSeconds, slowSpan, fastSpan);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"threads", "processes", "async"})
  void permanentErrors_neverRetried_429Is(String model) throws Exception {
    String missing = server.url("/status/404");
    String bad = server.url("/status/400");
    String busy = server.url("/status/429");
    server.requests.clear();
    try (Child c =
        Child.run(dir, 0, 90, "fetch", "-m", model, "--retries", "2", missing, bad, busy)) {
      assertThat(c.exit()).isEqualTo(1);
    }
    assertThat(server.requests.get("/status/404").get()).isEqualTo(1);
    assertThat(server.requests.get("/status/400").get()).isEqualTo(1);
    assertThat(server.requests.get("/status/429").get()).isEqualTo(3);
  }

  @Test
  void controlCharactersFromInputsAndServers_escapedOnTheTerminal() throws Exception {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "http://h/\u001b[31mred\u001b]0;title\u0007 x\n");
    try (Child c = Child.run(dir, 0, 60, "fetch", list.toString())) {
      assertThat(c.exit()).isEqualTo(1);
      assertThat(c.err()).doesNotContain("\u001b", "\u0007").contains("\\x1b[31mred");
    }
  }

  @Test
  void tree_mirrorsHostAndPathLikeWgetX() throws Exception {
    Path out = dir.resolve("out");
    String a = server.url("/f/d/e.txt?size=3");
    try (Child c = Child.run(dir, 0, 60, "fetch", "--tree", "-o", out.toString(), a)) {
      assertThat(c.exit()).as(c.err()).isZero();
    }
    int port = Integer.parseInt(server.url("").replaceAll(".*:", ""));
    assertThat(out.resolve("127.0.0.1_" + port + "/f/d/e.txt")).hasSize(3);
  }

  @Test
  void benchAndAdviseWithAFolderForAFile_usageErrorsBeforeAnythingRuns() throws Exception {
    for (String[] args :
        List.of(
            new String[] {"bench", "--urls", dir.toString()},
            new String[] {"advise", "--urls", dir.toString()},
            new String[] {"bench", "--report", dir.toString()})) {
      long t0 = System.nanoTime();
      try (Child c = Child.run(dir, 0, 60, args)) {
        assertThat(c.exit()).as(c.err()).isEqualTo(2);
        assertThat(c.err()).contains(args[1]).contains("is a folder").doesNotContain("\tat ");
      }
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
      assertThat(dir.resolve(dir.getFileName() + ".part")).doesNotExist();
    }
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** {@code fanout ARGS REDIRECT} through bash, for pipes and /dev/full; exit is fanout's. */
  private record Shell(int exit, String err) {
    static Shell run(Path dir, String stdin, List<String> args, String redirect)
        throws IOException, InterruptedException {
      StringBuilder cmd = new StringBuilder();
      cmd.append(quote(ProcessHandle.current().info().command().orElse("java")))
          .append(" -cp ")
          .append(quote(System.getProperty("java.class.path")))
          .append(" dev.fanout.cli.Main");
      for (String a : args) {
        cmd.append(' ').append(quote(a));
      }
      cmd.append(' ').append(redirect).append("; exit ${PIPESTATUS[0]}");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process p =
          new ProcessBuilder("bash", "-c", cmd.toString())
              .directory(dir.toFile())
              .redirectError(err.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("fanout " + args + " " + redirect + " did not end in 60 s");
      }
      return new Shell(p.exitValue(), Files.readString(err));
    }

    private static String quote(String s) {
      return "'" + s.replace("'", "'\\''") + "'";
    }
  }
}
