package dev.fanout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A file a task writes that lands on the caller's machine, whole or not at all: the bytes go to a
 * hidden temporary file next to the target ({@value #TEMP_PREFIX}...{@code .part}), renamed into
 * place by {@link #commit()}; {@link #close()} without a commit discards them. On {@link
 * Model#CLUSTER} the bytes stream back to the caller in chunks (bounded memory) and the caller
 * writes them, so files, journals and summaries live where the user ran the command; elsewhere the
 * worker writes the file itself. Opened by {@link Worker#createFile}.
 *
 * <p>Not thread-safe: one task writes it.
 */
public interface OutputFile extends WritableByteChannel {
  /** Temporary files start with this, so they never look like a finished file. */
  String TEMP_PREFIX = ".fanout-";

  /** Writes all of {@code bytes}; returns how many that was. */
  @Override
  int write(ByteBuffer bytes) throws IOException;

  /**
   * The file is complete: moves it under its final name, replacing an older one. On {@code cluster}
   * it returns once the caller has written it.
   *
   * @throws IOException when it cannot be stored (a full disk), saying why
   */
  void commit() throws IOException;

  /** Discards the file unless committed. Idempotent. */
  @Override
  void close();
}
