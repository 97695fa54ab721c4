package dev.fanout.spi;

import dev.fanout.OutputFile;
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
 * An {@link OutputFile} written on this machine: a hidden temporary file next to its target,
 * renamed into place on commit. A file under its final name is therefore always whole; a failed
 * write leaves at most a {@code .part} file, removed on close. An engine whose files arrive from
 * another machine (cluster) writes them through one, so the caller sees the same guarantee.
 *
 * <p>Not thread-safe: one writer.
 */
public final class LocalFile implements OutputFile {
  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private boolean done;

  private LocalFile(Path target) throws IOException {
    this.target = target;
    this.temp =
        target.resolveSibling(
            TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Starts writing toward {@code target}. */
  public static LocalFile create(Path target) throws IOException {
    return new LocalFile(target);
  }

  @Override
  public int write(ByteBuffer bytes) throws IOException {
    int n = bytes.remaining();
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    return n;
  }

  @Override
  public boolean isOpen() {
    return !done;
  }

  @Override
  public void commit() throws IOException {
    channel.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    done = true;
  }

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
