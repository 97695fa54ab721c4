package dev.fanout.jobs.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a response body goes, chunk by chunk as it arrives: counted and dropped, or written to a
 * file. {@link #begin} is called once with the final response's head, then {@link #accept} for each
 * chunk of the (decoded) body. Called from one thread at a time per request.
 */
@FunctionalInterface
public interface BodySink {
  /**
   * The final 2xx response arrived; its body follows. The default does nothing. Throwing fails the
   * request (no body is read).
   */
  default void begin(ResponseHead head) throws IOException {}

  /** Takes the chunk's remaining bytes; it may consume the buffer. */
  void accept(ByteBuffer chunk) throws IOException;

  /**
   * Whether {@link #begin} is to be called: a sink that ignores the head says no, and the client
   * does not collect the response's headers for it. The default says yes.
   */
  default boolean readsHead() {
    return true;
  }

  /** A sink that drops everything: the body is read fully and counted, not stored. */
  static BodySink discard() {
    return DiscardSink.INSTANCE;
  }
}
