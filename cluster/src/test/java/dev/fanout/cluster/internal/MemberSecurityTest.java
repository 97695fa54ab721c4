package dev.fanout.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.cluster.ClusterMember;
import dev.fanout.cluster.TestTasks;
import dev.fanout.spi.Codecs;
import dev.fanout.spi.Recipe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a member runs for a peer: a real member on loopback (in this JVM, so its threads and class
 * initializations can be counted) and real Hazelcast clients, fanout's or foreign.
 */
@Timeout(120)
class MemberSecurityTest {
  private static final byte[] SECRET =
      "a test secret, 32 bytes or more..".getBytes(StandardCharsets.UTF_8);

  private final String clusterName = "security-" + UUID.randomUUID();
  private ClusterMember member;
  private HazelcastInstance foreign;

  @AfterEach
  void stop() {
    if (foreign != null) {
      foreign.getLifecycleService().terminate();
    }
    if (member != null) {
      member.close();
    }
  }

  private String startMember(byte[] secret) throws IOException {
    int port = freePort();
    member =
        ClusterMember.start(
            new ClusterMember.Settings(
                "127.0.0.1", port, List.of(), clusterName, 2, List.of(), secret));
    return "127.0.0.1:" + port;
  }

  /** A Hazelcast client that speaks fanout's wire format but is not fanout's engine. */
  private IExecutorService foreignClient(String address) {
    foreign =
        HazelcastClient.newHazelcastClient(HazelcastSetup.client(clusterName, List.of(address)));
    return foreign.getExecutorService(HazelcastSetup.EXECUTOR);
  }

  private Member theMember() {
    return foreign.getCluster().getMembers().iterator().next();
  }

  private Reply.Item send(IExecutorService executor, Recipe task, Seal seal) throws Exception {
    Chunk chunk =
        new Chunk(
            "run-" + UUID.randomUUID(),
            "",
            1,
            MemberRun.ONE_BY_ONE,
            task,
            null,
            new byte[][] {Codecs.encode(3L)},
            seal);
    byte[] reply = executor.submitToMember(chunk, theMember()).get(30, TimeUnit.SECONDS);
    return Reply.read(reply, "member")[0];
  }

  @Test
  void foreignClient_namingJavaUtilTimerOrANonTaskClass_getsRefusalsAndStartsNoThread()
      throws Exception {
    IExecutorService executor = foreignClient(startMember(null));
    long timers = timerThreads();
    int initialized = TestTasks.NotATask.INITIALIZED.get();

    Reply.Item timer = send(executor, new Recipe("java.util.Timer", null), null);
    Reply.Item notATask =
        send(executor, new Recipe(TestTasks.NotATask.class.getName(), null), null);
    Reply.Item task = send(executor, new Recipe(TestTasks.Square.class.getName(), null), null);

    assertThat(timer.error()).hasMessageContaining("refusing to run java.util.Timer");
    assertThat(notATask.error())
        .hasMessageContaining("refusing to run " + TestTasks.NotATask.class.getName());
    assertThat(Codecs.decode(task.result())).isEqualTo(9L); // a fanout task still runs
    assertThat(timerThreads()).isEqualTo(timers);
    assertThat(TestTasks.NotATask.INITIALIZED.get()).isEqualTo(initialized);
  }

  @Test
  void memberWithSecret_refusesAClientWithoutItOrWithAnotherAndServesOneWithIt() throws Exception {
    String address = startMember(SECRET);
    Fanout.Builder b =
        Fanout.builder().model(Model.CLUSTER).members(List.of(address)).clusterName(clusterName);

    try (Fanout without = b.build()) {
      Outcome<Long, Long> o = without.map(new TestTasks.Square(), List.of(2L)).get(0);
      assertThat(((Outcome.Failure<Long, Long>) o).message())
          .contains("refused a chunk of tasks")
          .contains("not authenticated with this cluster's secret")
          .contains("--secret-file");
    }
    byte[] other = "another secret of enough length!".getBytes(StandardCharsets.UTF_8);
    try (Fanout wrong = b.clusterSecret(other).build()) {
      Outcome<Long, Long> o = wrong.map(new TestTasks.Square(), List.of(2L)).get(0);
      assertThat(o.isSuccess()).isFalse();
    }
    try (Fanout with = b.clusterSecret(SECRET).build()) {
      assertThat(with.map(new TestTasks.Square(), List.of(2L)).get(0).value()).isEqualTo(4L);
    }
  }

  @Test
  void clientWithSecret_refusesFilesFromAMemberWithoutItAtOnce(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String address = startMember(null);
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.CLUSTER)
            .members(List.of(address))
            .clusterName(clusterName)
            .clusterSecret(SECRET)
            .log(line -> {})
            .build()) {
      Outcome<String, Long> o =
          fanout.map(new TestTasks.WritesFile(new TestTasks.Target(dir)), List.of("f:100")).get(0);

      assertThat(((Outcome.Failure<String, Long>) o).message())
          .contains("the caller refused the file")
          .contains("--secret-file");
    }
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void memberWithSecret_refusesAForeignChunkBeforeLoadingItsClass() throws Exception {
    IExecutorService executor = foreignClient(startMember(SECRET));
    int initialized = TestTasks.NotATask.INITIALIZED.get();

    Reply.Item unsealed =
        sendExpectingRefusal(executor, new Recipe(TestTasks.NotATask.class.getName(), null));

    assertThat(unsealed).isNull();
    assertThat(TestTasks.NotATask.INITIALIZED.get()).isEqualTo(initialized);
  }

  private Reply.Item sendExpectingRefusal(IExecutorService executor, Recipe task) {
    try {
      return send(executor, task, null);
    } catch (Exception e) {
      assertThat(e).hasStackTraceContaining("not authenticated with this cluster's secret");
      return null;
    }
  }

  @Test
  void clientThatVanishes_itsRunningTasksAreStoppedWithinBoundedTime() throws Exception {
    IExecutorService executor = foreignClient(startMember(null));
    String owner = foreign.getLocalEndpoint().getUuid().toString();
    Chunk chunk =
        new Chunk(
            "run-" + UUID.randomUUID(),
            owner,
            1,
            MemberRun.ONE_BY_ONE,
            new Recipe(TestTasks.SleepsUntilInterrupted.class.getName(), null),
            null,
            new byte[][] {Codecs.encode(1L)},
            null);
    executor.submitToMember(chunk, theMember());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (TestTasks.SleepsUntilInterrupted.RUNNING.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(TestTasks.SleepsUntilInterrupted.RUNNING.get()).isEqualTo(1);

    foreign.getLifecycleService().terminate(); // no goodbye: as a crashed client
    foreign = null;

    while (TestTasks.SleepsUntilInterrupted.RUNNING.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(TestTasks.SleepsUntilInterrupted.RUNNING.get()).isZero();
  }

  private static long timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("Timer-"))
        .count();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
