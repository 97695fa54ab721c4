package dev.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.jobs.run.JobResult;
import dev.fanout.jobs.run.RunJob;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code run --json FILE}: one JSON object per finished job (number, input, command, exit, signal,
 * host, slot, worker, times, output sizes, attempts, error). {@code -} is not accepted: stdout
 * carries the jobs' own output.
 *
 * <p>Not thread-safe: the run's consumer thread writes it.
 */
final class JsonJobs implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String model;
  private final Path file;
  private final PrintWriter out;

  private JsonJobs(String model, Path file, PrintWriter out) {
    this.model = model;
    this.file = file;
    this.out = out;
  }

  static JsonJobs open(Path file, String model) {
    if (file == null) {
      return null;
    }
    if (file.toString().equals("-")) {
      throw new UsageException(
          "run --json -: stdout carries the jobs' own output; give a file (--json jobs.jsonl)");
    }
    try {
      return new JsonJobs(
          model,
          file,
          new PrintWriter(
              new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw Paths.cannotWrite("--json", file, e);
    }
  }

  void write(RunJob.Done d) {
    JobResult r = d.result();
    ObjectNode o = JSON.createObjectNode();
    o.put("job", "run").put("model", model).put("seq", d.job().seq());
    o.put("input", d.job().input()).put("command", d.job().commandLine());
    o.put("ok", r.ok()).put("exit", r.exit()).put("signal", r.signal());
    o.put("timed_out", r.timedOut()).put("attempts", r.attempts());
    o.put("host", r.host()).put("slot", r.slot());
    if (d.worker() != null) {
      o.put("worker", d.worker());
    }
    o.put("start", r.startMillis() / 1000.0).put("runtime_s", r.runtimeNanos() / 1e9);
    o.put("stdout_bytes", r.stdout().length).put("stderr_bytes", r.stderr().length);
    if (!r.ok()) {
      o.put("error", r.reason());
    }
    try {
      out.println(JSON.writeValueAsString(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.checkError()) {
      throw new UncheckedIOException(
          new IOException("cannot write the JSON lines to " + file + " (disk full?)"));
    }
  }

  @Override
  public void close() {
    out.close();
  }
}
