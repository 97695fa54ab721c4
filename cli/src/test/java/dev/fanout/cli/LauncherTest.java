package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JDK discovery that ./fanout and ./test share, run as a new user would: no JAVA_HOME. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  record Result(int exit, String out, String err) {}

  private static Result findJdk(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash", "-c", ". scripts/find-jdk.sh && echo \"$JAVA_HOME\" && java -version");
    pb.directory(ROOT.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("FANOUT_JDK_DIRS");
    pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return new Result(p.exitValue(), out, err);
  }

  private static int major(Path javaHome) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-version").start();
    String text = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String v = text.replaceAll("(?s).*version \"([0-9]+).*", "$1");
    return Integer.parseInt(v);
  }

  @Test
  void findJdk_withoutJavaHomePicksAJdkOf21OrNewer() throws Exception {
    Result r = findJdk(Map.of());

    assertThat(r.exit()).as(r.err()).isZero();
    Path home = Path.of(r.out().lines().findFirst().orElseThrow());
    assertThat(major(home)).isGreaterThanOrEqualTo(21);
    assertThat(r.err())
        .as("java on the PATH is the one found")
        .contains("version \"" + major(home));
  }

  @Test
  void findJdk_ignoresAJavaHomeOlderThan21() throws Exception {
    List<Path> old;
    try (var s = Files.list(Path.of("/usr/lib/jvm"))) {
      old =
          s.filter(d -> Files.isExecutable(d.resolve("bin/javac")))
              .filter(
                  d -> {
                    try {
                      return major(d) < 21;
                    } catch (Exception e) {
                      return false;
                    }
                  })
              .toList();
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(old.isEmpty(), "no JDK older than 21 here");

    Result r = findJdk(Map.of("JAVA_HOME", old.get(0).toString()));

    assertThat(r.exit()).isZero();
    assertThat(major(Path.of(r.out().lines().findFirst().orElseThrow())))
        .isGreaterThanOrEqualTo(21);
  }

  @Test
  void findJdk_noneFoundSaysWhatToInstall(@TempDir Path empty) throws Exception {
    Result r = findJdk(Map.of("FANOUT_JDK_DIRS", empty + "/*", "PATH", empty + ":/bin"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("needs a JDK 21 or newer").contains("Install one");
  }

  private static String cacheKind(String... args) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                    List.of(
                        "bash",
                        "-c",
                        ". scripts/startup-cache.sh && fanout_cache_kind \"$@\"",
                        "-"),
                    List.of(args))
                .stream()
                .flatMap(List::stream)
                .toList());
    pb.directory(ROOT.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor(30, TimeUnit.SECONDS);
    assertThat(p.exitValue()).isZero();
    return out;
  }

  /**
   * fetch gets the AOT cache of its client (async's, or the blocking one's), but on cluster and
   * processes, whose client and parent side are in the static archive only.
   */
  @Test
  void cacheKind_fetchButNotOnCluster() throws Exception {
    assertThat(cacheKind("fetch", "urls.txt")).isEqualTo("fetch");
    assertThat(cacheKind("fetch", "-m", "virtual", "-c", "1000", "urls.txt")).isEqualTo("fetch");
    assertThat(cacheKind("fetch", "-m", "async", "-c", "1000", "urls.txt"))
        .isEqualTo("fetch-async");
    assertThat(cacheKind("fetch", "--model=async", "urls.txt")).isEqualTo("fetch-async");
    assertThat(cacheKind("fetch", "async", "cluster")).as("files named so").isEqualTo("fetch");
    assertThat(cacheKind("fetch", "-m", "cluster", "urls.txt")).isEmpty();
    assertThat(cacheKind("fetch", "--model", "cluster", "urls.txt")).isEmpty();
    assertThat(cacheKind("fetch", "-m", "processes", "urls.txt")).isEmpty();
    assertThat(cacheKind("fetch", "--model=cluster", "urls.txt")).isEmpty();
    assertThat(cacheKind("fetch", "-mcluster", "urls.txt")).isEmpty();
    assertThat(cacheKind("hash", "a.txt")).isEmpty();
    assertThat(cacheKind()).isEmpty();
  }

  /** Runs {@code script} (bash, with startup-cache.sh sourced) in {@code dir}: its stdout. */
  private static String cacheScript(Path dir, String script) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash", "-c", ". " + ROOT.resolve("scripts/startup-cache.sh") + " && " + script);
    pb.directory(dir.toFile());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String stale(Path dir) throws Exception {
    return cacheScript(
        dir,
        "if fanout_cache_stale 'my cache.aot' 'main.jar:lib dir/*'; then echo stale; else echo"
            + " fresh; fi");
  }

  /**
   * The start-up cache is remade when any jar of the class path changed, not only the main one: a
   * rebuild that changes one module's jar, or an older release unpacked over a newer one. JDK 25
   * itself would go on loading the old classes from the cache.
   */
  @Test
  void cacheStale_whenAnyJarOfTheClassPathChanged(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("lib dir"));
    Files.writeString(dir.resolve("main.jar"), "main");
    Files.writeString(dir.resolve("lib dir/a.jar"), "a");
    Files.writeString(dir.resolve("lib dir/b.jar"), "b");
    Files.writeString(dir.resolve("my cache.aot"), "cache");
    assertThat(stale(dir)).as("no stamp: never trusted").isEqualTo("stale");

    cacheScript(
        dir,
        "fanout_cache_stamp 'main.jar:lib dir/*' && printf %s \"$FANOUT_CACHE_STAMP\""
            + " >'my cache.aot.stamp'");
    assertThat(Files.readString(dir.resolve("my cache.aot.stamp")))
        .contains("lib dir/a.jar 1 ")
        .contains("lib dir/b.jar 1 ");
    assertThat(stale(dir)).isEqualTo("fresh");

    Files.writeString(dir.resolve("lib dir/b.jar"), "b, older and larger");
    Files.setLastModifiedTime(
        dir.resolve("lib dir/b.jar"),
        java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L)); // 2000: older than all
    assertThat(stale(dir)).as("a dependency's jar replaced by an older one").isEqualTo("stale");

    cacheScript(
        dir,
        "fanout_cache_stamp 'main.jar:lib dir/*' && printf %s \"$FANOUT_CACHE_STAMP\""
            + " >'my cache.aot.stamp'");
    assertThat(stale(dir)).isEqualTo("fresh");
    Files.writeString(dir.resolve("lib dir/c.jar"), "c");
    assertThat(stale(dir)).as("a jar added").isEqualTo("stale");
    Files.delete(dir.resolve("lib dir/c.jar"));
    assertThat(stale(dir)).isEqualTo("fresh");
    Files.delete(dir.resolve("my cache.aot"));
    assertThat(stale(dir)).as("no cache").isEqualTo("stale");
  }
}
