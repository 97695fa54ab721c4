package dev.fanout.jobs.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The user's own workload for {@code bench}: a Java {@link dev.fanout.Task} class run once per
 * input line ({@code --task CLASS -a FILE}), or a command run once per input line ({@code --run
 * 'COMMAND {}' -a FILE}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param taskClass the fully qualified name of a {@code Task<String, ?>} or {@code
 *     AsyncTask<String, ?>} with a public no-arg constructor, or null
 * @param command the command template, or null
 * @param inputs the input file: one input per line, blank lines skipped
 */
public record UserWorkload(String taskClass, String command, Path inputs) {
  public UserWorkload {
    if ((taskClass == null) == (command == null)) {
      throw new IllegalArgumentException("give either --task CLASS or --run COMMAND, not both");
    }
    Objects.requireNonNull(inputs, "-a FILE: the inputs, one per line");
  }

  /** A Java task. */
  public static UserWorkload task(String taskClass, Path inputs) {
    return new UserWorkload(taskClass, null, inputs);
  }

  /** A command per input. */
  public static UserWorkload command(String command, Path inputs) {
    return new UserWorkload(null, command, inputs);
  }

  /** The workload's name in tables: {@code task} or {@code run}. */
  public String name() {
    return taskClass != null ? "task" : "run";
  }

  Workload open() {
    return taskClass != null
        ? TaskWorkload.load(taskClass, inputs)
        : RunWorkload.of(command, inputs);
  }
}
