/**
 * The {@code cluster} model: Hazelcast members run the tasks. Plugs into core as an {@link
 * dev.fanout.internal.EngineProvider}; exports only {@code dev.fanout.cluster} (a member you start
 * yourself, and its secret).
 */
module dev.fanout.cluster {
  requires dev.fanout;
  requires com.hazelcast.core;
  requires java.logging; // quiets Hazelcast's own logging
  requires java.management; // members measure their threads' CPU time

  exports dev.fanout.cluster;

  provides dev.fanout.internal.EngineProvider with
      dev.fanout.cluster.internal.ClusterEngineProvider;
}
