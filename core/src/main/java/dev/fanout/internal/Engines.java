package dev.fanout.internal;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Options;
import java.util.ServiceLoader;

/** Creates the engine of a model: the built-in ones here, the rest from {@link EngineProvider}s. */
public final class Engines {
  private Engines() {}

  /** Starts a fanout for validated settings. */
  public static Fanout open(Options options) {
    Events events = new Events(options.listeners(), options.log());
    return new DefaultFanout(options, events, engine(options, events));
  }

  /** Starts the engine of {@code options.model()}. */
  public static Engine engine(Options options, Events events) {
    return switch (options.model()) {
      case SEQUENTIAL -> new SequentialEngine(options, events);
      case THREADS -> new ThreadsEngine(options, events);
      case VIRTUAL -> new VirtualEngine(options, events);
      case ASYNC -> new AsyncEngine(options, events);
      default -> provided(options, events);
    };
  }

  private static Engine provided(Options options, Events events) {
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      if (p.model() == options.model()) {
        return p.open(options, events);
      }
    }
    throw new IllegalArgumentException(
        "model '"
            + options.model()
            + "' is not available in this build"
            + (options.model() == Model.CLUSTER ? ": put fanout-cluster on the classpath" : ""));
  }
}
