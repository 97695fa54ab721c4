package dev.fanout.jobs.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code --json FILE}: one JSON object per URL, written as each finishes.
 *
 * <p>Written with Jackson's streaming generator, field by field, not by serializing {@link Entry}
 * through an {@code ObjectMapper}: the mapper's first use inspects the record by reflection and
 * builds its serializers, 130-150 ms of every {@code fetch --json} start (docs/BENCHMARKS.md,
 * session 6).
 *
 * <p>Not thread-safe: the run's consumer thread writes it.
 */
public final class JsonLines implements AutoCloseable {
  /**
   * One URL's line.
   *
   * @param url the URL as given
   * @param line its line in the list, from 1
   * @param status the final HTTP status, or null when none was received
   * @param protocol the protocol of the final response ({@code HTTP/1.1}, {@code HTTP/2}), or null
   * @param bytes body bytes received
   * @param ms wall time, first attempt's start to last attempt's end
   * @param attempts attempts made
   * @param worker the worker that ran the last attempt
   * @param file the stored file's name under {@code --out}, or null
   * @param error the failure, or null on success
   */
  public record Entry(
      String url,
      long line,
      Integer status,
      String protocol,
      long bytes,
      long ms,
      int attempts,
      String worker,
      String file,
      String error) {}

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // close() below decides
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM) // flush() below decides
          .rootValueSeparator((String) null) // write() ends each line, with no space before next
          .build();

  private final Writer out;
  private final boolean closeIt;
  private final JsonGenerator json;

  /** Writes to {@code out}, closing it at the end when {@code closeIt}. */
  public JsonLines(Writer out, boolean closeIt) throws IOException {
    this.out = out;
    this.closeIt = closeIt;
    this.json = JSON.createGenerator(out);
  }

  public void write(Entry e) throws IOException {
    json.writeStartObject();
    json.writeStringField("url", e.url());
    json.writeNumberField("line", e.line());
    json.writeFieldName("status");
    if (e.status() == null) {
      json.writeNull();
    } else {
      json.writeNumber(e.status());
    }
    json.writeStringField("protocol", e.protocol());
    json.writeNumberField("bytes", e.bytes());
    json.writeNumberField("ms", e.ms());
    json.writeNumberField("attempts", e.attempts());
    json.writeStringField("worker", e.worker());
    json.writeStringField("file", e.file());
    json.writeStringField("error", e.error());
    json.writeEndObject();
    json.flush(); // into out, which buffers; a line is whole before the newline
    out.write('\n');
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
    if (closeIt) {
      out.close();
    } else {
      out.flush();
    }
  }
}
