package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball, unpacked once in a temporary folder outside the checkout, run from there
 * (HOME there too, so its first run makes the start-up cache in that folder, once for all tests).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReleaseIT {
  @TempDir static Path dir;
  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    home = Release.unpack(dir);
  }

  @Test
  void tarball_holdsLauncherJarsCompletionManPagesLicenseAndReadme() throws Exception {

    assertThat(home.resolve("bin/fanout")).isExecutable();
    assertThat(home.resolve("fanout.jar")).isRegularFile();
    // picocli as Java 21 class files (the picocli module), not its Java 5 jar
    assertThat(home.resolve("lib/fanout-picocli-" + Release.VERSION + ".jar")).isRegularFile();
    assertThat(home.resolve("lib/picocli-4.7.7.jar")).doesNotExist();
    assertThat(home.resolve("lib/fanout-core-" + Release.VERSION + ".jar")).isRegularFile();
    assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License");
    assertThat(Files.readString(home.resolve("README.md"))).startsWith("# fanout");
    assertThat(Files.readString(home.resolve("share/man/man1/fanout.1")))
        .contains(".TH \"FANOUT\"");
    assertThat(Files.readString(home.resolve("share/man/man1/fanout-fetch.1")))
        .contains(".TH \"FANOUT\\-FETCH\"")
        .contains("concurrency");
  }

  @Test
  void launcher_printsTheBuildsVersionFromAnyFolder() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

    Release.Result r =
        Release.run(
            elsewhere,
            Map.of("HOME", dir.toString()),
            60,
            home.resolve("bin/fanout").toString(),
            "--version");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("fanout " + Release.VERSION + "\n").contains("JDK ");
  }

  @Test
  void jar_runsWithJavaDashJarFromAnyFolder() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    Release.Result r =
        Release.run(
            elsewhere,
            Map.of("HOME", dir.toString()),
            60,
            java,
            "-jar",
            home.resolve("fanout.jar").toString(),
            "--version");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("fanout " + Release.VERSION + "\n");
  }

  @Test
  void fetch_downloadsFromTheReleasesOwnServeOnLoopback() throws Exception {
    String fanout = home.resolve("bin/fanout").toString();

    try (Release.Server serve = Release.serve(home, dir, 4)) {
      for (String model : java.util.List.of("async", "threads")) { // Netty's client; HttpClient
        Release.Result r =
            Release.run(
                dir, Map.of("HOME", dir.toString()), 90, fanout, "fetch", "-m", model, "urls.txt");

        assertThat(r.exit()).as(r.err()).isZero();
        // and the libraries' logging stays off the terminal: no SLF4J notice, no warning
        assertThat(r.err())
            .contains("fetched 4/4 ok, 0 failed")
            .doesNotContain("SLF4J")
            .doesNotContainIgnoringCase("warn");
      }
    }
  }

  @Test
  void completion_registersFanoutInBash() throws Exception {

    Release.Result r =
        Release.run(
            dir,
            Map.of("HOME", dir.toString()),
            30,
            "bash",
            "-c",
            "source \"$1\" && complete -p fanout",
            "bash",
            home.resolve("share/bash-completion/fanout").toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("fanout");
  }
}
