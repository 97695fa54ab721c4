package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Model;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class HashCommandTest {
  @TempDir Path dir;
  Path tree;

  @BeforeEach
  void makeTree() throws Exception {
    tree = dir.resolve("t ree");
    Files.createDirectories(tree.resolve("sub/ünï"));
    int i = 0;
    for (String name :
        List.of("a b.txt", "-dash", "--", "ünïcödé.txt", "日本", "back\\slash", "new\nline", "x")) {
      Files.writeString(tree.resolve(name), "content " + i++);
      Files.writeString(tree.resolve("sub/ünï/" + name), "deeper " + i++);
    }
    Files.createSymbolicLink(tree.resolve("link"), tree.resolve("x"));
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void hash_everyModel_printsWhatSha256sumPrints(Model model) throws Exception {
    assumeTrue(CpuCommandTest.available(model), model + " is not in this build");
    CliRun r = CliRun.of("hash", "-m", model.label(), "-w", "2", tree.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(sha256sumOf(tree));
    assertThat(r.err()).contains("16 files");
  }

  @Test
  void hash_output_isAcceptedBySha256sumCheck() throws Exception {
    CliRun r = CliRun.of("hash", "-q", tree.toString());
    Path sums = dir.resolve("SUMS");
    Files.writeString(sums, r.out(), StandardCharsets.UTF_8);
    Process check =
        new ProcessBuilder("sha256sum", "-c", "--strict", sums.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(said).isZero();
    assertThat(said.lines().filter(l -> l.endsWith(": OK"))).hasSize(16);
  }

  @Test
  void hash_missingPath_exitOneWithAnErrorLineAndTheRestHashed() {
    Path missing = dir.resolve("missing");
    CliRun r = CliRun.of("hash", "-q", missing.toString(), "--", tree.resolve("-dash").toString());
    assertThat(r.exit()).isEqualTo(ExitCode.SOME_FAILED);
    assertThat(r.err())
        .isEqualTo(
            "fanout hash: " + missing + ": No such file or directory" + System.lineSeparator());
    assertThat(r.out().lines()).hasSize(1);
  }

  @Test
  void hash_follow_includesLinkedFiles() {
    assertThat(CliRun.of("hash", "-q", tree.toString()).out().lines()).hasSize(16);
    assertThat(CliRun.of("hash", "-q", "--follow", tree.toString()).out().lines()).hasSize(17);
  }

  @Test
  void hash_noPath_isAUsageError() {
    assertThat(CliRun.of("hash").exit()).isEqualTo(ExitCode.USAGE);
  }

  /** sha256sum over the regular files under {@code root}, in byte order of their paths. */
  static String sha256sumOf(Path root) throws Exception {
    List<String> files = new ArrayList<>();
    try (var walk = Files.walk(root)) {
      walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .forEach(p -> files.add(p.toString()));
    }
    List<String> command = new ArrayList<>(List.of("sha256sum", "--"));
    command.addAll(files);
    Process p = new ProcessBuilder(command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
