package dev.fanout.jobs.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.jobs.cpu.ModelsInBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class HashJobTest {
  /** Names that break naive tools: spaces, unicode, a leading dash, and sha256sum's escapes. */
  static final List<String> AWKWARD =
      List.of(
          "plain.txt",
          "with space.txt",
          "ünïcödé-名前.bin",
          "-leading-dash",
          "--double",
          "back\\slash",
          "new\nline",
          "carriage\rreturn",
          "tab\there",
          "empty");

  @TempDir Path dir;
  Path tree;

  @BeforeEach
  void makeTree() throws IOException {
    tree = dir.resolve("tree");
    Random random = new Random(42);
    int i = 0;
    for (String sub : List.of("", "sub dir/", "sub dir/déeper/")) {
      Files.createDirectories(tree.resolve(sub.isEmpty() ? "." : sub));
      for (String name : AWKWARD) {
        byte[] content = new byte[name.equals("empty") ? 0 : 1 + random.nextInt(200_000)];
        random.nextBytes(content);
        Files.write(tree.resolve(sub + name), content);
        i++;
      }
    }
    // links are skipped unless followed; the looping one must not hang a followed walk
    Files.createSymbolicLink(tree.resolve("link-to-file"), tree.resolve("plain.txt"));
    Files.createSymbolicLink(tree.resolve("sub dir/loop"), tree);
  }

  @Test
  void run_awkwardNames_matchesSha256sumAndItsCheckAcceptsIt() throws Exception {
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    HashJob.Result r;
    try (Fanout f = Fanout.builder().model(Model.THREADS).workers(2).build()) {
      r = HashJob.run(f, List.of(tree), false, out::add, problems::add);
    }
    assertThat(problems).isEmpty();
    assertThat(r.files()).isEqualTo(30);
    assertThat(r.failed()).isZero();
    assertThat(r.links()).as("link-to-file and sub dir/loop, not followed").isEqualTo(2);
    assertThat(r.skipped()).isEqualTo("; skipped 2 links (-L/--follow hashes their targets)");

    List<String> files = new ArrayList<>();
    try (var walk = Files.walk(tree)) {
      walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .forEach(p -> files.add(p.toString()));
    }
    List<String> command = new ArrayList<>(List.of("sha256sum", "--"));
    command.addAll(files);
    assertThat(String.join("\n", out) + "\n").isEqualTo(runTool(command, null).stdout);

    Path sums = dir.resolve("SHA256SUMS");
    Files.writeString(sums, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
    Tool check = runTool(List.of("sha256sum", "-c", "--quiet", sums.toString()), null);
    assertThat(check.exit).as(check.stdout).isZero();
  }

  @Test
  void run_follow_hashesLinksAndReportsTheLoopOnce() {
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Fanout f = Fanout.of(Model.SEQUENTIAL)) {
      HashJob.run(f, List.of(tree), true, out::add, problems::add);
    }
    assertThat(out).hasSize(31).anyMatch(l -> l.endsWith("/link-to-file"));
    assertThat(problems).singleElement().asString().contains("loop").contains("sub dir/loop");
  }

  @Test
  void run_missingPath_isAProblemAndTheRestIsHashed() {
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    HashJob.Result r;
    try (Fanout f = Fanout.of(Model.THREADS)) {
      r =
          HashJob.run(
              f,
              List.of(dir.resolve("nope"), tree.resolve("plain.txt")),
              false,
              out::add,
              problems::add);
    }
    assertThat(out).hasSize(1);
    assertThat(problems).containsExactly(dir.resolve("nope") + ": No such file or directory");
    assertThat(r.failed()).isEqualTo(1);
  }

  /**
   * A FIFO named by the user is a problem (sha256sum would block reading it); one inside a
   * directory is counted as skipped, never silently dropped.
   */
  @Test
  void run_fifo_namedIsAProblem_insideIsCountedAsSkipped() throws Exception {
    Path fifo = tree.resolve("sub dir/pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    HashJob.Result inside;
    HashJob.Result named;
    try (Fanout f = Fanout.of(Model.THREADS)) {
      inside = HashJob.run(f, List.of(tree), false, out::add, problems::add);
      assertThat(problems).isEmpty();
      named =
          HashJob.run(f, List.of(fifo, tree.resolve("plain.txt")), false, out::add, problems::add);
    }
    assertThat(inside.files()).isEqualTo(30);
    assertThat(inside.special()).isEqualTo(1);
    assertThat(inside.failed()).isZero();
    assertThat(inside.skipped())
        .isEqualTo(
            "; skipped 2 links (-L/--follow hashes their targets) and 1 FIFO, socket or device");
    assertThat(problems)
        .containsExactly(
            fifo + ": not a regular file or directory (a FIFO, socket or device): nothing to hash");
    assertThat(named.files()).isEqualTo(1);
    assertThat(named.failed()).isEqualTo(1);
    assertThat(named.skipped()).isEqualTo("; skipped 1 path named above");
  }

  @Test
  void sha256File_vanishedFile_failsWithTheReasonAndTheOthersSucceed() throws Exception {
    Path gone = tree.resolve("plain.txt");
    Files.delete(gone);
    try (Fanout f = Fanout.of(Model.THREADS)) {
      List<Outcome<String, String>> o =
          f.map(
              new Sha256File(),
              List.of(gone.toString(), tree.resolve("empty").toString(), tree.toString()));
      assertThat(((Outcome.Failure<?, ?>) o.get(0)).message())
          .isEqualTo("No such file or directory");
      assertThat(o.get(1).value())
          .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
      assertThat(((Outcome.Failure<?, ?>) o.get(2)).message()).isEqualTo("Is a directory");
    }
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void run_everyModel_sameLines(Model model) {
    assumeTrue(ModelsInBuild.available(model), model + " is not in this build");
    List<String> expected = new ArrayList<>();
    try (Fanout f = Fanout.of(Model.SEQUENTIAL)) {
      HashJob.run(f, List.of(tree), false, expected::add, p -> {});
    }
    List<String> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      HashJob.run(f, List.of(tree), false, out::add, problems::add);
    }
    assertThat(problems).isEmpty();
    assertThat(out).containsExactlyElementsOf(expected);
  }

  @Test
  void format_plainAndEscapedNames_asSha256sum() {
    assertThat(ChecksumLine.format("ab", "a b")).isEqualTo("ab  a b");
    assertThat(ChecksumLine.format("ab", "a\\b\nc\rd")).isEqualTo("\\ab  a\\\\b\\nc\\rd");
  }

  record Tool(int exit, String stdout) {}

  static Tool runTool(List<String> command, Path cwd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Tool(p.exitValue(), stdout);
  }
}
