package dev.fanout.benchmarks;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds the fanout a benchmark measures, and says clearly when a model cannot run in this build,
 * so that one missing model skips its own benchmarks instead of the whole run.
 */
final class ModelUnderTest {
  private ModelUnderTest() {}

  /**
   * Builds a fanout of the model named {@code label}, tuned by {@code tune}.
   *
   * @throws IllegalStateException naming the model and how to leave it out, when it cannot start
   */
  static Fanout open(String label, UnaryOperator<Fanout.Builder> tune) {
    Model model = Model.parse(label);
    try {
      return tune.apply(Fanout.builder().model(model)).build();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "SKIPPED model '"
              + label
              + "': it cannot start in this build ("
              + e.getMessage()
              + "); leave it out with -p model=<the others>",
          e);
    }
  }

  /**
   * The models that start in this build, each tried once (built and closed); the others are named
   * on stderr with the reason.
   */
  static List<String> available() {
    List<String> labels = new ArrayList<>();
    for (Model model : Model.values()) {
      try (Fanout f = Fanout.builder().model(model).workers(1).log(line -> {}).build()) {
        labels.add(model.label());
      } catch (RuntimeException | LinkageError e) {
        System.err.println(
            "fanout-benchmarks: leaving out model '" + model.label() + "': " + e.getMessage());
      }
    }
    return labels;
  }

  /** Fails the benchmark when a task failed or went missing: a broken run is not a fast one. */
  static void check(List<? extends Outcome<?, ?>> outcomes, int expected) {
    if (outcomes.size() != expected) {
      throw new IllegalStateException("expected " + expected + " outcomes, got " + outcomes.size());
    }
    for (Outcome<?, ?> o : outcomes) {
      if (o instanceof Outcome.Failure<?, ?> f) {
        throw new IllegalStateException("task " + f.index() + " failed: " + f.error(), f.error());
      }
    }
  }

  /** Fails the benchmark when a streamed batch lost or failed tasks. */
  static void check(long succeeded, int expected) {
    if (succeeded != expected) {
      throw new IllegalStateException(
          "expected " + expected + " successful outcomes, got " + succeeded);
    }
  }
}
