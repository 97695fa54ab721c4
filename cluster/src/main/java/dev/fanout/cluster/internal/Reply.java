package dev.fanout.cluster.internal;

import dev.fanout.spi.remote.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A member's answer to one {@link Chunk}: a {@link Report} per input (the format worker JVMs use
 * too), after the member's clock reading when it left, which lets the client place each task on its
 * own timeline without synchronised clocks.
 *
 * <pre>
 * count:int sentNanos:long report*
 * </pre>
 *
 * @param sentNanos the member's {@code System.nanoTime()} when the reply left it
 */
record Reply(long sentNanos, Report[] reports) {

  static byte[] build(Report[] reports) {
    ByteArrayOutputStream all = new ByteArrayOutputStream(64 * reports.length + 12);
    try (DataOutputStream o = new DataOutputStream(all)) {
      o.writeInt(reports.length);
      o.writeLong(System.nanoTime());
      for (Report r : reports) {
        r.write(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return all.toByteArray();
  }

  /** Reads a reply on the client; {@code worker} names the member in rebuilt errors. */
  static Reply read(byte[] reply, String worker) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply));
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("malformed reply: negative size " + n);
    }
    long sent = in.readLong();
    Report[] reports = new Report[n];
    for (int i = 0; i < n; i++) {
      reports[i] = Report.read(in, worker);
    }
    return new Reply(sent, reports);
  }
}
