package dev.fanout.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.WorkerLostException;
import dev.fanout.contract.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Out of memory, deaf tasks, inputs that cannot travel, and when CDS applies. */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProcessEngineEdgeTest {

  @Test
  void map_workerRunsOutOfMemory_isLostAndReportedAsOutOfMemory() {
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.PROCESSES)
            .workers(1)
            .workerJvmArgs(List.of("-Xmx32m"))
            .build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new RunsOutOfMemory(), List.of(0L, 1L, 2L));

      assertThat(outcomes.get(0).value()).isEqualTo(0L);
      assertThat(outcomes.get(2).value()).isEqualTo(2L);
      assertThat(((Outcome.Failure<Long, Long>) outcomes.get(1)).error())
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("ran out of memory (java.lang.OutOfMemoryError")
          .hasMessageContaining("exit code 3");
    }
  }

  @Test
  void close_whileTasksIgnoreTheirInterrupt_stopsTheirWorkersPromptly() throws Exception {
    Set<String> started = ConcurrentHashMap.newKeySet();
    Fanout fanout =
        Fanout.builder()
            .model(Model.PROCESSES)
            .workers(2)
            .listener(
                e -> {
                  if (e instanceof Event.Started s) {
                    started.add(s.worker());
                  }
                })
            .build();
    AtomicReference<List<Outcome<Long, Long>>> result = new AtomicReference<>();
    Thread caller =
        new Thread(() -> result.set(fanout.map(new IgnoresInterrupts(), List.of(1L, 2L))));
    caller.start();
    while (started.size() < 2) {
      Thread.sleep(10);
    }
    List<ProcessHandle> workers = ProcessEngineTest.workers();
    long t0 = System.nanoTime();
    fanout.close();
    caller.join(10_000);

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(10_000);
    assertThat(result.get()).hasSize(2).noneMatch(Outcome::isSuccess);
    assertThat(workers).hasSize(2).noneMatch(p -> ProcessEngineTest.alive(p.pid()));
  }

  /** Jackson cannot write an object without properties. */
  static final class Opaque {}

  @Test
  void map_inputThatCannotBeEncoded_failsThatInputOnly() {
    try (Fanout fanout = Fanout.builder().model(Model.PROCESSES).workers(1).build()) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      List<Outcome<Object, Object>> outcomes =
          fanout.map((dev.fanout.Task) new Identity(), List.of(1L, new Opaque(), 3L));

      assertThat(outcomes.get(0).value()).isEqualTo(1L);
      assertThat(((Outcome.Failure<Object, Object>) outcomes.get(1)).error())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot send input 1 to a worker process");
      assertThat(outcomes.get(2).value()).isEqualTo(3L);
    }
  }

  @Test
  void jarsOnly_directoriesOrManifestDirectories_turnCdsOff(@TempDir Path dir) throws IOException {
    Path plain = jar(dir.resolve("plain.jar"), null);
    Path booter = jar(dir.resolve("booter.jar"), "lib/a.jar target/classes/");
    Path jars = jar(dir.resolve("jars.jar"), "lib/a.jar lib/b.jar");
    Files.createDirectories(dir.resolve("classes"));

    assertThat(WorkerCommand.jarsOnly(plain + ":" + jars)).isTrue();
    assertThat(WorkerCommand.jarsOnly(plain + ":" + dir.resolve("classes"))).isFalse();
    assertThat(WorkerCommand.jarsOnly(booter.toString())).isFalse();
    assertThat(WorkerCommand.jarsOnly("")).isFalse();
  }

  private static Path jar(Path path, String classPath) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(path), m)) {
      // a manifest is all it needs
    }
    return path;
  }

  @Test
  void map_taskCallsSystemExitWithThree_isReportedAsExitNotOutOfMemory() {
    try (Fanout fanout = Fanout.builder().model(Model.PROCESSES).workers(1).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new EndsItsWorker(), List.of(0L, 3L, 2L));

      assertThat(outcomes.get(0).value()).isEqualTo(0L);
      assertThat(outcomes.get(2).value()).isEqualTo(2L);
      assertThat(((Outcome.Failure<Long, Long>) outcomes.get(1)).error())
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("a task called System.exit(3), exit code 3")
          .hasMessageNotContaining("memory");
      assertThat(outcomes.get(1).attempts()).isEqualTo(3); // retried on fresh workers
    }
  }

  @Test
  void map_taskHaltsTheJvm_isReportedAsAHaltWithItsCode() {
    try (Fanout fanout = Fanout.builder().model(Model.PROCESSES).workers(1).build()) {
      List<Outcome<Long, Long>> outcomes = fanout.map(new EndsItsWorker(), List.of(1L, 105L));

      assertThat(outcomes.get(0).value()).isEqualTo(1L);
      assertThat(((Outcome.Failure<Long, Long>) outcomes.get(1)).error())
          .isInstanceOf(WorkerLostException.class)
          .hasMessageContaining("halted with exit code 5 without running shutdown hooks");
    }
  }
}
