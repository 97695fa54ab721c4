package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.OutputFile;
import dev.fanout.cluster.ClusterMember;
import dev.fanout.jobs.fetch.FetchJob;
import dev.fanout.jobs.fetch.FetchResult;
import dev.fanout.jobs.fetch.FetchSettings;
import dev.fanout.jobs.hash.HashJob;
import dev.fanout.jobs.http.HttpLimits;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings travel with the task and results land with the caller: fetch {@code --out} into a folder
 * whose name has a space, quotes and non-ASCII text, on {@code processes} and on two external
 * members in separate JVMs (started in another working directory), byte-exact against the same
 * fetch on {@code threads}; and hash on those members, given a relative path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RemoteSettingsTest {
  private SlowSiteServer server;
  private final List<Process> members = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final String clusterName = "remote-settings-" + UUID.randomUUID();
  @TempDir Path memberHome;

  @BeforeAll
  void start() throws Exception {
    server = SlowSiteServer.start("127.0.0.1", 0);
    for (int i = 0; i < 2; i++) {
      addresses.add("127.0.0.1:" + freePort());
    }
  }

  @AfterAll
  void stop() throws InterruptedException {
    server.close();
    for (Process p : members) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private List<String> urls() {
    return List.of(
        server.url("/p/one?size=200000"),
        server.url("/p/two?size=1"),
        server.url("/p/three?size=65536"),
        server.url("/p/four?size=0"),
        server.url("/p/five?size=131073"));
  }

  private static FetchSettings settings(Path out) {
    return new FetchSettings(
        new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(20), 10, 1 << 20), out);
  }

  /** The files of {@code dir} by name, with their bytes. */
  private static Map<String, byte[]> files(Path dir) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().startsWith(".fanout-")) {
          continue; // the journal and the lock of the folder
        }
        all.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return all;
  }

  private Map<String, byte[]> fetched(Fanout fanout, Path out) throws IOException {
    Files.createDirectories(out);
    List<Outcome<String, FetchResult>> outcomes = FetchJob.map(fanout, settings(out), urls());
    assertThat(outcomes).allSatisfy(o -> assertThat(o.isSuccess()).as(o.toString()).isTrue());
    Map<String, byte[]> files = files(out);
    assertThat(files.keySet()).noneMatch(n -> n.startsWith(OutputFile.TEMP_PREFIX));
    assertThat(files).hasSize(urls().size());
    for (Outcome<String, FetchResult> o : outcomes) {
      assertThat(files.get(o.value().file())).hasSize((int) o.value().bytes());
    }
    return files;
  }

  private Map<String, byte[]> expected(Path tmp) throws IOException {
    Fanout.Builder b = Fanout.builder().model(Model.THREADS).workers(4);
    try (Fanout threads = FetchJob.configure(b, Model.THREADS, 0, 0).build()) {
      return fetched(threads, tmp.resolve("threads"));
    }
  }

  private static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void fetch_outWithSpacesQuotesAndNonAscii_onProcesses_storesEveryFileByteExact(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("a b \"q\" 'ü' ☃");
    Fanout.Builder b = Fanout.builder().model(Model.PROCESSES).workers(2);
    try (Fanout fanout = FetchJob.configure(b, Model.PROCESSES, 0, 0).build()) {
      assertSameFiles(fetched(fanout, out), expected(tmp));
    }
  }

  @Test
  void fetch_outWithSpaces_onTwoExternalMembers_storesEveryFileOnTheCallerByteExact(
      @TempDir Path tmp) throws Exception {
    startMembers();
    Path out = tmp.resolve("out dir ü");
    Fanout.Builder b =
        Fanout.builder().model(Model.CLUSTER).members(addresses).clusterName(clusterName);
    try (Fanout fanout = FetchJob.configure(b, Model.CLUSTER, 0, 0).build()) {
      assertSameFiles(fetched(fanout, out), expected(tmp));
    }
    assertThat(memberHome.resolve("out dir ü")).doesNotExist();
  }

  @Test
  void hash_relativePath_onExternalMembersInAnotherDirectory_hashesTheCallersFile()
      throws Exception {
    startMembers();
    Path dir = Files.createDirectories(Path.of("target", "remote-hash " + UUID.randomUUID()));
    Files.writeString(dir.resolve("a.txt"), "the caller's file\n");
    // the same relative name in the members' working directory holds other bytes
    Files.createDirectories(memberHome.resolve(dir));
    Files.writeString(memberHome.resolve(dir).resolve("a.txt"), "a member's file\n");
    List<String> lines = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Fanout fanout =
        Fanout.builder().model(Model.CLUSTER).members(addresses).clusterName(clusterName).build()) {
      HashJob.run(fanout, List.of(dir), false, lines::add, problems::add);
    }
    assertThat(problems).isEmpty();
    // sha256("the caller's file\n"), the user's own name
    assertThat(lines).containsExactly(sha256("the caller's file\n") + "  " + dir.resolve("a.txt"));
  }

  @Test
  void hash_aPathTheMemberCannotRead_failsThatInputSayingSo(@TempDir Path tmp) {
    String missing = tmp.resolve("not on this member.txt").toString();
    try (Fanout fanout = Fanout.builder().model(Model.CLUSTER).workers(1).build()) {
      Outcome<String, String> o =
          fanout.map(new dev.fanout.jobs.hash.Sha256File(), List.of(missing)).get(0);

      assertThat(((Outcome.Failure<String, String>) o).message())
          .contains("No such file or directory")
          .contains("members hash the caller's absolute paths")
          .contains("shared storage");
    }
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private synchronized void startMembers() throws Exception {
    if (!members.isEmpty()) {
      return;
    }
    for (int i = 0; i < addresses.size(); i++) {
      members.add(launch(i));
    }
    for (int i = 0; i < members.size(); i++) {
      awaitReady(members.get(i), i);
    }
  }

  private Process launch(int n) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx160m", "-XX:TieredStopAtLevel=1"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    String port = addresses.get(n).substring(addresses.get(n).indexOf(':') + 1);
    cmd.addAll(
        List.of(
            "-cp",
            cp,
            ClusterMember.class.getName(),
            "--port",
            port,
            "--members",
            String.join(",", addresses),
            "--cluster-name",
            clusterName,
            "--threads",
            "4",
            "--parent",
            String.valueOf(ProcessHandle.current().pid())));
    return new ProcessBuilder(cmd)
        .directory(memberHome.toFile()) // another working directory than the caller's
        .redirectError(Path.of("target", "remote-member-" + n + ".log").toAbsolutePath().toFile())
        .start();
  }

  private static void awaitReady(Process p, int n) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains("ready in cluster")) {
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {}));
        return;
      }
    }
    throw new IllegalStateException(
        "member " + n + " exited before it was ready; see target/remote-member-" + n + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
