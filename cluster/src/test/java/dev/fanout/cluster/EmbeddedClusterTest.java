package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Task;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The cluster model with its default: one embedded member in this JVM. */
@Timeout(60)
class EmbeddedClusterTest {

  @Test
  void map_embeddedMember_runsEveryInputInOrderOnTheMember() {
    Set<String> workers = ConcurrentHashMap.newKeySet();
    try (Fanout f =
        Fanout.builder()
            .model(Model.CLUSTER)
            .workers(2)
            .listener(
                e -> {
                  if (e instanceof Event.Finished fin) {
                    workers.add(fin.worker());
                  }
                })
            .build()) {
      List<Long> inputs = LongStream.range(0, 500).boxed().toList();
      List<Outcome<Long, Long>> out = f.map(new TestTasks.Square(), inputs);
      assertThat(out).hasSize(500);
      for (int i = 0; i < 500; i++) {
        assertThat(out.get(i)).isInstanceOf(Outcome.Success.class);
        assertThat(((Outcome.Success<Long, Long>) out.get(i)).result()).isEqualTo((long) i * i);
        assertThat(out.get(i).index()).isEqualTo(i);
      }
    }
    assertThat(workers).singleElement().asString().startsWith("member-127.0.0.1:");
  }

  @Test
  void map_twoTasksOnOneFanout_eachInputRunsItsOwnTask() {
    try (Fanout f = Fanout.builder().model(Model.CLUSTER).build()) {
      assertThat(f.map(new TestTasks.Square(), List.of(3L)).get(0))
          .usingRecursiveComparison()
          .ignoringFields("stats")
          .isEqualTo(new Outcome.Success<>(0, 3L, 9L, 1));
      Outcome<Integer, String> o = f.map(new TestTasks.WhichResource(), List.of(1)).get(0);
      assertThat(o).isInstanceOf(Outcome.Failure.class);
      assertThat(((Outcome.Failure<Integer, String>) o).error())
          .hasMessageContaining("no per-worker resource");
    }
  }

  @Test
  void map_taskThrows_failureKeepsItsExceptionType() {
    try (Fanout f = Fanout.builder().model(Model.CLUSTER).build()) {
      List<Outcome<String, String>> out = f.map(new TestTasks.Boom(), List.of("a", "b"));
      assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Failure.class));
      Throwable error = ((Outcome.Failure<String, String>) out.get(1)).error();
      assertThat(error).isInstanceOf(IOException.class).hasMessage("boom b");
      assertThat(error.getStackTrace()[0].getClassName()).isEqualTo(TestTasks.Boom.class.getName());
    }
  }

  @Test
  void map_resource_openedOncePerMemberAndClosedAtTheEnd() {
    int opens0 = TestTasks.CountedResource.OPENS.get();
    int closes0 = TestTasks.CountedResource.CLOSES.get();
    try (Fanout f =
        Fanout.builder()
            .model(Model.CLUSTER)
            .workers(3)
            .resource(new TestTasks.CountedResource())
            .build()) {
      List<Outcome<Integer, String>> out =
          f.map(new TestTasks.WhichResource(), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
      assertThat(out)
          .extracting(o -> ((Outcome.Success<Integer, String>) o).result())
          .containsOnly(
              out.get(0) instanceof Outcome.Success<Integer, String> s ? s.result() : "?");
    }
    assertThat(TestTasks.CountedResource.OPENS.get() - opens0).isEqualTo(1);
    assertThat(TestTasks.CountedResource.CLOSES.get() - closes0).isEqualTo(1);
  }

  @Test
  void map_lambda_refusedWithAClearMessage() {
    try (Fanout f = Fanout.builder().model(Model.CLUSTER).build()) {
      Task<String, String> lambda = (s, w) -> s;
      assertThatThrownBy(() -> f.map(lambda, List.of("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lambda")
          .hasMessageContaining("public no-arg constructor");
    }
  }

  @Test
  void map_tasksWritingFiles_landOnTheCallerWholeAndOnlyInTheirSettingsDirectory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("out dir ü"));
    try (Fanout f = Fanout.builder().model(Model.CLUSTER).workers(3).build()) {
      List<Outcome<String, Long>> out =
          f.map(
              new TestTasks.WritesFile(new TestTasks.Target(dir)),
              List.of("big:6000000", "small:5", "empty:0", "../escape:10"));

      assertThat(out.subList(0, 3)).allMatch(Outcome::isSuccess);
      assertThat(((Outcome.Failure<String, Long>) out.get(3)).message())
          .contains("refusing to write")
          .contains("not a plain absolute path");
    }
    byte[] big = java.nio.file.Files.readAllBytes(dir.resolve("big"));
    assertThat(big).hasSize(6_000_000);
    for (int i = 0; i < big.length; i += 9973) {
      assertThat(big[i]).isEqualTo((byte) (i % 251));
    }
    assertThat(java.nio.file.Files.size(dir.resolve("small"))).isEqualTo(5);
    assertThat(java.nio.file.Files.size(dir.resolve("empty"))).isZero();
    assertThat(tmp.resolve("escape")).doesNotExist();
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("big", "small", "empty");
    }
  }

  @Test
  void map_taskWritingOutsideItsSettingsDirectory_isRefusedByTheCaller(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws IOException {
    java.nio.file.Path allowed = java.nio.file.Files.createDirectories(tmp.resolve("allowed"));
    java.nio.file.Path other = java.nio.file.Files.createDirectories(tmp.resolve("other"));
    try (Fanout f = Fanout.builder().model(Model.CLUSTER).workers(1).build()) {
      // a task whose settings name "allowed" asks for a file in "other"
      List<Outcome<String, Long>> out =
          f.map(
              new TestTasks.WritesFile(new TestTasks.Target(allowed)),
              List.of(other.resolve("x") + ":3"));
      assertThat(((Outcome.Failure<String, Long>) out.get(0)).message())
          .contains("refusing to write " + other.resolve("x"))
          .contains("members may write only into a directory the task's settings name");
    }
    try (var files = java.nio.file.Files.list(other)) {
      assertThat(files).isEmpty();
    }
  }
}
