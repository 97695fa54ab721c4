package dev.fanout.jobs.fetch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;

/**
 * {@code --json FILE}: one JSON object per URL, written as each finishes.
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

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Writer out;
  private final boolean closeIt;

  /** Writes to {@code out}, closing it at the end when {@code closeIt}. */
  public JsonLines(Writer out, boolean closeIt) {
    this.out = out;
    this.closeIt = closeIt;
  }

  public void write(Entry e) throws IOException {
    try {
      out.write(MAPPER.writeValueAsString(e));
    } catch (JsonProcessingException ex) {
      throw new IOException("cannot write the JSON line of " + e.url() + ": " + ex, ex);
    }
    out.write('\n');
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closeIt) {
      out.close();
    } else {
      out.flush();
    }
  }
}
