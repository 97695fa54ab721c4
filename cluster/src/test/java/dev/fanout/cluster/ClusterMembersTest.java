package dev.fanout.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three real members in child JVMs on 127.0.0.1; the test JVM is a client. The last test kills one
 * member with SIGKILL in the middle of a batch.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMembersTest {
  private static final String NAME = "fanout-test-" + ProcessHandle.current().pid();
  private static MemberProcesses members;

  @BeforeAll
  static void startMembers() throws Exception {
    System.setProperty("fanout.cluster.connectTimeoutMillis", "4000");
    members = new MemberProcesses(NAME, 3);
    try {
      long t0 = System.nanoTime();
      members.start();
      System.err.printf("members started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception | Error e) {
      members.close();
      throw e;
    }
  }

  @AfterAll
  static void stopMembers() throws InterruptedException {
    if (members != null) {
      members.close();
      assertThat(members.anyAlive()).as("member processes " + members.pids()).isFalse();
    }
  }

  private static Fanout.Builder cluster() {
    return Fanout.builder().model(Model.CLUSTER).members(members.addresses()).clusterName(NAME);
  }

  @Test
  @Order(1)
  void map_threeMembers_spreadsTheBatchAndOpensOneResourcePerMember() {
    Set<String> workers = ConcurrentHashMap.newKeySet();
    List<Outcome<Integer, String>> out;
    try (Fanout f =
        cluster()
            .workers(2)
            .chunkSize(1)
            .resource(new TestTasks.CountedResource())
            .listener(
                e -> {
                  if (e instanceof Event.Finished fin) {
                    workers.add(fin.worker());
                  }
                })
            .build()) {
      awaitMembers(f, 3);
      out =
          f.map(
              new TestTasks.WhichResource(),
              java.util.stream.IntStream.range(0, 120).boxed().toList());
    }
    assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Success.class));
    assertThat(workers).hasSize(3).allSatisfy(w -> assertThat(w).startsWith("member-127.0.0.1:"));
    // one resource per member: every result names the member it was opened on, once
    Map<String, Set<String>> byMember = new HashMap<>();
    for (Outcome<Integer, String> o : out) {
      String value = ((Outcome.Success<Integer, String>) o).result();
      byMember
          .computeIfAbsent(value.substring(value.indexOf('@') + 1), k -> new HashSet<>())
          .add(value);
    }
    assertThat(byMember).hasSize(3);
    assertThat(byMember.values()).allSatisfy(values -> assertThat(values).hasSize(1));
  }

  /** The members need a moment to agree on the membership; run warm-up tasks until all serve. */
  private static void awaitMembers(Fanout f, int count) {
    Set<String> seen = new HashSet<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (seen.size() < count && System.nanoTime() < deadline) {
      for (Outcome<Long, String> o :
          f.map(new TestTasks.SlowDouble(), LongStream.range(0, 24).boxed().toList())) {
        if (o instanceof Outcome.Success<Long, String> s) {
          seen.add(s.result().substring(s.result().indexOf('@') + 1));
        }
      }
    }
    System.err.printf(
        "members serving after %d ms: %s%n",
        (System.nanoTime() - deadline + 30_000_000_000L) / 1_000_000, seen);
    assertThat(seen).as("members serving tasks").hasSize(count);
  }

  @Test
  @Order(2)
  void build_wrongClusterName_isRefusedWithinBoundedTime() {
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                Fanout.builder()
                    .model(Model.CLUSTER)
                    .members(members.addresses())
                    .clusterName("not-" + NAME)
                    .build()
                    .close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot join cluster 'not-" + NAME + "'")
        .hasMessageContaining("--cluster-name");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(30_000);
  }

  @Test
  @Order(3)
  void build_nobodyListening_failsWithinBoundedTime() {
    String nowhere = "127.0.0.1:" + MemberProcesses.freePort();
    assertThatThrownBy(
            () -> Fanout.builder().model(Model.CLUSTER).members(List.of(nowhere)).build().close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(nowhere)
        .hasMessageContaining("./fanout member");
  }

  @Test
  @Order(3)
  void concurrency_keepsThatManyInFlightAcrossMembersInSeparateJvms() {
    List<Event.Finished> finished =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (Fanout f =
        cluster()
            .concurrency(60)
            .listener(
                e -> {
                  if (e instanceof Event.Finished fin && fin.input().equals(1000L)) {
                    finished.add(fin);
                  }
                })
            .build()) {
      awaitMembers(f, 3);
      List<Outcome<Long, String>> out =
          f.map(new TestTasks.CountsAtOnce(), java.util.Collections.nCopies(120, 1000L));
      assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Success.class));
    }
    // members on this machine report their times on the run's clock: the events overlap as the
    // tasks did (1 s each: all 60 start long before the first ends)
    assertThat(finished).hasSize(120);
    assertThat(dev.fanout.contract.ModelContractTest.maxOverlap(finished)).isEqualTo(60);
    assertThat(finished.stream().map(Event.Finished::worker).distinct()).hasSize(3);
  }

  @Test
  @Order(4)
  void map_memberKilledMidRun_everyInputGetsExactlyOneCorrectOutcome() throws Exception {
    int n = 600;
    AtomicInteger finished = new AtomicInteger();
    AtomicBoolean armed = new AtomicBoolean();
    AtomicBoolean killed = new AtomicBoolean();
    Set<String> workers = ConcurrentHashMap.newKeySet();
    List<Outcome<Long, String>> out;
    try (Fanout f =
        cluster()
            .workers(2)
            .chunkSize(4) // small chunks: every member has reported before the kill
            .listener(
                e -> {
                  if (e instanceof Event.Finished fin) {
                    workers.add(fin.worker());
                    if (armed.get()
                        && finished.incrementAndGet() == 60
                        && killed.compareAndSet(false, true)) {
                      try {
                        members.kill(1);
                      } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  }
                })
            .build()) {
      awaitMembers(f, 3);
      workers.clear();
      armed.set(true);
      out = f.map(new TestTasks.SlowDouble(), LongStream.range(0, n).boxed().toList());
    }
    assertThat(killed).isTrue();
    assertThat(members.processes.get(1).isAlive()).isFalse();
    assertThat(out).hasSize(n);
    Set<Long> indexes = new HashSet<>();
    int retried = 0;
    for (int i = 0; i < n; i++) {
      Outcome<Long, String> o = out.get(i);
      assertThat(o).as("input %d: %s", i, o).isInstanceOf(Outcome.Success.class);
      assertThat(indexes.add(o.index())).isTrue();
      assertThat(((Outcome.Success<Long, String>) o).result()).startsWith((2L * i) + "@member-");
      if (o.attempts() > 1) {
        retried++;
      }
    }
    assertThat(indexes).hasSize(n);
    assertThat(retried).as("tasks re-run after the member died").isPositive();
    assertThat(workers).hasSize(3);
  }
}
