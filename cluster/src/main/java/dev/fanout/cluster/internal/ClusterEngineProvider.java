package dev.fanout.cluster.internal;

import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.internal.Engine;
import dev.fanout.internal.EngineProvider;
import dev.fanout.internal.Events;

/** Adds the {@code cluster} model to core's engine factory (found by ServiceLoader). */
public final class ClusterEngineProvider implements EngineProvider {
  @Override
  public Model model() {
    return Model.CLUSTER;
  }

  @Override
  public Engine open(Options options, Events events) {
    return HazelcastTransport.engine(options, events);
  }
}
