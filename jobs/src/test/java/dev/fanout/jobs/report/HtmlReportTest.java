package dev.fanout.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fanout.Model;
import dev.fanout.jobs.bench.BenchResult;
import dev.fanout.jobs.bench.LoadAverage;
import dev.fanout.jobs.bench.Machine;
import dev.fanout.jobs.bench.ModelResult;
import dev.fanout.jobs.bench.RunResult;
import dev.fanout.jobs.bench.TaskSpan;
import dev.fanout.jobs.bench.WorkloadResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static BenchResult withInput(String input, String error) {
    TaskSpan a =
        new TaskSpan(0, input, "thread-1", 0, 100_000_000, 1_000_000, error == null, error);
    TaskSpan b = new TaskSpan(1, "http://ok/", "thread-2", 0, 100_000_000, 1_000_000, true, null);
    RunResult r =
        new RunResult(
            110_000_000,
            2_000_000,
            error == null ? 0 : 1,
            List.of(a, b),
            List.of("note with <b>markup</b>"));
    RunResult slow = new RunResult(220_000_000, 2_000_000, 0, List.of(a, b), List.of());
    WorkloadResult w =
        new WorkloadResult(
            "io",
            "2 downloads & <i>more</i>",
            2,
            100_000_000,
            "the latency floor",
            List.of(
                new ModelResult(Model.SEQUENTIAL, List.of(slow), null, ""),
                new ModelResult(Model.THREADS, List.of(r), null, "")));
    return new BenchResult(
        new Machine(2, "25 <jdk>", "Linux \"x\"", "cpu & co"),
        1,
        List.of(w),
        1_000_000_000L,
        new LoadAverage(0.1, 0.5, 2),
        null);
  }

  @Test
  void render_inputsErrorsAndNotes_escapedEverywhere() {
    String page =
        HtmlReport.render(
            withInput(
                "http://x/?q=<script>alert('x')</script>", "bad \"<img src=x onerror=alert(1)>\""));
    assertThat(page).doesNotContain("<script", "<img", "<i>more", "<b>markup", "<jdk>");
    assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(page).contains("2 downloads &amp; &lt;i&gt;more&lt;/i&gt;");
  }

  @Test
  void render_selfContained_noScriptNoFetch() {
    String page = HtmlReport.render(withInput("http://ok/1", null));
    assertThat(page).doesNotContain("<script", "<link", "@import", "url(", "src=", "http-equiv");
    assertThat(page).contains("<style>", "<svg class=\"bars\"", "<svg class=\"timeline\"");
    assertThat(page).contains("threads do speed up CPU-bound work");
  }

  @Test
  void esc_controlCharactersAndQuotes() {
    assertThat(Html.esc("a\u0007b\"c'd")).isEqualTo("a?b&quot;c&#39;d");
  }

  @Test
  void render_busyMachine_flaggedInTheVerdictAndTheTable() {
    BenchResult quiet = withInput("http://ok/1", null);
    BenchResult busy =
        new BenchResult(
            quiet.machine(),
            quiet.runsAsked(),
            quiet.workloads(),
            quiet.totalNanos(),
            new LoadAverage(3.5, 4.1, 2),
            null);

    assertThat(HtmlReport.render(quiet)).doesNotContain("class=\"busy\"", "BUSY machine");
    assertThat(HtmlReport.render(busy))
        .contains("<p class=\"busy\">load average 3.50 at start, 4.10 at end, on 2 cores: BUSY");
    assertThat(dev.fanout.jobs.bench.TextReport.render(busy))
        .contains("!! load average 3.50 at start")
        .contains("  !! load average");
  }
}
