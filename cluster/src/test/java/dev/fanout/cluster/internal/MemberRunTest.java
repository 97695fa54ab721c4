package dev.fanout.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.spi.Codecs;
import dev.fanout.spi.Events;
import dev.fanout.spi.Recipe;
import dev.fanout.spi.remote.Report;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member's side of a run, without Hazelcast: what a member does with a chunk. */
@Timeout(30)
class MemberRunTest {
  private static final Events QUIET = new Events(List.of(), line -> {});

  @Test
  void run_taskClassNotOnTheMembersClasspath_failsEachInputSayingWhatToDo() throws Exception {
    MemberRun run = oneByOne();
    byte[] reply =
        run.run(
            new Recipe("com.example.NoSuchTask", null),
            new byte[][] {Codecs.encode(1L), Codecs.encode(2L)});

    Report[] items = Reply.read(reply, "member-x:1").reports();
    assertThat(items).hasSize(2);
    assertThat(items)
        .allSatisfy(
            item ->
                assertThat(item.error())
                    .hasMessageContaining("com.example.NoSuchTask")
                    .hasMessageContaining("not on the classpath of member-x:1")
                    .hasMessageContaining("--classpath"));
  }

  @Test
  void run_inputsAndResults_travelAsCodecBytesWithTheirTimes() throws Exception {
    MemberRun run = oneByOne();
    byte[] reply =
        run.run(
            new Recipe(dev.fanout.cluster.TestTasks.Square.class.getName(), null),
            new byte[][] {Codecs.encode(3L), Codecs.encode("not a number")});

    Report[] items = Reply.read(reply, "member-x:1").reports();
    assertThat(Codecs.decode(items[0].result())).isEqualTo(9L);
    assertThat(items[0].startNanos()).isLessThanOrEqualTo(items[0].endNanos());
    assertThat(items[1].error()).isInstanceOf(ClassCastException.class);
  }

  @Test
  void run_aClassThatIsNoTask_isRefusedAndStartsNoThread() throws Exception {
    MemberRun run = oneByOne();
    long timers = timerThreads();

    byte[] reply = run.run(new Recipe("java.util.Timer", null), new byte[][] {Codecs.encode(1L)});

    Report[] items = Reply.read(reply, "member-x:1").reports();
    assertThat(items[0].error()).hasMessageContaining("refusing to run java.util.Timer");
    assertThat(timerThreads()).isEqualTo(timers);
  }

  /** A run of member-x:1 with no resource and no owner, one task at a time. */
  private static MemberRun oneByOne() {
    return new MemberRun(
        "member-x:1",
        "",
        1,
        MemberRun.ONE_BY_ONE,
        null,
        MemberRunTest.class.getClassLoader(),
        QUIET,
        null);
  }

  private static long timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("Timer-"))
        .count();
  }
}
