package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The options every batch command shares: model and sizing, JSON lines, quiet. */
public final class ModelOptions {

  @Option(
      names = {"-m", "--model"},
      paramLabel = "MODEL",
      converter = ModelConverter.class,
      completionCandidates = ModelCandidates.class,
      description = "Concurrency model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "threads")
  public Model model;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "N",
      description = "Worker threads, processes or members (default: per model; threads: cores+4).")
  public Integer workers;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "C",
      description = "Tasks in flight at most (default: per model; virtual/async: 1000).")
  public Integer concurrency;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write one JSON object per task to FILE (JSON lines; - for stdout).")
  public Path json;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress, no summary: results and errors only.")
  public boolean quiet;

  /** A builder with the model and sizes the user gave; the caller adds the rest. */
  public Fanout.Builder builder() {
    Fanout.Builder b = Fanout.builder().model(model);
    if (workers != null) {
      if (workers < 1) {
        throw new UsageException("--workers must be at least 1, got " + workers);
      }
      b.workers(workers);
    }
    if (concurrency != null) {
      if (concurrency < 1) {
        throw new UsageException("--concurrency must be at least 1, got " + concurrency);
      }
      b.concurrency(concurrency);
    }
    return b;
  }

  /** Parses {@code --model}. */
  public static final class ModelConverter implements ITypeConverter<Model> {
    @Override
    public Model convert(String value) {
      return Model.parse(value);
    }
  }

  /** The {@code --model} values, from the registry. */
  public static final class ModelCandidates implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(Model.values()).map(Model::label).iterator();
    }
  }
}
