package dev.fanout.jobs.http;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * One HTTP/1.1 response read from a blocking {@link Connection}: status line, headers, and a body
 * framed by Content-Length, chunked encoding, or the connection's end.
 *
 * <p>Not thread-safe; a value filled by one request.
 */
final class Exchange {
  int status;
  String reason;
  String location;
  String retryAfter;
  long bytes;
  boolean keepAlive;

  private Exchange() {}

  /**
   * Reads the response; a 2xx body goes to {@code sink} (at most {@code maxSize} bytes), any other
   * body is drained when under {@code drainLimit}, else the connection is given up.
   */
  static Exchange read(
      Connection c, long deadline, BodySink sink, long maxSize, String url, long drainLimit)
      throws IOException {
    Exchange ex = new Exchange();
    long contentLength = -1;
    boolean chunked = false;
    String connection = null;
    boolean http10;
    do {
      String statusLine = c.readLine(deadline);
      if (statusLine == null) {
        throw new EOFException("the server closed the connection without answering");
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new HttpException(
            "not an HTTP/1.x response from " + url + ": '" + abbreviate(statusLine) + "'",
            true,
            null);
      }
      http10 = parts[0].equals("HTTP/1.0");
      try {
        ex.status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new HttpException(
            "bad status line from " + url + ": '" + abbreviate(statusLine) + "'", true, e);
      }
      ex.reason = parts.length > 2 ? parts[2] : "";
      String line;
      while ((line = c.readLine(deadline)) != null && !line.isEmpty()) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          continue; // tolerate junk, as browsers do
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> contentLength = parseLength(value, url);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> connection = value.toLowerCase(Locale.ROOT);
          case "location" -> ex.location = value;
          case "retry-after" -> ex.retryAfter = value;
          default -> {}
        }
      }
      if (line == null) {
        throw new EOFException("the connection closed in the middle of the headers");
      }
    } while (ex.status >= 100 && ex.status < 200 && ex.status != 101);

    ex.keepAlive = http10 ? "keep-alive".equals(connection) : !"close".equals(connection);
    boolean success = ex.status >= 200 && ex.status <= 299;
    BodySink target = success ? sink : BodySink.discard();
    long cap = success ? maxSize : drainLimit;
    if (ex.status == 204 || ex.status == 304) {
      return ex;
    }
    if (chunked) {
      ex.readChunked(c, deadline, target, cap, success, url);
    } else if (contentLength >= 0) {
      if (contentLength > cap) {
        if (success) {
          throw tooLarge(url, maxSize, contentLength);
        }
        ex.keepAlive = false; // not worth draining
        return ex;
      }
      ex.readExactly(c, deadline, target, contentLength);
    } else {
      ex.keepAlive = false;
      ex.readToEnd(c, deadline, target, cap, success, url);
    }
    return ex;
  }

  private void readExactly(Connection c, long deadline, BodySink sink, long length)
      throws IOException {
    while (bytes < length) {
      int n = c.readInto(sink, length - bytes, deadline);
      if (n < 0) {
        throw new EOFException("got " + bytes + " of " + length + " body bytes");
      }
      bytes += n;
    }
  }

  private void readToEnd(
      Connection c, long deadline, BodySink sink, long cap, boolean success, String url)
      throws IOException {
    while (true) {
      // one byte past the cap is enough to know the body is too big
      long room = cap == Long.MAX_VALUE ? Long.MAX_VALUE : cap - bytes + 1;
      int n = c.readInto(sink, room, deadline);
      if (n < 0) {
        return;
      }
      bytes += n;
      checkCap(cap, success, url);
      if (bytes > cap) {
        return; // an error page too big to drain; the connection is dropped anyway
      }
    }
  }

  private void readChunked(
      Connection c, long deadline, BodySink sink, long cap, boolean success, String url)
      throws IOException {
    while (true) {
      String sizeLine = c.readLine(deadline);
      if (sizeLine == null) {
        throw new EOFException(
            "the connection closed inside a chunked body after " + bytes + " bytes");
      }
      int semi = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
      } catch (NumberFormatException e) {
        throw new HttpException(
            "bad chunk size '" + abbreviate(sizeLine) + "' from " + url, true, e);
      }
      if (size == 0) {
        String trailer;
        while ((trailer = c.readLine(deadline)) != null && !trailer.isEmpty()) {
          // trailers are not used
        }
        return;
      }
      if (bytes + size > cap) {
        if (success) {
          throw tooLarge(url, cap, bytes + size);
        }
        keepAlive = false;
        return;
      }
      long end = bytes + size;
      readExactly(c, deadline, sink, end);
      if (c.readLine(deadline) == null) { // the CRLF after each chunk
        throw new EOFException("the connection closed inside a chunked body");
      }
    }
  }

  private void checkCap(long cap, boolean success, String url) throws HttpException {
    if (success && bytes > cap) {
      throw tooLarge(url, cap, -1);
    }
  }

  static HttpException tooLarge(String url, long maxSize, long announced) {
    return new HttpException(
        "body of "
            + url
            + " is larger than --max-size "
            + maxSize
            + " bytes"
            + (announced > 0 ? " (the server announced " + announced + ")" : ""),
        0,
        false,
        null);
  }

  private static long parseLength(String value, String url) throws HttpException {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new HttpException(
          "bad Content-Length '" + abbreviate(value) + "' from " + url, true, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
