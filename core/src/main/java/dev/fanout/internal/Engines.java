package dev.fanout.internal;

import dev.fanout.Event;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.EngineProvider;
import dev.fanout.spi.Events;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.BiFunction;

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
    BiFunction<Options, Events, Engine> builtIn = builtIn(options.model());
    return builtIn != null ? builtIn.apply(options, events) : provided(options, events);
  }

  /** True when {@code model} can run in this build (its engine is built in or provided). */
  public static boolean available(Model model) {
    return builtIn(model) != null || provider(model) != null;
  }

  /** The one place a built-in model meets its engine; null for models a module provides. */
  private static BiFunction<Options, Events, Engine> builtIn(Model model) {
    return switch (model) {
      case SEQUENTIAL -> SequentialEngine::new;
      case THREADS -> ThreadsEngine::new;
      case VIRTUAL -> VirtualEngine::new;
      case ASYNC -> AsyncEngine::new;
      case PROCESSES -> dev.fanout.internal.process.ProcessEngine::new;
      case AUTO -> dev.fanout.internal.auto.AutoEngine::new;
      case CLUSTER -> null; // fanout-cluster's EngineProvider
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
