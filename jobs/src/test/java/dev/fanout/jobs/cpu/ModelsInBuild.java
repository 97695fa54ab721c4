package dev.fanout.jobs.cpu;

import dev.fanout.Fanout;
import dev.fanout.Model;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which models this build can run: {@code processes} and {@code cluster} come from other modules
 * and may be missing, and a test over every model skips those instead of failing.
 */
public final class ModelsInBuild {
  private static final Map<Model, Boolean> KNOWN = new ConcurrentHashMap<>();

  private ModelsInBuild() {}

  /** True when a fanout of {@code model} can be built here. */
  public static boolean available(Model model) {
    return KNOWN.computeIfAbsent(model, ModelsInBuild::probe);
  }

  private static boolean probe(Model model) {
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      if (String.valueOf(e.getMessage()).contains("not available")) {
        return false;
      }
      throw e;
    }
  }
}
