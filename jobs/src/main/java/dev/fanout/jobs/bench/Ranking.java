package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who was fastest on a workload, and whether that beats the runner-up beyond the noise. A winner is
 * named only when the two means differ by more than both standard deviations together (and by at
 * least {@link #MIN_GAP}); otherwise it is "no clear winner". A runner-up that {@linkplain
 * ModelResult#stoppedEarly stopped early}, clearly behind, counts with its one run. Models whose
 * every task failed, and {@code auto} (it runs one of the others), are not ranked.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fastest the model with the lowest mean wall time among the ranked, or null
 * @param runnerUp the next one, or null
 * @param clear true when {@code fastest} beats {@code runnerUp} beyond the noise
 * @param reason why there is or is not a winner, in one sentence
 */
public record Ranking(ModelResult fastest, ModelResult runnerUp, boolean clear, String reason) {
  /** Below this relative gap two means are called even, whatever their spread. */
  public static final double MIN_GAP = 0.02;

  /** Ranks the models of a workload. */
  public static Ranking of(List<ModelResult> models) {
    List<ModelResult> ranked =
        models.stream()
            .filter(m -> m.model() != Model.AUTO && !m.allFailed())
            .sorted(Comparator.comparingDouble(m -> m.stats().mean()))
            .toList();
    if (ranked.isEmpty()) {
      boolean anyFailed = models.stream().anyMatch(ModelResult::allFailed);
      return new Ranking(
          null,
          null,
          false,
          anyFailed
              ? "no winner: every task failed under every model"
              : "no winner: no model but auto ran");
    }
    ModelResult first = ranked.get(0);
    if (ranked.size() == 1) {
      return new Ranking(first, null, false, "no winner: only " + first.model().label() + " ran");
    }
    ModelResult second = ranked.get(1);
    Stats a = first.stats();
    Stats b = second.stats();
    double gap = b.mean() - a.mean();
    String spread =
        String.format(
            Locale.ROOT,
            "%s %s and %s %s",
            first.model().label(),
            Figures.plusMinus(a),
            second.model().label(),
            Figures.plusMinus(b));
    // a runner-up that stopped early is over ten times slower than the fastest's slowest run: its
    // single run is evidence enough (Rounds.stopTheClearlyBehind)
    if (a.n() < 2 || (b.n() < 2 && !second.stoppedEarly())) {
      return new Ranking(
          first,
          second,
          false,
          "no clear winner: " + spread + ", and a single run cannot tell noise from a difference");
    }
    if (gap <= a.stddev() + b.stddev() || gap < MIN_GAP * a.mean()) {
      return new Ranking(
          first, second, false, "no clear winner: " + spread + " are within the noise");
    }
    return new Ranking(
        first,
        second,
        true,
        String.format(
            Locale.ROOT,
            "%s beats %s by %.1fx, beyond the noise (%s)",
            first.model().label(),
            second.model().label(),
            b.mean() / Math.max(1, a.mean()),
            spread));
  }

  /** The winner, when there is a clear one. */
  public Optional<ModelResult> winner() {
    return clear ? Optional.of(fastest) : Optional.empty();
  }
}
