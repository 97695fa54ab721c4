package dev.fanout.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fanout.Model;
import dev.fanout.jobs.bench.Bench;
import dev.fanout.jobs.bench.BenchResult;
import dev.fanout.jobs.bench.Sweep;
import dev.fanout.jobs.bench.WorkloadResult;
import dev.fanout.jobs.http.SlowSiteServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a real bench report in headless Chromium: every chart and timeline rendered, one bar per
 * task, and a URL carrying a script shown as text, never run. Leaves a screenshot in {@code
 * target/} as a build artifact.
 */
@Timeout(240)
class ReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String EVIL = "<script>document.title='pwned'</script>";
  static final Path OUT = Path.of("target", "report-test");

  static BenchResult result;
  static Path report;
  static String dom;

  @BeforeAll
  static void runBenchAndOpenIt(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium is not installed at " + CHROMIUM);
    try (SlowSiteServer server = SlowSiteServer.start("127.0.0.1", 0)) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        urls.add(
            SlowSiteServer.pageUrl("127.0.0.1", server.port(), i, 30, i % 2 == 0 ? 10240 : 300));
      }
      urls.add(server.url("/p/99?ms=10&size=100&note=" + EVIL));
      Path file = dir.resolve("urls.txt");
      Files.write(file, urls);
      List<Model> models =
          List.of(Model.SEQUENTIAL, Model.THREADS, Model.VIRTUAL, Model.ASYNC, Model.AUTO);
      result =
          new Bench(
                  new Bench.Config(1, List.of("io", "cpu"), models, file, 0.02, l -> {})
                      .withSweep(new Sweep.Levels(List.of(1, 4, 16), 16, 2, 100_000)))
              .run();
    }
    Files.createDirectories(OUT);
    report = OUT.resolve("fanout-report.html").toAbsolutePath();
    HtmlReport.write(result, report);
    dom = chromium(dir, "--dump-dom", report.toUri().toString());
    chromium(
        dir,
        "--screenshot=" + OUT.resolve("fanout-report.png").toAbsolutePath(),
        "--window-size=1000,5200",
        "--hide-scrollbars",
        report.toUri().toString());
  }

  @AfterAll
  static void keepDom() throws IOException {
    if (dom != null) {
      Files.writeString(OUT.resolve("fanout-report.dom.html"), dom);
    }
  }

  private static String chromium(Path dir, String... args) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Path stdout = dir.resolve("chromium.out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + cmd);
    }
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  @Test
  void report_everyTimelineRendered_oneBarPerTask() {
    Matcher svg =
        Pattern.compile(
                "<svg class=\"timeline\" data-workload=\"(\\w+)\" data-model=\"(\\w+)\" data-tasks=\"(\\d+)\""
                    + "(.*?)</svg>",
                Pattern.DOTALL)
            .matcher(dom);
    int timelines = 0;
    while (svg.find()) {
      timelines++;
      String workload = svg.group(1);
      int tasks = Integer.parseInt(svg.group(3));
      int bars = count(svg.group(4), "<rect class=\"task ");
      WorkloadResult w =
          result.workloads().stream()
              .filter(x -> x.name().equals(workload))
              .findFirst()
              .orElseThrow();
      assertThat(tasks).as(workload + "/" + svg.group(2)).isEqualTo(w.tasks());
      assertThat(bars)
          .as("bars in the " + workload + "/" + svg.group(2) + " timeline")
          .isEqualTo(tasks);
    }
    int expected = result.workloads().stream().mapToInt(w -> w.models().size()).sum();
    assertThat(timelines).isEqualTo(expected).isEqualTo(10);
  }

  @Test
  void report_barChartPerWorkload_withOneBarPerModel() {
    for (WorkloadResult w : result.workloads()) {
      Matcher m =
          Pattern.compile(
                  "<svg class=\"bars\"[^>]*data-workload=\"" + w.name() + "\"(.*?)</svg>",
                  Pattern.DOTALL)
              .matcher(dom);
      assertThat(m.find()).as("bar chart of " + w.name()).isTrue();
      assertThat(count(m.group(1), "<rect class=\"bar")).isEqualTo(w.models().size());
    }
  }

  @Test
  void report_sweepSection_wallCpuAndMemoryChartsWithALinePerModel() {
    for (String workload : List.of("io", "cpu")) {
      for (String metric : List.of("wall", "cpu", "memory")) {
        Matcher m =
            Pattern.compile(
                    "<svg class=\"sweep-chart\" data-workload=\""
                        + workload
                        + "\" data-metric=\""
                        + metric
                        + "\"(.*?)</svg>",
                    Pattern.DOTALL)
                .matcher(dom);
        assertThat(m.find()).as(workload + " " + metric + " chart").isTrue();
        assertThat(count(m.group(1), "<path class=\"series "))
            .as(workload + " " + metric + " lines")
            .isEqualTo(3);
        assertThat(count(m.group(1), "<circle class=\"dot ")).isEqualTo(9);
      }
    }
    assertThat(dom).contains("Too many workers?", "adding workers", "load average");
  }

  @Test
  void report_scriptInAUrl_shownAsTextNeverRun() throws IOException {
    String page = Files.readString(report);
    assertThat(page).doesNotContain("<script").contains("&lt;script&gt;");
    assertThat(dom).doesNotContain("<script").doesNotContain("<title>pwned</title>");
    assertThat(dom).contains("&lt;script&gt;document.title=");
    assertThat(dom).contains("<title>fanout bench");
  }

  @Test
  void report_screenshotSaved() throws IOException {
    Path png = OUT.resolve("fanout-report.png");
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
