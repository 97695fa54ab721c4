package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's API example, compiled and run so that it stays true. */
class ReadmeExampleTest {

  // README example begins
  /** SHA-256 of a string; each worker keeps its own MessageDigest (the article's initializer). */
  public static final class Sha256 implements Task<String, String> {
    @Override
    public String run(String text, Worker worker) {
      MessageDigest md = worker.resource();
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Opened once per worker thread, process or member. */
  public static final class Digests implements Resource<MessageDigest> {
    @Override
    public MessageDigest open(Worker worker) throws Exception {
      return MessageDigest.getInstance("SHA-256");
    }
  }

  static List<Outcome<String, String>> hashAll(List<String> texts) {
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.THREADS) // or SEQUENTIAL, VIRTUAL, ASYNC, PROCESSES, CLUSTER, AUTO
            .workers(4)
            .resource(new Digests())
            .retry(RetryPolicy.attempts(3))
            .build()) {
      return fanout.map(new Sha256(), texts); // one Outcome per input, in input order
    }
  }

  // README example ends

  @Test
  void hashAll_givesOneOutcomePerInputInOrder() {
    List<Outcome<String, String>> outcomes = hashAll(List.of("a", "b"));
    assertThat(outcomes)
        .extracting(Outcome::value)
        .containsExactly(
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
            "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d");
  }
}
