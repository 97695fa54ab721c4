package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn install} publishes the library under {@code dev.fanout}, and a project of someone
 * else's builds against it offline. The install goes to a fresh local repository of the test's own
 * (Maven 3.9's {@code maven.repo.local.tail} lends it the build's plugins), so the user's {@code
 * ~/.m2} is left as it was; the wrapper {@code ./mvnw} brings that Maven.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsumerIT {
  private static final Path M2 =
      Path.of(
          System.getProperty(
              "fanout.m2",
              Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));

  @TempDir Path dir;

  @Test
  void install_publishesTheLibraryAndAConsumerBuildsAgainstItOffline() throws Exception {
    Path repo = dir.resolve("repo");
    String v = Release.VERSION;

    Release.Result install =
        maven(
            Release.ROOT,
            repo,
            false,
            "-DskipTests",
            "-Dspotless.check.skip=true",
            "-Dfanout.library.skip=true", // the build's own jars are checked below, not remade
            "-pl",
            "core,jobs,cluster",
            "-am",
            "install");
    assertThat(install.exit()).as(install.out() + install.err()).isZero();
    for (String module : List.of("core", "jobs", "cluster")) {
      Path published = repo.resolve("dev/fanout/fanout-" + module + "/" + v);
      assertThat(published.resolve("fanout-" + module + "-" + v + ".jar")).isRegularFile();
      assertThat(Files.readString(published.resolve("fanout-" + module + "-" + v + ".pom")))
          .contains("<artifactId>fanout-parent</artifactId>");
      Path built = Release.ROOT.resolve(module + "/target");
      assertThat(built.resolve("fanout-" + module + "-" + v + "-sources.jar")).isRegularFile();
      assertThat(built.resolve("fanout-" + module + "-" + v + "-javadoc.jar")).isRegularFile();
    }
    assertThat(
            Files.readString(
                repo.resolve("dev/fanout/fanout-parent/" + v + "/fanout-parent-" + v + ".pom")))
        .contains("<name>Apache-2.0</name>")
        .contains("<developers>")
        .contains("<scm>");

    Path consumer = dir.resolve("consumer");
    Release.copy(Release.ROOT.resolve("dist/src/it/consumer"), consumer);
    Release.Result build =
        maven(
            consumer,
            repo,
            true,
            "-Dfanout.version=" + v,
            "compile",
            "dependency:build-classpath",
            "-Dmdep.outputFile=cp.txt");
    assertThat(build.exit()).as(build.out() + build.err()).isZero();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = "target/classes:" + Files.readString(consumer.resolve("cp.txt")).strip();
    Release.Result run = Release.run(consumer, Map.of(), 60, java, "-cp", cp, "example.Consumer");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("fan 3\nout 3\nlibrary 7\n");
  }

  private static Release.Result maven(Path where, Path repo, boolean offline, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Release.ROOT.resolve("mvnw").toString());
    cmd.addAll(List.of("-B", "-q", "-ntp"));
    if (offline) {
      cmd.add("-o");
    }
    cmd.add("-Dmaven.repo.local=" + repo);
    cmd.add("-Dmaven.repo.local.tail=" + M2);
    cmd.addAll(List.of(args));
    return Release.run(
        where,
        Map.of(
            "JAVA_HOME",
            System.getProperty("java.home"),
            "HOME",
            System.getProperty("user.home"),
            "MAVEN_OPTS",
            "--sun-misc-unsafe-memory-access=allow"),
        240,
        cmd.toArray(new String[0]));
  }
}
