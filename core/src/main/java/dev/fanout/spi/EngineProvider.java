package dev.fanout.spi;

import dev.fanout.Model;
import dev.fanout.Options;

/**
 * Found with {@link java.util.ServiceLoader}: lets a module outside core (cluster) add the engine
 * of a model without core depending on it. An engine module implements it, names the model, and
 * lists the class in {@code META-INF/services} (class path) and in its {@code provides} (module).
 */
public interface EngineProvider {
  /** The model this provider's engines run. */
  Model model();

  /** Starts an engine for these settings. */
  Engine open(Options options, Events events);
}
