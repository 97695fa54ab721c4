package dev.fanout.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --export-json FILE} (alias {@code --json}): hyperfine's shape, a {@code results} array of
 * one object per workload and model with mean, stddev, median, min, max and every run's time in
 * seconds; then the load average, and the raw measurements (every run, every task) under {@code
 * raw}.
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchJson {
  private BenchJson() {}

  /** Writes {@code result} to {@code file} atomically (temp file, then rename). */
  public static void write(BenchResult result, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String json = mapper.writeValueAsString(tree(mapper, result));
    Exports.writeAtomically(file, json + "\n");
  }

  static ObjectNode tree(ObjectMapper mapper, BenchResult result) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode results = root.putArray("results");
    for (WorkloadResult w : result.workloads()) {
      Ranking ranking = w.ranking();
      for (ModelResult m : w.models()) {
        Stats s = m.stats();
        ObjectNode r = results.addObject();
        r.put("workload", w.name());
        r.put("model", m.model().label());
        r.put("mean", s.mean() / 1e9);
        // as hyperfine: no standard deviation from a single run
        r.put("stddev", s.n() < 2 ? null : s.stddev() / 1e9);
        r.put("median", s.median() / 1e9);
        r.put("min", s.min() / 1e9);
        r.put("max", s.max() / 1e9);
        ArrayNode times = r.putArray("times");
        m.runs().forEach(run -> times.add(run.wallNanos() / 1e9));
        r.put("cpu", m.median().cpuNanos() < 0 ? null : m.median().cpuNanos() / 1e9);
        r.put("tasks", w.tasks());
        r.put("failed", m.failedTasks());
        r.put("winner", ranking.clear() && ranking.fastest() == m);
        r.put("note", m.note());
        r.put("stopped_early", m.stoppedEarly());
      }
    }
    ObjectNode verdicts = root.putObject("verdicts");
    for (WorkloadResult w : result.workloads()) {
      verdicts.put(w.name(), w.ranking().reason());
    }
    if (result.load() != null) {
      ObjectNode load = root.putObject("load");
      load.put("start", result.load().start());
      load.put("end", result.load().end());
      load.put("cores", result.load().cores());
      load.put("busy", result.load().busy());
    }
    ObjectNode phases = root.putObject("phases");
    result.phases().forEach(p -> phases.put(p.name(), p.nanos() / 1e9));
    root.set("raw", mapper.valueToTree(result));
    return root;
  }
}
