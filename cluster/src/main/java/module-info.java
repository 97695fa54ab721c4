/**
 * The {@code cluster} model on Hazelcast: {@link dev.fanout.cluster.ClusterMember} (a standalone
 * member that runs fanout tasks) is its API; its engine plugs into core through core's engine SPI
 * ({@code dev.fanout.spi}, exported to this module alone) and is found by the service loader. The
 * engine, its messages and the member's runner ({@code dev.fanout.cluster.internal}) are not
 * exported.
 */
module dev.fanout.cluster {
  requires dev.fanout;
  requires java.logging; // Hazelcast's log level
  requires java.management; // a member's thread CPU time
  requires com.hazelcast.core; // automatic module: the name in Hazelcast's jar manifest
  // Hazelcast, an automatic module, cannot say what it needs from the JDK; on a module path these
  // are resolved only if a module requires them: a member loads javax.sql and javax.transaction.xa
  // classes as it starts (java.sql brings java.transaction.xa), and uses sun.misc.Unsafe
  requires java.sql;
  requires jdk.unsupported;

  exports dev.fanout.cluster;

  provides dev.fanout.spi.EngineProvider with
      dev.fanout.cluster.internal.ClusterEngineProvider;
}
