package dev.fanout.jobs.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
  @Test
  void write_linesAreWholeObjects_nullsWritten_textEscaped() throws Exception {
    StringWriter out = new StringWriter();
    try (JsonLines json = new JsonLines(out, false)) {
      json.write(
          new JsonLines.Entry(
              "http://h/ä?q=\"x\"", 1, 200, "HTTP/2", 10, 120, 1, "thread-1", "ä.html", null));
      json.write(
          new JsonLines.Entry(
              "http://h/2", 2, null, null, 0, 5, 3, "loop", null, "refused\nline\ttwo\u0001"));
    }

    String[] lines = out.toString().split("\n", -1);
    assertThat(lines).hasSize(3); // two lines, each ended by a newline
    assertThat(lines[2]).isEmpty();
    assertThat(lines[0])
        .isEqualTo(
            "{\"url\":\"http://h/ä?q=\\\"x\\\"\",\"line\":1,\"status\":200,\"protocol\":\"HTTP/2\","
                + "\"bytes\":10,\"ms\":120,\"attempts\":1,\"worker\":\"thread-1\","
                + "\"file\":\"ä.html\",\"error\":null}");
    JsonNode second = new ObjectMapper().readTree(lines[1]);
    assertThat(lines[1]).startsWith("{").endsWith("}").doesNotContain("\t");
    assertThat(second.get("status").isNull()).isTrue();
    assertThat(second.get("protocol").isNull()).isTrue();
    assertThat(second.get("file").isNull()).isTrue();
    assertThat(second.get("error").asText()).isEqualTo("refused\nline\ttwo\u0001");
    assertThat(second.get("attempts").asInt()).isEqualTo(3);
  }
}
