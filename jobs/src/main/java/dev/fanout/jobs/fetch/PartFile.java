package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.BodySink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A download in progress: the body goes to a hidden temporary file next to its final name, which is
 * renamed into place only when the body is complete. A file under its final name is therefore
 * always whole; an interrupted or failed download leaves at most a {@code .part} file, removed on
 * failure.
 *
 * <p>Not thread-safe: one request writes it.
 */
public final class PartFile implements BodySink, AutoCloseable {
  /** Temporary files start with this, so they never look like a download. */
  public static final String PREFIX = ".fanout-";

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private boolean done;

  private PartFile(Path target) throws IOException {
    this.target = target;
    this.temp =
        target.resolveSibling(
            PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Starts writing toward {@code target}. */
  public static PartFile create(Path target) throws IOException {
    return new PartFile(target);
  }

  @Override
  public void accept(ByteBuffer chunk) throws IOException {
    while (chunk.hasRemaining()) {
      channel.write(chunk);
    }
  }

  /** The body is complete: moves it under its final name, replacing an older download. */
  public void commit() throws IOException {
    channel.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
  }

  /** Discards the temporary file unless committed. Idempotent. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      channel.close();
    } catch (IOException ignored) {
      // deleting it below is what matters
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // a leftover .part file is harmless: never under a final name
    }
  }
}
