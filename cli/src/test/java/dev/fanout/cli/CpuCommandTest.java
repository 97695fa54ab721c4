package dev.fanout.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.Fanout;
import dev.fanout.Model;
import dev.fanout.jobs.cpu.SumOfSquares;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class CpuCommandTest {

  static String expectedLines(long base, int count) {
    StringBuilder b = new StringBuilder();
    for (long n : SumOfSquares.inputs(base, count, 1.0)) {
      b.append(n).append('\t').append(SumOfSquares.closedForm(n)).append(System.lineSeparator());
    }
    return b.toString();
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void cpu_everyModel_printsExactSumsInInputOrder(Model model) {
    assumeTrue(available(model), model + " is not in this build");
    CliRun r =
        CliRun.of(
            "cpu", "--model", model.label(), "--workers", "2", "--base", "3000000", "--count", "5");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(expectedLines(3_000_000, 5));
    assertThat(r.err()).contains("cpu: 5 tasks on " + model.label()).contains("0 failed");
  }

  @Test
  void cpu_async_showsTheBlockedLoopWarningOnceAndTheLesson() {
    // 20 million steps take ~20 ms once compiled: far over the 1 ms threshold even on a fast day
    CliRun r = CliRun.of("cpu", "--model", "async", "--base", "20000000", "--count", "4");
    assertThat(r.exit()).isZero();
    assertThat(r.err().lines().filter(l -> l.contains("held the event loop"))).hasSize(1);
    assertThat(r.err()).contains("async: 4 of 4 tasks held the one event-loop thread");
  }

  @Test
  void cpu_repeat_printsEachBatchAndTheMedian() {
    CliRun r = CliRun.of("cpu", "-m", "threads", "--base", "1000", "--count", "2", "--repeat", "3");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(expectedLines(1000, 2).repeat(3));
    assertThat(r.err()).contains("(run 3 of 3)").contains("median wall time of 3 runs");
  }

  @Test
  void cpu_scale_multipliesN() {
    CliRun r =
        CliRun.of(
            "cpu", "-m", "sequential", "--base", "10", "--count", "1", "--scale", "2.5", "-q");
    assertThat(r.out()).isEqualTo("25\t" + SumOfSquares.closedForm(25) + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void cpu_jsonOnStdout_oneObjectPerTask() throws Exception {
    CliRun r =
        CliRun.of("cpu", "-m", "threads", "--base", "100", "--count", "3", "--json", "-", "-q");
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.out().split("\\R")) {
      lines.add(new ObjectMapper().readTree(l));
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2).get("input").asLong()).isEqualTo(102);
    assertThat(lines.get(2).get("result").asText())
        .isEqualTo(SumOfSquares.closedForm(102).toString());
    assertThat(lines.get(2).get("ok").asBoolean()).isTrue();
    assertThat(lines.get(2).has("worker")).isTrue();
  }

  @Test
  void cpu_badOptions_exitTwoNamingThem() {
    CliRun scale = CliRun.of("cpu", "--scale", "-1");
    assertThat(scale.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(scale.err()).contains("scale must be a positive number, got -1");
    CliRun repeat = CliRun.of("cpu", "--repeat", "0");
    assertThat(repeat.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(repeat.err()).contains("--repeat must be between 1 and 1000, got 0");
  }

  @Test
  void help_listsTheJobsOptions() {
    CliRun r = CliRun.of("cpu", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--base=N", "--count=K", "--scale=F", "--repeat=R", "--model=MODEL");
  }

  /** -c's default on virtual and async, as each command's help says it: fetch's is its own. */
  @Test
  void help_concurrencyDefault_isTheCommandsOwn() {
    String cpu = CliRun.of("cpu", "--help").out().replaceAll("\\s+", " ");
    String fetch = CliRun.of("fetch", "--help").out().replaceAll("\\s+", " ");

    assertThat(cpu).contains("1000 on virtual and async").doesNotContain("100 on");
    assertThat(fetch)
        .contains("-c, --concurrency=C Tasks in flight at most (default: the workers on threads")
        .contains("100 on virtual and async, as aiohttp's connection limit")
        .doesNotContain("1000");
    // the option fetch describes is still the one that sets the run's concurrency
    CliRun zero = CliRun.of("fetch", "-c", "0", "http://127.0.0.1:9/");
    assertThat(zero.exit()).isEqualTo(ExitCode.USAGE);
    assertThat(zero.err()).contains("--concurrency must be between 1 and 1000000, got 0");
  }

  static boolean available(Model model) {
    try (Fanout f = Fanout.builder().model(model).workers(2).build()) {
      return true;
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).contains("not available")) {
        return false;
      }
      throw e;
    }
  }
}
