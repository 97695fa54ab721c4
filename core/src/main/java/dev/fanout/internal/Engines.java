package dev.fanout.internal;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Options;
import java.util.List;
import java.util.ServiceLoader;

/** Creates the engine of a model: the built-in ones here, the rest from {@link EngineProvider}s. */
public final class Engines {
  private Engines() {}

  /** Starts a fanout for validated settings. */
  public static Fanout open(Options options) {
    return open(options, List.of());
  }

  /** Starts a fanout, first warning about each setting that has no effect on its model. */
  public static Fanout open(Options options, List<String> noEffect) {
    Events events = new Events(options.listeners(), options.log());
    for (String warning : noEffect) {
      events.warn(Event.Warning.Kind.NO_EFFECT, warning);
    }
    return new DefaultFanout(options, events, engine(options, events));
  }

  /** Starts the engine of {@code options.model()}. */
  public static Engine engine(Options options, Events events) {
    return switch (options.model()) {
      case SEQUENTIAL -> new SequentialEngine(options, events);
      case THREADS -> new ThreadsEngine(options, events);
      case VIRTUAL -> new VirtualEngine(options, events);
      case ASYNC -> new AsyncEngine(options, events);
      case PROCESSES -> new dev.fanout.internal.process.ProcessEngine(options, events);
      case AUTO -> new dev.fanout.internal.auto.AutoEngine(options, events);
      default -> provided(options, events);
    };
  }

  /** True when {@code model} can run in this build (its engine is built in or provided). */
  public static boolean available(Model model) {
    return switch (model) {
      case SEQUENTIAL, THREADS, VIRTUAL, ASYNC, PROCESSES, AUTO -> true;
      default -> provider(model) != null;
    };
  }

  private static EngineProvider provider(Model model) {
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      if (p.model() == model) {
        return p;
      }
    }
    return null;
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
