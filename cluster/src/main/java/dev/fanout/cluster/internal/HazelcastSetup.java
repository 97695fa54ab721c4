package dev.fanout.cluster.internal;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Hazelcast settings fanout uses everywhere: loopback unless told otherwise, TCP-IP join only
 * (no multicast, no cloud discovery), no phone-home, warnings-only logging, and time limits short
 * enough that an unreachable cluster is an error within seconds, never a hang.
 *
 * <p>Stateless; thread-safe.
 */
public final class HazelcastSetup {
  /** The executor every fanout task runs on, on every member. */
  public static final String EXECUTOR = "fanout";

  /**
   * Where chunks of a run with an explicit {@code -c} go: their executor threads mostly wait while
   * the chunk's inputs run on task threads of their own, so there are many.
   */
  static final String IN_FLIGHT = "fanout-in-flight";

  /** Chunks of runs with an explicit {@code -c} a member takes at once. */
  static final int IN_FLIGHT_CHUNKS = 128;

  /**
   * Where control messages run (a file's acknowledgement, a run's end): never behind the tasks that
   * wait for them.
   */
  static final String CONTROL = "fanout-control";

  /** Where a member's configuration holds its cluster secret (a byte[]), if it has one. */
  public static final String SECRET_KEY = "dev.fanout.cluster.secret";

  /** Files streaming back to the caller: one bounded queue per run. */
  static final String FILES = "fanout-files-";

  /** Chunks of a file in a run's queue at most (64 KiB each): bounds a member's memory use. */
  static final int FILE_QUEUE_CHUNKS = 64;

  // strong references: java.util.logging keeps loggers weakly, and would forget their settings
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
  // a client retrying an unreachable or foreign cluster warns on every try, with a stack trace;
  // fanout's own error (after the connect timeout) says what to check instead
  private static final Logger CLIENT_CONNECTIONS =
      Logger.getLogger("com.hazelcast.client.impl.connection");
  // a taken port is logged with a stack trace, then thrown: fanout's error says it in one line
  private static final Logger ADDRESS_PICKER =
      Logger.getLogger("com.hazelcast.instance.AddressPicker");
  private static final List<Logger> FILTERED =
      List.of(
          Logger.getLogger("com.hazelcast.instance.impl.Node"),
          Logger.getLogger("com.hazelcast.instance.impl.HazelcastInstanceFactory"),
          Logger.getLogger("com.hazelcast.spi.impl.operationservice.impl.Invocation"));

  // warnings that describe fanout's own choices, not problems: an embedded member that joins
  // nobody on a port of its own, and the JVM flags Hazelcast would like for a little more speed
  private static final List<String> EXPECTED =
      List.of(
          "No join method is enabled",
          "Config seed port is 0",
          "Terminating forcefully",
          "without proper access to required Java packages",
          "on completed future");

  private HazelcastSetup() {}

  /**
   * A standalone or embedded member's configuration.
   *
   * @param host the interface to bind and advertise (127.0.0.1 by default)
   * @param port the port; 0 picks a free one
   * @param members the other members to join (host:port); empty for none
   * @param threads tasks the member runs at once
   */
  public static Config member(
      String clusterName, String host, int port, List<String> members, int threads) {
    quietLogging();
    Config config = new Config();
    config.setClusterName(clusterName);
    common(config);
    config.setProperty("hazelcast.socket.bind.any", "false"); // bind to the interface below only
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    // a client gone without a word is declared gone within 15 s; its runs are then ended
    config.setProperty("hazelcast.client.max.no.heartbeat.seconds", "15");
    // members started at the same moment may form two clusters: let them merge soon
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.shutdownhook.enabled", "false"); // fanout ends members itself
    config.getJetConfig().setEnabled(false);
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(port).setPortAutoIncrement(port == 0);
    net.getInterfaces().setEnabled(true).addInterface(ip(host));
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!members.isEmpty()).setConnectionTimeoutSeconds(2);
    for (String m : members) {
      join.getTcpIpConfig().addMember(m);
    }
    config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(threads));
    config.addExecutorConfig(new ExecutorConfig(IN_FLIGHT).setPoolSize(IN_FLIGHT_CHUNKS));
    config.addExecutorConfig(new ExecutorConfig(CONTROL).setPoolSize(2));
    config.addQueueConfig(
        new QueueConfig(FILES + "*").setMaxSize(FILE_QUEUE_CHUNKS).setBackupCount(0));
    Wire.register(config.getSerializationConfig());
    return config;
  }

  /** A client of the members at {@code addresses} (host:port). */
  static ClientConfig client(
      String clusterName, List<String> addresses, long connectTimeoutMillis) {
    quietLogging();
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setAddresses(List.copyOf(addresses));
    config.getNetworkConfig().setConnectionTimeout((int) Math.min(5000, connectTimeoutMillis));
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(connectTimeoutMillis)
        .setInitialBackoffMillis(200)
        .setMaxBackoffMillis(1000);
    Wire.register(config.getSerializationConfig());
    return config;
  }

  /** Hazelcast's interface list takes addresses, not names. */
  private static String ip(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "unknown host '" + host + "': give a name or address of this machine", e);
    }
  }

  private static void common(Config config) {
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
  }

  /** Hazelcast logs through java.util.logging, warnings and worse only, minus the expected ones. */
  static void quietLogging() {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    CLIENT_CONNECTIONS.setLevel(Level.SEVERE);
    ADDRESS_PICKER.setLevel(Level.OFF);
    for (Logger l : FILTERED) {
      l.setFilter(
          r -> r.getMessage() == null || EXPECTED.stream().noneMatch(r.getMessage()::contains));
    }
  }
}
