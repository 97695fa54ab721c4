package dev.fanout.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The release's jars as modules: {@code java -p fanout.jar:lib -m dev.fanout.cli/...}. The launcher
 * runs them on the class path; this checks that the module-infos hold on a module path too, where a
 * missing {@code requires} (or one an automatic module such as Hazelcast or httpclient5 needs and
 * cannot declare) fails only at run time.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModulePathIT {
  @TempDir static Path dir;
  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    home = Release.unpack(dir);
  }

  private static Release.Result onModulePath(int timeoutSeconds, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(home.resolve("fanout.jar") + ":" + home.resolve("lib"));
    command.addAll(List.of(args));
    return Release.run(
        dir, Map.of("HOME", dir.toString()), timeoutSeconds, command.toArray(String[]::new));
  }

  private static Release.Result fanout(int timeoutSeconds, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("-m", "dev.fanout.cli/dev.fanout.cli.Main"));
    command.addAll(List.of(args));
    return onModulePath(timeoutSeconds, command.toArray(String[]::new));
  }

  @Test
  void jars_resolveAsModulesWithoutSplitPackages() throws Exception {
    Release.Result r = onModulePath(60, "--validate-modules");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"threads", "processes", "cluster"})
  void cpu_runsOnAModulePath(String model) throws Exception {
    // processes: worker JVMs start from the same module path; cluster: an embedded Hazelcast member
    Release.Result r = fanout(120, "cpu", "--model", model, "--count", "3", "--scale", "0.01");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(3);
    assertThat(r.err()).contains("cpu: 3 tasks on " + model).contains(" 0 failed");
  }

  @Test
  void fetch_runsOnAModulePathThroughTheBlockingClient() throws Exception {
    // threads: httpclient5, which needs SLF4J and jdk.net without being able to require them
    try (Release.Server serve = Release.serve(home, dir, 4)) {
      Release.Result r = fanout(90, "fetch", "-m", "threads", "urls.txt");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err()).contains("fetched 4/4 ok, 0 failed");
    }
  }
}
