package dev.fanout.jobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a bench's time went: wall time per phase ({@code io/warm-up/threads}, {@code io/runs/
 * sequential}, {@code cpu/calibration}, {@code sweep/io/async}...), each the sum of its parts, in
 * the order they first ran. Parts are separated by {@code /}: the first is the workload (or {@code
 * sweep}), the second the kind of work.
 *
 * <p>Not thread-safe: the bench's one thread records into it.
 */
public final class Phases {
  /**
   * One phase.
   *
   * @param name its parts, separated by {@code /}
   * @param nanos its wall time, summed over every time it ran
   */
  public record Phase(String name, long nanos) {}

  private final Map<String, Long> nanos = new LinkedHashMap<>();

  /** Adds {@code n} nanoseconds to the phase {@code name}. */
  void add(String name, long n) {
    nanos.merge(name, n, Long::sum);
  }

  /** Runs {@code work} and adds its wall time to the phase {@code name}. */
  <T> T time(String name, java.util.concurrent.Callable<T> work) throws Exception {
    long t0 = System.nanoTime();
    try {
      return work.call();
    } finally {
      add(name, System.nanoTime() - t0);
    }
  }

  List<Phase> list() {
    List<Phase> out = new ArrayList<>();
    nanos.forEach((k, v) -> out.add(new Phase(k, v)));
    return List.copyOf(out);
  }

  /**
   * One line: each workload's (or the sweep's) total, with its warm-ups and calibration in
   * brackets, e.g. {@code io 52.0 s (warm-ups 4.1 s), cpu 30.2 s (calibration 0.3 s, warm-ups 2.0
   * s), sweep 9.8 s}.
   */
  static String summary(List<Phase> phases) {
    Map<String, Map<String, Long>> byTop = new LinkedHashMap<>();
    for (Phase p : phases) {
      String[] parts = p.name().split("/", 3);
      String kind = parts.length > 1 ? parts[1] : "";
      byTop.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).merge(kind, p.nanos(), Long::sum);
    }
    List<String> out = new ArrayList<>();
    byTop.forEach(
        (top, kinds) -> {
          long total = kinds.values().stream().mapToLong(Long::longValue).sum();
          List<String> inner = new ArrayList<>();
          kinds.forEach(
              (kind, n) -> {
                if (kind.equals("calibration") || kind.equals("warm-up")) {
                  inner.add(
                      (kind.equals("warm-up") ? "warm-ups" : kind) + " " + Figures.seconds(n));
                }
              });
          out.add(
              top
                  + " "
                  + Figures.seconds(total)
                  + (inner.isEmpty() ? "" : " (" + String.join(", ", inner) + ")"));
        });
    return String.join(", ", out);
  }
}
