package dev.fanout.jobs.run;

import java.util.List;

/**
 * One command to run: everything a worker needs travels in it (the codecs carry it to worker JVMs
 * and cluster members), so no setting reaches a worker any other way.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seq the job number, from 1 ({@code {#}}, the joblog's Seq)
 * @param input the input line it was made from
 * @param argv the child's argv, each argument in pieces to be joined by the worker's slot number
 *     ({@code {%}}); see {@link Template#join}
 * @param timeoutMillis per attempt: SIGTERM to the job's process group after this long, 0 for none
 * @param graceMillis after SIGTERM, how long before SIGKILL
 * @param attempts how many times to run it until it exits 0 ({@code --retries} + 1)
 */
public record Job(
    long seq,
    String input,
    List<List<String>> argv,
    long timeoutMillis,
    long graceMillis,
    int attempts) {
  public Job {
    argv = argv.stream().map(List::copyOf).toList();
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a job needs a command");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
    }
  }

  /** {@code job 3: gzip -k 'a b.log'}, as warnings name it. */
  @Override
  public String toString() {
    String c = commandLine();
    return "job " + seq + ": " + (c.length() <= 120 ? c : c.substring(0, 100) + "...");
  }

  /** The command line as the joblog and {@code --dry-run} show it. */
  public String commandLine() {
    return Template.display(argv);
  }
}
