package dev.fanout.jobs.bench;

import dev.fanout.AsyncTask;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Task;
import dev.fanout.Worker;
import dev.fanout.jobs.run.AsyncRunTask;
import dev.fanout.jobs.run.Job;
import dev.fanout.jobs.run.JobResult;
import dev.fanout.jobs.run.RunJob;
import dev.fanout.jobs.run.RunTask;
import dev.fanout.jobs.run.Template;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code bench --run 'COMMAND {}' -a FILE}: the {@code run} job's command once per input line,
 * under every model. The command goes through {@code /bin/sh -c} as GNU parallel runs it, every
 * input single-quoted in it. A command that exits non-zero counts as a failed task.
 */
final class RunWorkload implements Workload {
  /** Between SIGTERM and SIGKILL when a run is cancelled. */
  private static final long GRACE_MILLIS = 2_000;

  private final String command;
  private final List<Job> jobs;

  private RunWorkload(String command, List<Job> jobs) {
    this.command = command;
    this.jobs = List.copyOf(jobs);
  }

  /**
   * The jobs of {@code command} for every line of {@code inputFile}.
   *
   * @throws IllegalArgumentException when the command is blank or the file has no input
   */
  static RunWorkload of(String command, Path inputFile) {
    if (command.isBlank()) {
      throw new IllegalArgumentException("--run needs a command, e.g. --run 'gzip -k {}'");
    }
    RunJob.Spec spec =
        new RunJob.Spec(new Template(List.of(command), true), 0, GRACE_MILLIS, 0, false, false);
    List<String> lines = InputLines.read(inputFile);
    List<Job> jobs = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      jobs.add(spec.job(i + 1, lines.get(i)));
    }
    return new RunWorkload(command, jobs);
  }

  @Override
  public String name() {
    return "run";
  }

  @Override
  public String title() {
    return jobs.size() + " runs of your command: " + command;
  }

  @Override
  public List<?> inputs() {
    return jobs;
  }

  @Override
  public void configure(Fanout.Builder builder, Model model) {
    if (model == Model.ASYNC && AsyncRunTask.available()) {
      AsyncRunTask.warmUp(); // loading epoll must not hold the engine's loop
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<? extends Outcome<?, ?>> run(Fanout fanout, Model model, List<?> in) {
    List<Job> batch = (List<Job>) in;
    return model == Model.ASYNC && AsyncRunTask.available()
        ? fanout.mapAsync(new CheckedAsync(), batch)
        : fanout.map(new Checked(), batch);
  }

  @Override
  public long idealNanos(List<ModelResult> results, int cores) {
    return UserIdeal.nanos(results, cores);
  }

  @Override
  public String idealLabel(int cores) {
    return UserIdeal.label(cores);
  }

  /** A command that did not exit 0, as a failed task: its reason and the end of its stderr. */
  static JobResult check(JobResult r) throws CommandFailedException {
    if (r.ok()) {
      return r;
    }
    String err = new String(r.stderr(), StandardCharsets.UTF_8).strip();
    if (err.length() > 200) {
      err = "..." + err.substring(err.length() - 200);
    }
    throw new CommandFailedException(r.reason() + (err.isEmpty() ? "" : ": " + err));
  }

  /** The command ended other than with exit 0. */
  public static final class CommandFailedException extends Exception {
    CommandFailedException(String message) {
      super(message);
    }
  }

  /**
   * {@link RunTask}, a non-zero exit made a failure. Public with a no-arg constructor: worker JVMs
   * and cluster members load it by name.
   */
  public static final class Checked implements Task<Job, JobResult> {
    private final RunTask task = new RunTask();

    public Checked() {}

    @Override
    public JobResult run(Job job, Worker worker) throws Exception {
      return check(task.run(job, worker));
    }
  }

  /** {@link AsyncRunTask}, a non-zero exit made a failure. */
  public static final class CheckedAsync implements AsyncTask<Job, JobResult> {
    private final AsyncRunTask task = new AsyncRunTask();

    public CheckedAsync() {}

    @Override
    public CompletionStage<JobResult> start(Job job, Worker worker) {
      return task.start(job, worker)
          .thenApply(
              r -> {
                try {
                  return check(r);
                } catch (CommandFailedException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
    }
  }
}
