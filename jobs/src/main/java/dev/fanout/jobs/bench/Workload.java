package dev.fanout.jobs.bench;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import java.util.List;

/**
 * A batch {@code bench} runs under every model: its inputs, and how a model runs them (which task
 * and resource: blocking or non-blocking).
 *
 * <p>Implementations are used by one thread at a time.
 */
interface Workload extends AutoCloseable {
  /** {@code io} or {@code cpu}. */
  String name();

  /** What it is, in a heading. */
  String title();

  /** The inputs of a measured run. */
  List<?> inputs();

  /**
   * The inputs of the warm-up: the first {@link #WARM_UP_TASKS} of the batch, enough to load the
   * code, start the workers once and fill the caches; more would cost a slow model seconds (8
   * downloads are 0.8 s on {@code sequential}) and warm nothing more, since each model's first runs
   * also follow other models' runs of the same code.
   */
  default List<?> warmUpInputs() {
    List<?> all = inputs();
    return all.subList(0, Math.min(all.size(), WARM_UP_TASKS));
  }

  /** Tasks in a warm-up. */
  int WARM_UP_TASKS = 2;

  /** Sets the task's resource and anything else {@code model} needs on {@code builder}. */
  void configure(Fanout.Builder builder, Model model);

  /** Runs {@code inputs} on {@code fanout} (built for {@code model}) and returns the outcomes. */
  List<? extends Outcome<?, ?>> run(Fanout fanout, Model model, List<?> inputs);

  /** The best wall time possible, given the finished model results. */
  long idealNanos(List<ModelResult> results, int cores);

  /** How {@link #idealNanos} is found, in words. */
  String idealLabel(int cores);

  @Override
  default void close() {}
}
