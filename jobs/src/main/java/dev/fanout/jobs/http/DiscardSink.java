package dev.fanout.jobs.http;

import java.nio.ByteBuffer;

/**
 * {@link BodySink#discard()}: the body is read and counted, nothing is kept, and the head is not
 * wanted (so the clients do not collect the headers for it).
 *
 * <p>Stateless and thread-safe.
 */
enum DiscardSink implements BodySink {
  INSTANCE;

  @Override
  public void accept(ByteBuffer chunk) {
    chunk.position(chunk.limit());
  }

  @Override
  public boolean readsHead() {
    return false;
  }
}
