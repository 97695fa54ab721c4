package dev.fanout.jobs.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's tasks laid out in rows for drawing: one row per worker, time to the right. A worker that
 * overlaps its own tasks (the one {@code async} loop) gets one lane per task in flight; workers
 * that each run one task ({@code virtual}: a thread per task) are packed into lanes, so the drawing
 * shows how many ran at once rather than hundreds of one-task rows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rows the rows, top to bottom
 * @param endNanos when the last task ended, from the run's start
 * @param packed true when one-task workers were packed into lanes
 */
public record Timeline(List<Row> rows, long endNanos, boolean packed) {

  /** One row: a worker, or a lane of one. */
  public record Row(String label, List<TaskSpan> spans) {
    public Row {
      spans = List.copyOf(spans);
    }
  }

  /** Lays out {@code spans}; packs one-task workers when there are more than {@code maxRows}. */
  public static Timeline of(List<TaskSpan> spans, int maxRows) {
    Map<String, List<TaskSpan>> byWorker = new LinkedHashMap<>();
    spans.stream()
        .sorted(Comparator.comparingLong(TaskSpan::startNanos))
        .forEach(s -> byWorker.computeIfAbsent(s.worker(), k -> new ArrayList<>()).add(s));
    long end = spans.stream().mapToLong(TaskSpan::endNanos).max().orElse(0);
    boolean oneTaskEach = byWorker.values().stream().allMatch(l -> l.size() == 1);
    if (byWorker.size() > maxRows && oneTaskEach) {
      List<Row> rows = new ArrayList<>();
      for (List<TaskSpan> lane : lanes(spans)) {
        rows.add(new Row("lane " + (rows.size() + 1), lane));
      }
      return new Timeline(rows, end, true);
    }
    List<Row> rows = new ArrayList<>();
    byWorker.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Timeline::naturalOrder))
        .forEach(
            e -> {
              List<List<TaskSpan>> lanes = lanes(e.getValue());
              for (int i = 0; i < lanes.size(); i++) {
                String label = lanes.size() == 1 ? e.getKey() : e.getKey() + " #" + (i + 1);
                rows.add(new Row(label, lanes.get(i)));
              }
            });
    return new Timeline(rows, end, false);
  }

  /** Greedy interval packing: each span goes to the first lane free at its start. */
  static List<List<TaskSpan>> lanes(List<TaskSpan> spans) {
    List<List<TaskSpan>> lanes = new ArrayList<>();
    List<Long> free = new ArrayList<>();
    spans.stream()
        .sorted(Comparator.comparingLong(TaskSpan::startNanos))
        .forEach(
            s -> {
              for (int i = 0; i < lanes.size(); i++) {
                if (free.get(i) <= s.startNanos()) {
                  lanes.get(i).add(s);
                  free.set(i, s.endNanos());
                  return;
                }
              }
              List<TaskSpan> lane = new ArrayList<>();
              lane.add(s);
              lanes.add(lane);
              free.add(s.endNanos());
            });
    return lanes;
  }

  /** thread-2 before thread-10. */
  static int naturalOrder(String a, String b) {
    String pa = a.replaceAll("\\d+$", "");
    String pb = b.replaceAll("\\d+$", "");
    if (pa.equals(pb) && a.length() > pa.length() && b.length() > pb.length()) {
      try {
        return Long.compare(
            Long.parseLong(a.substring(pa.length())), Long.parseLong(b.substring(pb.length())));
      } catch (NumberFormatException e) {
        // fall through to text order
      }
    }
    return a.compareTo(b);
  }
}
