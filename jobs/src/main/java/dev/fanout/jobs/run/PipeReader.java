package dev.fanout.jobs.run;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The read end of one child pipe on the {@link ChildLoop}: on each readiness event it reads once
 * (level-triggered, so a pipe never makes the loop wait) and keeps what it read; at end of file it
 * unregisters and closes.
 *
 * <p>Confined to the loop thread.
 */
final class PipeReader implements EpollIoHandle {
  private final FileDescriptor fd;
  private final ByteBuffer buffer;
  private final Runnable onEnd;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private IoRegistration registration;
  private boolean ended;

  PipeReader(FileDescriptor fd, ByteBuffer buffer, Runnable onEnd) {
    this.fd = fd;
    this.buffer = buffer;
    this.onEnd = onEnd;
  }

  /** Starts watching the pipe on {@code loop}. Call on the loop. */
  void register(ChildLoop loop) {
    loop.loop
        .register(this)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                if (ended) {
                  registration.cancel();
                } else {
                  registration.submit(EpollIoOps.EPOLLIN);
                }
              } else {
                end();
              }
            });
  }

  @Override
  public FileDescriptor fd() {
    return fd;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    if (ended) {
      return;
    }
    try {
      buffer.clear();
      int n = fd.read(buffer, 0, buffer.capacity());
      if (n > 0) {
        byte[] chunk = new byte[n];
        buffer.get(0, chunk);
        bytes.write(chunk, 0, n);
      } else if (n < 0) {
        end();
      }
    } catch (IOException e) {
      end();
    }
  }

  /** Stops reading and closes the pipe; what was read stays. Idempotent. */
  void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (registration != null) {
      registration.cancel();
    }
    try {
      fd.close();
    } catch (IOException e) {
      // closing a pipe's read end cannot lose data we still want
    }
    onEnd.run();
  }

  boolean ended() {
    return ended;
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    end();
  }
}
