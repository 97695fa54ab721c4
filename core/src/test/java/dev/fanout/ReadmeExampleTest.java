package dev.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

  // README second example begins
  /** Input: milliseconds to wait; a stand-in for a call that sometimes hangs. */
  public static final class Slow implements Task<Long, Long> {
    @Override
    public Long run(Long millis, Worker worker) throws InterruptedException {
      Thread.sleep(millis);
      return millis;
    }
  }

  static void timeoutsAndStats() throws Exception {
    try (Fanout fanout =
        Fanout.builder()
            .model(Model.VIRTUAL)
            .taskTimeout(Duration.ofMillis(200)) // a late attempt fails with TimeoutException
            .failFast(false) // true: the first failure cancels the rest
            .rate((Long ms) -> "one-host", 50) // at most 50 starts per second per key
            .listener(
                e -> {
                  if (e instanceof Event.Warning w) {
                    System.err.println(w.kind() + ": " + w.text());
                  }
                })
            .build()) {
      for (Outcome<Long, Long> o : fanout.map(new Slow(), List.of(10L, 5_000L))) {
        Outcome.Stats s = o.stats(); // worker, start/end on the run's clock, CPU, bytes
        System.out.printf(
            "%d: %s on %s in %d ms%n",
            o.input(),
            o.isSuccess() ? "ok" : ((Outcome.Failure<Long, Long>) o).message(),
            s.worker(),
            s.wallNanos() / 1_000_000);
      }
      CompletableFuture<Outcome<Long, Long>> one = fanout.submit(new Slow(), 20L);
      System.out.println("submitted: " + one.get().value());
    }
  }

  // README second example ends

  @Test
  void timeoutsAndStats_runsAndPrints() throws Exception {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      timeoutsAndStats();
    } finally {
      System.setOut(old);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("10: ok on virtual-")
        .contains("5000: attempt 1 ran longer than the task timeout of 200 ms")
        .contains("submitted: 20");
  }

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
