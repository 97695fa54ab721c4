package dev.fanout.cluster.internal;

import com.hazelcast.collection.IQueue;
import dev.fanout.OutputFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A member's side of an {@link OutputFile}: the bytes go to the caller in 64 KiB chunks through the
 * run's bounded queue (a full queue makes the task wait: memory stays bounded), and {@link
 * #commit()} returns once the caller has written the file, or throws what went wrong there.
 *
 * <p>Not thread-safe: one task writes it.
 */
final class RemoteFile implements OutputFile {
  static final int CHUNK = 64 * 1024;
  private static final long OFFER_SECONDS = 30;
  private static final long COMMIT_SECONDS = 60;

  private final IQueue<byte[]> queue;
  private final MemberRun.Files files;
  private final MemberRun run;
  private final String id = UUID.randomUUID().toString();
  private final byte[] buffer = new byte[CHUNK];
  private int filled;
  private boolean done;

  private RemoteFile(MemberRun.Files files, MemberRun run) {
    this.queue = files.queue();
    this.files = files;
    this.run = run;
  }

  /** Announces {@code target} to the caller, who checks it before accepting any byte. */
  static RemoteFile open(MemberRun.Files files, MemberRun run, Path target) throws IOException {
    if (!target.isAbsolute()) {
      throw new IOException(
          "a file sent to the caller needs an absolute path, got "
              + target
              + " (relative paths"
              + " must be made absolute on the caller)");
    }
    RemoteFile file = new RemoteFile(files, run);
    file.send(FileMessages.open(file.id, files.memberUuid(), target.toString()));
    return file;
  }

  @Override
  public int write(ByteBuffer bytes) throws IOException {
    if (done) {
      throw new IOException("the file is closed");
    }
    int n = bytes.remaining();
    while (bytes.hasRemaining()) {
      int take = Math.min(bytes.remaining(), CHUNK - filled);
      bytes.get(buffer, filled, take);
      filled += take;
      if (filled == CHUNK) {
        flush();
      }
    }
    return n;
  }

  private void flush() throws IOException {
    if (filled > 0) {
      send(FileMessages.data(id, buffer, filled));
      filled = 0;
    }
  }

  @Override
  public boolean isOpen() {
    return !done;
  }

  @Override
  public void commit() throws IOException {
    flush();
    CompletableFuture<String> ack = run.expectAck(id);
    try {
      send(FileMessages.commit(id));
      String error = ack.get(COMMIT_SECONDS, TimeUnit.SECONDS);
      done = true;
      if (error != null) {
        throw new IOException(error);
      }
    } catch (TimeoutException e) {
      throw new IOException(
          "the caller did not confirm writing the file within " + COMMIT_SECONDS + " s", e);
    } catch (ExecutionException e) {
      throw new IOException("the file could not be stored by the caller: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the caller stored the file", e);
    } finally {
      run.forgetAck(id);
    }
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      queue.offer(
          sealed(FileMessages.abort(id)), 1, TimeUnit.SECONDS); // best effort: the run's end
    } catch (InterruptedException e) { // discards what the caller holds anyway
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // the cluster is going away; so is the caller's half-written file
    }
  }

  private byte[] sealed(byte[] message) {
    return FileMessages.seal(message, files.seal(), files.runId());
  }

  private void send(byte[] message) throws IOException {
    try {
      if (!queue.offer(sealed(message), OFFER_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException(
            "the caller took no bytes of this file for "
                + OFFER_SECONDS
                + " s; is the client that ran the command still there?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending the file to the caller", e);
    } catch (RuntimeException e) {
      throw new IOException("cannot send the file to the caller: " + e.getMessage(), e);
    }
  }
}
