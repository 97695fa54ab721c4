package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -c} means in flight on {@code cluster}: two real members on loopback (in this JVM, so the
 * tasks themselves count how many run at once across both) and fanout's client.
 */
@Timeout(120)
class ClusterConcurrencyTest {
  private static final String NAME = "concurrency-" + UUID.randomUUID();
  private static final int MEMBER_THREADS = 2;
  private static final List<ClusterMember> MEMBERS = new ArrayList<>();

  @BeforeAll
  static void startMembers() throws InterruptedException {
    String first = "127.0.0.1:" + MemberProcesses.freePort();
    String second = "127.0.0.1:" + MemberProcesses.freePort();
    for (String address : List.of(first, second)) {
      String other = address.equals(first) ? second : first;
      MEMBERS.add(
          ClusterMember.start(
              new ClusterMember.Settings(
                  "127.0.0.1",
                  Integer.parseInt(address.substring(address.indexOf(':') + 1)),
                  List.of(other),
                  NAME,
                  MEMBER_THREADS,
                  List.of())));
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (MEMBERS.stream().anyMatch(m -> m.clusterSize() < 2) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(MEMBERS).allSatisfy(m -> assertThat(m.clusterSize()).isEqualTo(2));
  }

  @AfterAll
  static void stopMembers() {
    MEMBERS.forEach(ClusterMember::close);
  }

  private static Fanout.Builder cluster() {
    return Fanout.builder()
        .model(Model.CLUSTER)
        .members(MEMBERS.stream().map(ClusterMember::address).toList())
        .clusterName(NAME);
  }

  /** Runs {@code n} tasks of {@code millis} each; the most that ran at once, inside the tasks. */
  private static int mostAtOnce(Fanout f, int n, long millis, Set<String> workers) {
    TestTasks.CountsAtOnce.reset();
    List<Outcome<Long, String>> out =
        f.map(new TestTasks.CountsAtOnce(), Collections.nCopies(n, millis));
    assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Success.class));
    workers.addAll(
        out.stream()
            .map(o -> ((Outcome.Success<Long, String>) o).result())
            .collect(Collectors.toSet()));
    return TestTasks.CountsAtOnce.MOST.get();
  }

  @Test
  void concurrency_keepsThatManyInFlightAcrossTheMembersOnVirtualThreads() {
    Set<String> workers = new TreeSet<>();
    try (Fanout f = cluster().concurrency(40).build()) {
      mostAtOnce(f, 4, 10, workers); // warm-up: the client learns both members
      // 1 s each: all 40 start long before the first ends, under any load
      assertThat(mostAtOnce(f, 80, 1000, workers)).isEqualTo(40);
    }
    assertThat(workers).hasSize(2);
  }

  @Test
  void noConcurrency_runsWorkersTasksPerMemberAtATime() {
    Set<String> workers = new TreeSet<>();
    try (Fanout f = cluster().workers(MEMBER_THREADS).build()) {
      assertThat(mostAtOnce(f, 16, 300, workers)).isEqualTo(2 * MEMBER_THREADS);
    }
    assertThat(workers).hasSize(2);
  }

  @Test
  void threadsPerWorker_capsEachMembersShareAtThatManyPlatformThreadsAndSaysSo() {
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    Set<String> workers = new TreeSet<>();
    try (Fanout f = cluster().concurrency(40).threadsPerWorker(3).log(warnings::add).build()) {
      assertThat(mostAtOnce(f, 24, 300, workers)).isEqualTo(6);
    }
    assertThat(workers).hasSize(2);
    assertThat(warnings)
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("--concurrency 40 is capped at 6 in flight")
                    .contains("--threads-per-worker 3"));
  }
}
