package dev.fanout.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fanout.Model;
import dev.fanout.jobs.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class BenchTest {
  @TempDir Path dir;

  @Test
  void run_smallConfiguration_measuresEveryModelAndWorkloadEndToEnd() throws Exception {
    List<String> progress = new CopyOnWriteArrayList<>();
    List<Model> models = List.of(Model.SEQUENTIAL, Model.THREADS, Model.ASYNC, Model.AUTO);
    Bench.Config config =
        new Bench.Config(2, List.of("io", "cpu"), models, null, 0.05, progress::add);

    BenchResult result = new Bench(config).run();

    assertThat(result.workloads()).extracting(WorkloadResult::name).containsExactly("io", "cpu");
    for (WorkloadResult w : result.workloads()) {
      assertThat(w.models()).extracting(ModelResult::model).containsExactlyElementsOf(models);
      for (ModelResult m : w.models()) {
        assertThat(m.runs()).hasSize(2);
        assertThat(m.median().spans()).hasSize(w.tasks());
        assertThat(m.median().failed()).isZero();
      }
      ModelResult auto = w.of(Model.AUTO).orElseThrow();
      assertThat(auto.decision()).as("auto's choice on " + w.name()).isNotNull();
      assertThat(w.fastest()).isPresent();
      assertThat(w.idealNanos()).isPositive();
    }
    assertThat(result.workloads().get(0).tasks()).isEqualTo(8); // 160 x 0.05
    assertThat(progress).anyMatch(l -> l.contains("io: threads run 2/2"));

    String text = TextReport.render(result);
    assertThat(text)
        .contains("io: 8 downloads", "cpu: 20 sums of squares", "speed-up", "auto chose");
    assertThat(text).contains("thread-1 ", "main ");

    Path json = dir.resolve("bench.json");
    BenchJson.write(result, json);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.at("/raw/workloads/0/models/0/runs/0/spans")).hasSize(8);
    assertThat(root.at("/results/0/workload").asText()).isEqualTo("io");
    assertThat(root.at("/results/0/times")).hasSize(2);
    assertThat(root.at("/results/0/mean").asDouble()).isPositive();
    assertThat(root.at("/raw/machine/cores").asInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());

    Path html = dir.resolve("report.html");
    HtmlReport.write(result, html);
    String page = Files.readString(html);
    assertThat(page).contains("<svg class=\"timeline\"").doesNotContain("<script", "http-equiv");
  }

  @Test
  void config_badValues_clearErrors() {
    assertThatThrownBy(() -> new Bench.Config(-1, List.of("io"), List.of(), null, 1, l -> {}))
        .hasMessageContaining("--runs");
    assertThatThrownBy(() -> new Bench.Config(1, List.of("disk"), List.of(), null, 1, l -> {}))
        .hasMessageContaining("unknown workload 'disk'");
    assertThatThrownBy(() -> new Bench.Config(1, List.of("io"), List.of(), null, -2, l -> {}))
        .hasMessageContaining("--scale");
  }

  @Test
  void urlList_badLine_namesFileAndLine() throws Exception {
    Path urls = dir.resolve("urls.txt");
    Files.writeString(urls, "# mine\n\nhttp://127.0.0.1:1/a\nftp://example/b\n");
    assertThatThrownBy(() -> UrlList.read(urls))
        .hasMessageContaining("line 4")
        .hasMessageContaining("not an http(s) URL");
  }
}
