package dev.fanout.spi.remote;

import dev.fanout.spi.RemoteErrors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * How one attempt ended on a worker, as it travels back (the one reply format of worker JVMs and
 * members): its start and end on the worker's clock, CPU time (-1 unknown), bytes, and its encoded
 * result or its error.
 *
 * <pre>
 * startNanos:long endNanos:long cpuNanos:long bytes:long ok:bool (len:int result:bytes | error)
 * </pre>
 */
public record Report(
    long startNanos, long endNanos, long cpuNanos, long bytes, byte[] result, Throwable error) {

  /** An attempt that never started: it ends where it would have begun. */
  public static Report notStarted(Throwable error) {
    long now = System.nanoTime();
    return new Report(now, now, 0, 0, null, error);
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeLong(startNanos);
    out.writeLong(endNanos);
    out.writeLong(cpuNanos);
    out.writeLong(bytes);
    out.writeBoolean(error == null);
    if (error == null) {
      out.writeInt(result.length);
      out.write(result);
    } else {
      RemoteErrors.write(out, error);
    }
  }

  /** Reads a report; {@code worker} names the worker in rebuilt errors. */
  public static Report read(DataInputStream in, String worker) throws IOException {
    long start = in.readLong();
    long end = in.readLong();
    long cpu = in.readLong();
    long bytes = in.readLong();
    if (!in.readBoolean()) {
      return new Report(start, end, cpu, bytes, null, RemoteErrors.read(in, worker));
    }
    int len = in.readInt();
    if (len < 0 || len > in.available()) {
      throw new IOException("malformed report: result length " + len);
    }
    return new Report(start, end, cpu, bytes, in.readNBytes(len), null);
  }
}
