package dev.fanout.cluster.internal;

import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.EngineProvider;
import dev.fanout.spi.Events;

/** Adds the {@code cluster} model to core's engine factory (found by ServiceLoader). */
public final class ClusterEngineProvider implements EngineProvider {
  @Override
  public Model model() {
    return Model.CLUSTER;
  }

  @Override
  public Engine open(Options options, Events events) {
    return ClusterEngine.open(options, events);
  }
}
