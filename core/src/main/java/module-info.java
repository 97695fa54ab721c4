/**
 * fanout's library: run a batch of tasks under any concurrency model ({@link dev.fanout.Fanout}).
 *
 * <p>{@code dev.fanout} is the API, and the only package exported to everyone. The engines, the
 * dispatcher and the codecs live in {@code dev.fanout.internal...}; the parts a model outside core
 * needs to plug in (an {@link dev.fanout.internal.EngineProvider} and what an engine works with,
 * and the remote engine with its {@link dev.fanout.internal.remote.Transport}) are exported to the
 * cluster module alone (the jar fanout-cluster, automatic module {@code dev.fanout.cluster}, which
 * provides its engine through {@code META-INF/services}).
 */
module dev.fanout {
  requires java.management; // threads' CPU time
  requires io.netty.common;
  requires io.netty.transport;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports dev.fanout;
  exports dev.fanout.internal to
      dev.fanout.cluster;
  exports dev.fanout.internal.codec to
      dev.fanout.cluster;
  exports dev.fanout.internal.remote to
      dev.fanout.cluster;

  uses dev.fanout.internal.EngineProvider;
}
