package dev.fanout.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import dev.fanout.cluster.internal.HazelcastSetup;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone member of a fanout cluster ({@code ./fanout member}): it joins the members it is
 * given over TCP-IP (no multicast), binds only to its host (127.0.0.1 by default), and runs the
 * tasks that {@code --model cluster --members ...} runs send it. Tasks are loaded by class name
 * from this member's classpath plus {@link Settings#classpath()}: Hazelcast's open-source edition
 * has no supported way to ship user classes to members.
 *
 * <p>Thread-safe.
 */
public final class ClusterMember implements AutoCloseable {
  private final HazelcastInstance instance;
  private final CountDownLatch down = new CountDownLatch(1);

  /**
   * How to start a member.
   *
   * @param host the interface to bind and advertise
   * @param port the port; 0 picks a free one
   * @param members the other members (host:port) to join; empty to start alone
   * @param clusterName the cluster's name: members and clients with another name are refused
   * @param threads tasks the member runs at once
   * @param classpath extra jars or folders holding task classes
   * @param secret the cluster's shared secret (see {@link ClusterSecret}), or null for none: then
   *     anyone who reaches the port and knows the cluster name can run fanout tasks here
   */
  public record Settings(
      String host,
      int port,
      List<String> members,
      String clusterName,
      int threads,
      List<Path> classpath,
      byte[] secret) {
    /** Settings without a secret. */
    public Settings(
        String host,
        int port,
        List<String> members,
        String clusterName,
        int threads,
        List<Path> classpath) {
      this(host, port, members, clusterName, threads, classpath, null);
    }

    public Settings {
      secret = secret == null ? null : secret.clone();
      Objects.requireNonNull(host, "host");
      members = List.copyOf(members);
      classpath = List.copyOf(classpath);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be within 0..65535, got " + port);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      if (clusterName == null || clusterName.isBlank()) {
        throw new IllegalArgumentException("the cluster name must not be blank");
      }
      for (String m : members) {
        if (!m.matches("[^:\\s]+:\\d{1,5}")) {
          throw new IllegalArgumentException(
              "member address '" + m + "' is not host:port (e.g. 127.0.0.1:5701)");
        }
      }
    }

    /** 127.0.0.1:5701, alone, cluster {@code fanout}, one task per core. */
    public static Settings defaults() {
      return new Settings(
          "127.0.0.1",
          5701,
          List.of(),
          "fanout",
          Runtime.getRuntime().availableProcessors(),
          List.of());
    }
  }

  private ClusterMember(HazelcastInstance instance) {
    this.instance = instance;
    instance
        .getLifecycleService()
        .addLifecycleListener(
            e -> {
              if (e.getState() == LifecycleState.SHUTDOWN) {
                down.countDown();
              }
            });
    if (!instance.getLifecycleService().isRunning()) {
      down.countDown();
    }
  }

  /**
   * Starts a member and joins the others.
   *
   * @throws IllegalStateException when the port is taken or the member cannot start
   */
  public static ClusterMember start(Settings s) {
    Config config =
        HazelcastSetup.member(s.clusterName(), s.host(), s.port(), s.members(), s.threads());
    if (!s.classpath().isEmpty()) {
      config.setClassLoader(loader(s.classpath()));
    }
    if (s.secret() != null) {
      config.getUserContext().put(HazelcastSetup.SECRET_KEY, s.secret().clone());
    }
    try {
      return new ClusterMember(Hazelcast.newHazelcastInstance(config));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot start a member on "
              + s.host()
              + ":"
              + s.port()
              + ": "
              + e.getMessage()
              + " (is the port taken? pick another with --port)",
          e);
    }
  }

  private static ClassLoader loader(List<Path> classpath) {
    List<URL> urls = new ArrayList<>();
    for (Path p : classpath) {
      try {
        urls.add(p.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad classpath entry " + p + ": " + e.getMessage(), e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClusterMember.class.getClassLoader());
  }

  /** This member's address, host:port. */
  public String address() {
    var a = instance.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /** Members in the cluster now, this one included. */
  public int clusterSize() {
    return instance.getCluster().getMembers().size();
  }

  /** One line saying where the member listens and what it joined. */
  public String describe() {
    return "member "
        + address()
        + " ready in cluster '"
        + instance.getConfig().getClusterName()
        + "' ("
        + clusterSize()
        + " member"
        + (clusterSize() == 1 ? "" : "s")
        + ")"
        + (instance.getConfig().getUserContext().containsKey(HazelcastSetup.SECRET_KEY)
            ? ", running only work authenticated with its secret"
            : ", without a secret: anyone who reaches this port can run fanout tasks here");
  }

  /** Blocks until the member stops. */
  public void awaitShutdown() throws InterruptedException {
    down.await();
  }

  /** Leaves the cluster gracefully. Idempotent. */
  @Override
  public void close() {
    instance.shutdown();
  }

  /** Stops this JVM when process {@code pid} ends, so a crashed test leaves no member behind. */
  private static void exitWith(long pid) {
    ProcessHandle.of(pid)
        .ifPresentOrElse(
            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
            () -> Runtime.getRuntime().halt(0));
  }

  /**
   * {@code ClusterMember [--host H] [--port P] [--members h:p,...] [--cluster-name N] [--threads
   * T]}: runs a member until it is stopped (the tests start members this way; the CLI has {@code
   * ./fanout member}). Prints {@link #describe()} on stdout when ready.
   */
  public static void main(String[] args) throws InterruptedException {
    Settings d = Settings.defaults();
    String host = d.host();
    int port = d.port();
    List<String> members = List.of();
    String name = d.clusterName();
    int threads = d.threads();
    Path secretFile = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--members" -> members = Arrays.stream(v.split(",")).map(String::trim).toList();
        case "--cluster-name" -> name = v;
        case "--threads" -> threads = Integer.parseInt(v);
        case "--parent" -> exitWith(Long.parseLong(v));
        case "--secret-file" -> secretFile = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    byte[] secret = ClusterSecret.resolve(secretFile);
    ClusterMember member =
        start(new Settings(host, port, members, name, threads, List.of(), secret));
    Runtime.getRuntime().addShutdownHook(new Thread(member::close, "fanout-member-stop"));
    System.out.println("fanout " + member.describe());
    System.out.flush();
    member.awaitShutdown();
  }
}
