package dev.fanout.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fanout.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --json FILE}: one JSON object per task, written as its outcome is printed, with what the
 * task's finish event knew (worker, wall and CPU time, bytes). {@code -} writes to stdout.
 *
 * <p>A listener (thread-safe) for the events; {@link #write} is called from the command's thread.
 */
final class OutcomeJson implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String job;
  private final String model;
  private final PrintWriter out;
  private final boolean ownsOut;

  private OutcomeJson(String job, String model, PrintWriter out, boolean ownsOut) {
    this.job = job;
    this.model = model;
    this.out = out;
    this.ownsOut = ownsOut;
  }

  /** A writer to {@code file} ({@code -}: {@code stdout}), or null when no file was asked for. */
  static OutcomeJson open(Path file, String job, String model, PrintWriter stdout) {
    if (file == null) {
      return null;
    }
    if (file.toString().equals("-")) {
      return new OutcomeJson(job, model, stdout, false);
    }
    try {
      OutputStream os = Files.newOutputStream(file);
      return new OutcomeJson(
          job,
          model,
          new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)),
          true);
    } catch (IOException e) {
      throw Paths.cannotWrite("--json", file, e);
    }
  }

  /** True when the JSON goes to stdout, in place of the text results. */
  boolean onStdout() {
    return !ownsOut;
  }

  /** Writes one task's line; {@code result} is the result as the text output shows it. */
  void write(Outcome<?, ?> outcome, Object result) {
    ObjectNode o = JSON.createObjectNode();
    o.put("job", job).put("model", model).put("index", outcome.index());
    o.putPOJO("input", outcome.input());
    o.put("ok", outcome.isSuccess());
    if (outcome instanceof Outcome.Failure<?, ?> f) {
      o.put("error", f.message());
    } else {
      o.putPOJO("result", result);
    }
    o.put("attempts", outcome.attempts());
    Outcome.Stats stats = outcome.stats();
    o.put("worker", stats.worker());
    o.put("wall_ms", stats.wallNanos() / 1e6);
    if (stats.cpuKnown()) {
      o.put("cpu_ms", stats.cpuNanos() / 1e6);
    }
    o.put("bytes", stats.bytes());
    try {
      out.println(JSON.writeValueAsString(o));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (ownsOut && out.checkError()) { // a full disk: stop, as a failed stdout write does
      throw new Paths.OutputFailure("the --json file");
    }
  }

  @Override
  public void close() {
    out.flush();
    if (ownsOut) {
      out.close();
    }
  }
}
