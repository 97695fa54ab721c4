package dev.fanout.jobs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code --export-markdown} and {@code --export-csv}, hyperfine's other two formats: one row per
 * workload and model with mean, stddev, median, min and max (seconds).
 *
 * <p>Stateless and thread-safe.
 */
public final class Exports {
  private Exports() {}

  /** A Markdown table per workload, its verdict under it. */
  public static String markdown(BenchResult result) {
    StringBuilder b = new StringBuilder();
    if (result.load() != null) {
      b.append(result.load().describe()).append("\n\n");
    }
    for (WorkloadResult w : result.workloads()) {
      b.append("### ").append(md(w.name() + ": " + w.title())).append("\n\n");
      b.append(
          "| model | mean [s] | median [s] | min [s] | max [s] | runs | failed | relative |\n");
      b.append("|:---|---:|---:|---:|---:|---:|---:|---:|\n");
      double fastest = w.fastest().map(m -> m.stats().mean()).orElse(Double.NaN);
      for (ModelResult m : w.models()) {
        Stats s = m.stats();
        b.append(
            String.format(
                Locale.ROOT,
                "| `%s` | %s | %.3f | %.3f | %.3f | %d | %d | %s |%n",
                m.model().label(),
                s.n() < 2
                    ? String.format(Locale.ROOT, "%.3f", s.mean() / 1e9)
                    : String.format(Locale.ROOT, "%.3f ± %.3f", s.mean() / 1e9, s.stddev() / 1e9),
                s.median() / 1e9,
                s.min() / 1e9,
                s.max() / 1e9,
                m.runs().size(),
                m.failedTasks(),
                Double.isNaN(fastest) || m.allFailed()
                    ? "-"
                    : String.format(Locale.ROOT, "%.2f", s.mean() / fastest)));
      }
      b.append('\n').append(md(w.ranking().reason())).append("\n\n");
      for (ModelResult m : w.models()) {
        if (!m.note().isEmpty()) {
          b.append("- `").append(m.model().label()).append("`: ").append(md(m.note())).append('\n');
        }
      }
      if (w.models().stream().anyMatch(m -> !m.note().isEmpty())) {
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** One header line, then one line per workload and model. */
  public static String csv(BenchResult result) {
    StringBuilder b =
        new StringBuilder(
            "workload,model,mean,stddev,median,min,max,runs,tasks,failed,winner,stopped_early\n");
    for (WorkloadResult w : result.workloads()) {
      Ranking ranking = w.ranking();
      for (ModelResult m : w.models()) {
        Stats s = m.stats();
        b.append(
            String.format(
                Locale.ROOT,
                "%s,%s,%.6f,%s,%.6f,%.6f,%.6f,%d,%d,%d,%b,%b%n",
                w.name(),
                m.model().label(),
                s.mean() / 1e9,
                // as in the JSON: no standard deviation from a single run
                s.n() < 2 ? "" : String.format(Locale.ROOT, "%.6f", s.stddev() / 1e9),
                s.median() / 1e9,
                s.min() / 1e9,
                s.max() / 1e9,
                m.runs().size(),
                m.tasks(),
                m.failedTasks(),
                ranking.clear() && ranking.fastest() == m,
                m.stoppedEarly()));
      }
    }
    return b.toString();
  }

  /** Writes {@code text} to {@code file} through a temp file and a rename. */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".part");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
