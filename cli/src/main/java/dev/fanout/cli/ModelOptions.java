package dev.fanout.cli;

import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options every batch command shares: model and sizing, cluster members, JSON lines, quiet. */
public final class ModelOptions {
  /** {@code -c}'s help up to its default on virtual and async, which each command ends. */
  static final String CONCURRENCY_HELP =
      "Tasks in flight at most (default: the workers on threads and processes; ";

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
      description =
          "Worker threads or processes; on cluster, tasks each member runs at once (default: per"
              + " model; threads: cores+4).")
  public Integer workers;

  @Option(
      names = {"-c", "--concurrency"},
      paramLabel = "C",
      description = CONCURRENCY_HELP + "1000 on virtual and async).")
  public Integer concurrency;

  @Option(
      names = "--members",
      paramLabel = "HOST:PORT",
      split = ",",
      description =
          "On cluster: members to join, comma separated (default: an embedded member in this"
              + " process). Start them with 'fanout member'.")
  public java.util.List<String> members;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      description =
          "On cluster: the cluster's name; members of other clusters refuse us"
              + " (default: fanout).")
  public String clusterName;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "On cluster: a file holding the members' shared secret, to authenticate every job"
              + " message (default: the FANOUT_CLUSTER_SECRET variable, else none).")
  public Path secretFile;

  @Option(
      names = "--isolate",
      description =
          "With --model auto: prefer the processes model (memory, crash and GC isolation).")
  public boolean isolate;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      description =
          "With processes or cluster: inputs sent to a worker per message (default: automatic).")
  public Integer chunkSize;

  @Option(
      names = "--max-tasks-per-worker",
      paramLabel = "N",
      description = "With processes: replace a worker JVM after N tasks (default: never).")
  public Integer maxTasksPerWorker;

  @Option(
      names = "--threads-per-worker",
      paramLabel = "N",
      description =
          "With processes or cluster: run each worker's (member's) share of --concurrency on N"
              + " platform threads instead of virtual threads (default: 1).")
  public Integer threadsPerWorker;

  @Option(
      names = "--worker-jvm-arg",
      paramLabel = "ARG",
      description =
          "With processes: one more flag for every worker JVM (repeatable: --worker-jvm-arg"
              + " -Xmx256m --worker-jvm-arg -XX:+UseParallelGC).")
  public List<String> workerJvmArgs;

  @Option(
      names = "--no-worker-cds",
      description =
          "With processes: start worker JVMs without the class-data-sharing archive fanout keeps"
              + " in its cache directory (slower start, nothing written there).")
  public boolean noWorkerCds;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "With processes: the folder for the worker JVMs' class-data-sharing archive, made if"
              + " missing (default: $XDG_CACHE_HOME/fanout, else ~/.cache/fanout).")
  public Path cacheDir;

  @Option(
      names = "--cluster-connect-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "With cluster: how long to try to reach the --members before failing (default: 10s).")
  public Duration connectTimeout;

  @Option(
      names = "--task-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Fail a task's attempt that runs longer than DURATION (500ms, 10s, 2m) with a timeout,"
              + " retried like any failure; a stuck task is interrupted, then abandoned (processes:"
              + " its worker JVM is replaced) (default: no limit).")
  public Duration taskTimeout;

  @Option(
      names = "--fail-fast",
      description =
          "Stop at the first task that fails (after its retries): the tasks still running or"
              + " waiting are cancelled and reported as such (exit code 1).")
  public boolean failFast;

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
    Fanout.Builder b = Fanout.builder().model(model).isolate(isolate).failFast(failFast);
    if (workers != null) {
      b.workers(within("--workers", workers, 1, model.maxWorkers(), " on " + model.label()));
    }
    if (concurrency != null) {
      b.concurrency(within("--concurrency", concurrency, 1, Options.MAX_CONCURRENCY, ""));
    }
    if (taskTimeout != null) {
      b.taskTimeout(taskTimeout);
    }
    if (members != null && !members.isEmpty()) {
      for (String m : members) {
        if (!m.matches("[^:\\s]+:\\d{1,5}")) {
          throw new UsageException("--members: '" + m + "' is not HOST:PORT (e.g. 127.0.0.1:5701)");
        }
        String host = m.substring(0, m.lastIndexOf(':'));
        int port = Integer.parseInt(m.substring(m.lastIndexOf(':') + 1));
        if (port < 1 || port > 65535) {
          throw new UsageException(
              "--members: '" + m + "': the port must be within 1..65535 (e.g. 127.0.0.1:5701)");
        }
        try { // a name that does not resolve would otherwise cost the whole connect timeout
          java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
          throw new UsageException(
              "--members: '" + m + "': the host '" + host + "' is not known here (check the name)");
        }
      }
      b.members(members);
    }
    if (chunkSize != null) {
      b.chunkSize(within("--chunk-size", chunkSize, 1, Options.MAX_CHUNK_SIZE, ""));
    }
    if (maxTasksPerWorker != null) {
      b.maxTasksPerWorker(
          within("--max-tasks-per-worker", maxTasksPerWorker, 1, Integer.MAX_VALUE, ""));
    }
    if (threadsPerWorker != null) {
      b.threadsPerWorker(
          within("--threads-per-worker", threadsPerWorker, 1, Options.MAX_THREADS_PER_WORKER, ""));
    }
    if (workerJvmArgs != null && !workerJvmArgs.isEmpty()) {
      for (String arg : workerJvmArgs) {
        if (arg.isBlank()) {
          throw new UsageException("--worker-jvm-arg must not be blank");
        }
      }
      b.workerJvmArgs(workerJvmArgs);
    }
    if (noWorkerCds) {
      b.workerCds(false);
    }
    if (cacheDir != null) {
      b.cacheDir(
          model.uses(Model.Setting.CACHE_DIR)
              ? Paths.writableFolder("--cache-dir", cacheDir, "--no-worker-cds")
              : cacheDir);
    }
    if (connectTimeout != null) {
      if (connectTimeout.toMillis() < 1
          || connectTimeout.compareTo(Options.MAX_CONNECT_TIMEOUT) > 0) {
        throw new UsageException(
            "--cluster-connect-timeout must be between 1ms and 1h, got " + connectTimeout);
      }
      b.clusterConnectTimeout(connectTimeout);
    }
    if (secretFile != null) {
      try {
        b.clusterSecret(dev.fanout.cluster.ClusterSecret.resolve(secretFile));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
    }
    if (clusterName != null) {
      if (clusterName.isBlank()) {
        throw new UsageException("--cluster-name must not be blank");
      }
      b.clusterName(clusterName);
    }
    return b;
  }

  private static int within(String option, int value, int min, int max, String where) {
    if (value < min || value > max) {
      throw new UsageException(
          option
              + " must be "
              + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
              + where
              + ", got "
              + value);
    }
    return value;
  }

  /** Parses {@code --model}. */
  public static final class ModelConverter implements ITypeConverter<Model> {
    @Override
    public Model convert(String value) {
      try {
        return Model.parse(value);
      } catch (IllegalArgumentException e) { // picocli prints its message alone, no class name
        throw new TypeConversionException(e.getMessage());
      }
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
