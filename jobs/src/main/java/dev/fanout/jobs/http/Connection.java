package dev.fanout.jobs.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One blocking keep-alive connection of {@link BlockingHttpClient}, with its own read buffer. Every
 * read waits in slices of at most {@value #SLICE_MS} ms, so a deadline or an interrupt (Ctrl-C on
 * platform threads, whose socket reads ignore interrupts) ends it promptly.
 *
 * <p>Not thread-safe: used by one request at a time.
 */
final class Connection implements AutoCloseable {
  static final int SLICE_MS = 200;
  private static final int MAX_LINE = 16 * 1024;

  final String poolKey;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int lim;
  private int currentTimeout = -1;

  /**
   * Bytes received since the last {@link #markFresh()}: a reused connection found dead sent none.
   */
  long received;

  Connection(String poolKey, Socket socket) throws IOException {
    this.poolKey = poolKey;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  void markFresh() {
    received = 0;
  }

  void write(byte[] request) throws IOException {
    out.write(request);
    out.flush();
  }

  /** Fills the buffer when empty; false at end of stream. */
  private boolean fill(long deadline) throws IOException {
    if (pos < lim) {
      return true;
    }
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("deadline");
      }
      int slice = (int) Math.max(1, Math.min(SLICE_MS, TimeUnit.NANOSECONDS.toMillis(left)));
      if (slice != currentTimeout) {
        socket.setSoTimeout(slice);
        currentTimeout = slice;
      }
      try {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return false;
        }
        pos = 0;
        lim = n;
        received += n;
        return true;
      } catch (SocketTimeoutException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("interrupted");
        }
      }
    }
  }

  /** A CRLF- or LF-terminated line, without its terminator; null at end of stream. */
  String readLine(long deadline) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      if (!fill(deadline)) {
        if (line.isEmpty()) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a header line");
      }
      while (pos < lim) {
        byte b = buf[pos++];
        if (b == '\n') {
          int len = line.length();
          if (len > 0 && line.charAt(len - 1) == '\r') {
            line.setLength(len - 1);
          }
          return line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw new IOException("header line longer than " + MAX_LINE + " bytes");
        }
        line.append((char) (b & 0xff));
      }
    }
  }

  /**
   * Hands up to {@code max} buffered or newly read bytes to {@code sink}; returns how many, or -1
   * at end of stream.
   */
  int readInto(BodySink sink, long max, long deadline) throws IOException {
    if (!fill(deadline)) {
      return -1;
    }
    int n = (int) Math.min(max, lim - pos);
    sink.accept(java.nio.ByteBuffer.wrap(buf, pos, n));
    pos += n;
    return n;
  }

  /** Bytes already buffered beyond the current response: a misbehaving server pipelined junk. */
  boolean hasBuffered() {
    return pos < lim;
  }

  boolean isOpen() {
    return !socket.isClosed();
  }

  static byte[] request(HttpTarget t) {
    String head =
        "GET "
            + t.requestTarget()
            + " HTTP/1.1\r\n"
            + "Host: "
            + t.hostHeader()
            + "\r\n"
            + "User-Agent: fanout/0.1\r\n"
            + "Accept: */*\r\n"
            + "Accept-Encoding: identity\r\n"
            + "\r\n";
    return head.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing: nothing left to do with it
    }
  }
}
