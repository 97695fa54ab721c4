package dev.fanout.jobs.bench;

import dev.fanout.AsyncTask;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.Outcome;
import dev.fanout.Task;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench --task CLASS -a FILE}: the user's own Java task, once per input line, under every
 * model. A blocking {@link Task} runs as is everywhere (on {@code async} it holds the loop, and the
 * report says so); an {@link AsyncTask} runs non-blocking everywhere.
 */
final class TaskWorkload implements Workload {
  private final String className;
  private final Object task; // a Task<String, ?> or an AsyncTask<String, ?>
  private final List<String> inputs;

  private TaskWorkload(String className, Object task, List<String> inputs) {
    this.className = className;
    this.task = task;
    this.inputs = inputs;
  }

  /**
   * Loads and creates the task, and reads its inputs.
   *
   * @throws IllegalArgumentException naming the class or file and what to do
   */
  static TaskWorkload load(String className, Path inputFile) {
    Class<?> type;
    try {
      type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "--task: class "
              + className
              + " not found ("
              + e.getMessage()
              + "); give its full name and the jar or directory it is in with --classpath");
    }
    if (!Task.class.isAssignableFrom(type) && !AsyncTask.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "--task: "
              + className
              + " is not a dev.fanout.Task or dev.fanout.AsyncTask; implement Task<String, R>");
    }
    Object task;
    try {
      task = type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause =
          e instanceof java.lang.reflect.InvocationTargetException i ? i.getCause() : e;
      throw new IllegalArgumentException(
          "--task: cannot create " + className + " with its public no-arg constructor: " + cause);
    }
    return new TaskWorkload(className, task, InputLines.read(inputFile));
  }

  @Override
  public String name() {
    return "task";
  }

  @Override
  public String title() {
    return inputs.size()
        + " inputs of your task "
        + className
        + (task instanceof AsyncTask<?, ?> ? " (non-blocking)" : "");
  }

  @Override
  public List<?> inputs() {
    return inputs;
  }

  @Override
  public void configure(Fanout.Builder builder, Model model) {
    // the task brings what it needs: a per-worker resource cannot be named on the command line
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<? extends Outcome<?, ?>> run(Fanout fanout, Model model, List<?> in) {
    List<String> lines = (List<String>) in;
    return task instanceof AsyncTask<?, ?> a
        ? fanout.mapAsync((AsyncTask<String, Object>) a, lines)
        : fanout.map((Task<String, Object>) task, lines);
  }

  @Override
  public long idealNanos(List<ModelResult> results, int cores) {
    return UserIdeal.nanos(results, cores);
  }

  @Override
  public String idealLabel(int cores) {
    return UserIdeal.label(cores);
  }
}
