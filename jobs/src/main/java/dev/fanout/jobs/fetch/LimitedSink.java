package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.BodySink;
import dev.fanout.jobs.http.ResponseHead;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A body sink held to a {@link Bandwidth}: each chunk waits for its bytes to fit in the rate before
 * it is written, so the client reads no faster and TCP slows the sender.
 *
 * <p>Not thread-safe: one request writes it.
 */
final class LimitedSink implements BodySink {
  private final BodySink sink;
  private final Bandwidth bandwidth;

  private LimitedSink(BodySink sink, Bandwidth bandwidth) {
    this.sink = sink;
    this.bandwidth = bandwidth;
  }

  /** {@code sink} held to {@code bandwidth}; {@code sink} itself when unlimited. */
  static BodySink of(BodySink sink, Bandwidth bandwidth) {
    return bandwidth.limited() ? new LimitedSink(sink, bandwidth) : sink;
  }

  @Override
  public void begin(ResponseHead head) throws IOException {
    sink.begin(head);
  }

  @Override
  public boolean readsHead() {
    return sink.readsHead();
  }

  @Override
  public void accept(ByteBuffer chunk) throws IOException {
    bandwidth.acquire(chunk.remaining());
    sink.accept(chunk);
  }
}
