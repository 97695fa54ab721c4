package dev.fanout.jobs.bench;

import dev.fanout.Model;
import java.util.List;

/**
 * The best wall time a user's workload could reach, from what was measured: no batch ends before
 * its longest task, nor before its CPU time spread over every core.
 */
final class UserIdeal {
  private UserIdeal() {}

  static long nanos(List<ModelResult> results, int cores) {
    long longest =
        results.stream()
            .flatMap(r -> r.median().spans().stream())
            .filter(TaskSpan::ok)
            .mapToLong(TaskSpan::wallNanos)
            .max()
            .orElse(0);
    // the fastest single run of any task is its own floor; the longest of those is the batch's
    long floor =
        results.stream()
            .flatMap(r -> r.median().spans().stream())
            .filter(TaskSpan::ok)
            .collect(
                java.util.stream.Collectors.toMap(TaskSpan::index, TaskSpan::wallNanos, Math::min))
            .values()
            .stream()
            .mapToLong(Long::longValue)
            .max()
            .orElse(longest);
    long cpu =
        results.stream()
            .filter(r -> r.model() == Model.SEQUENTIAL && r.median().cpuNanos() >= 0)
            .mapToLong(r -> r.median().cpuNanos())
            .findFirst()
            .orElse(0);
    return Math.max(floor, cpu / Math.max(1, cores));
  }

  static String label(int cores) {
    return "the longest task (at its quickest), or the sequential CPU time over "
        + cores
        + " cores, whichever is longer";
  }
}
