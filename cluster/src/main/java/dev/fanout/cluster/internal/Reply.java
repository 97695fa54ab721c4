package dev.fanout.cluster.internal;

import dev.fanout.spi.RemoteErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A member's answer to one {@link Chunk}: per input, when it ran (member nanos), its CPU time and
 * bytes, and its encoded result or its error. The member's clock reading at the end lets the client
 * place each task on its own timeline without synchronised clocks.
 */
final class Reply {
  private Reply() {}

  /** One input's part of a reply, as the client reads it. */
  record Item(
      long startAgo,
      long endAgo,
      long sentNanos,
      long cpuNanos,
      long bytes,
      byte[] result,
      Throwable error) {}

  /** Writes a reply on the member. Not thread-safe. */
  static final class Builder {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(buffer);
    private final long[] starts;
    private final long[] ends;
    private int count;

    Builder(int size) {
      starts = new long[size];
      ends = new long[size];
    }

    void succeeded(long start, long end, long cpu, long bytes, byte[] result) {
      try {
        head(start, end, cpu, bytes);
        out.writeBoolean(true);
        out.writeInt(result.length);
        out.write(result);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a byte array stream does not fail
      }
    }

    void failed(long start, long end, Throwable error) {
      failed(start, end, 0, 0, error);
    }

    void failed(long start, long end, long cpu, long bytes, Throwable error) {
      try {
        head(start, end, cpu, bytes);
        out.writeBoolean(false);
        RemoteErrors.write(out, error);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void head(long start, long end, long cpu, long bytes) throws IOException {
      starts[count] = start;
      ends[count] = end;
      count++;
      out.writeLong(cpu);
      out.writeLong(bytes);
    }

    /** The reply, with each item's times made relative to {@code now}. */
    byte[] build(long now) {
      ByteArrayOutputStream all = new ByteArrayOutputStream(buffer.size() + 4 + 16 * count);
      try (DataOutputStream o = new DataOutputStream(all)) {
        o.writeInt(count);
        o.writeLong(now); // the member's System.nanoTime(): the client's own on the same machine
        for (int i = 0; i < count; i++) {
          o.writeLong(now - starts[i]);
          o.writeLong(now - ends[i]);
        }
        buffer.writeTo(o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return all.toByteArray();
    }
  }

  /** Reads a reply on the client; {@code worker} names the member in rebuilt errors. */
  static Item[] read(byte[] reply, String worker) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply));
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("malformed reply: negative size " + n);
    }
    long sent = in.readLong();
    long[] times = new long[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      times[i] = in.readLong();
    }
    Item[] items = new Item[n];
    for (int i = 0; i < n; i++) {
      long cpu = in.readLong();
      long bytes = in.readLong();
      if (in.readBoolean()) {
        int len = in.readInt();
        if (len < 0) {
          throw new IOException("malformed reply: negative length " + len);
        }
        items[i] =
            new Item(times[2 * i], times[2 * i + 1], sent, cpu, bytes, in.readNBytes(len), null);
      } else {
        items[i] =
            new Item(
                times[2 * i],
                times[2 * i + 1],
                sent,
                cpu,
                bytes,
                null,
                RemoteErrors.read(in, worker));
      }
    }
    return items;
  }
}
