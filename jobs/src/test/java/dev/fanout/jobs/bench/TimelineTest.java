package dev.fanout.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static TaskSpan span(int i, String worker, long start, long end) {
    return new TaskSpan(i, "in-" + i, worker, start, end, 1, true, null);
  }

  @Test
  void of_poolWorkers_oneRowEachInNaturalOrder() {
    List<TaskSpan> spans =
        List.of(span(0, "thread-10", 0, 5), span(1, "thread-2", 0, 5), span(2, "thread-2", 5, 9));
    Timeline t = Timeline.of(spans, 40);
    assertThat(t.rows()).extracting(Timeline.Row::label).containsExactly("thread-2", "thread-10");
    assertThat(t.rows().get(0).spans()).hasSize(2);
    assertThat(t.endNanos()).isEqualTo(9);
  }

  @Test
  void of_oneLoopOverlappingItsTasks_oneLanePerTaskInFlight() {
    List<TaskSpan> spans =
        List.of(span(0, "loop", 0, 10), span(1, "loop", 1, 11), span(2, "loop", 10, 20));
    Timeline t = Timeline.of(spans, 40);
    assertThat(t.rows()).extracting(Timeline.Row::label).containsExactly("loop #1", "loop #2");
    assertThat(t.rows().stream().mapToInt(r -> r.spans().size()).sum()).isEqualTo(3);
  }

  @Test
  void of_manyOneTaskWorkers_packedIntoLanes() {
    List<TaskSpan> spans = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      spans.add(span(i, "virtual-" + i, (i % 2) * 100, (i % 2) * 100 + 90));
    }
    Timeline t = Timeline.of(spans, 40);
    assertThat(t.packed()).isTrue();
    assertThat(t.rows()).hasSize(50); // two waves of 50 reuse the same lanes
    assertThat(t.rows().stream().mapToInt(r -> r.spans().size()).sum()).isEqualTo(100);
  }

  @Test
  void bar_drawsComputingWaitingAndIdle() {
    List<TaskSpan> spans =
        List.of(
            new TaskSpan(0, "a", "w", 0, 32, 30, true, null),
            new TaskSpan(1, "b", "w", 32, 48, 0, true, null));
    String bar = TextReport.bar(spans, 64);
    assertThat(bar).hasSize(TextReport.WIDTH).startsWith("#").contains("-").endsWith(".");
  }
}
