package dev.fanout.cli.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for fault tests that counts the requests for each path, so a test can tell
 * that no finished download was fetched twice. {@code /d/<id>?ms=<delay>&size=<bytes>} answers
 * {@code size} bytes after {@code ms}; any other path answers 16 bytes at once.
 *
 * <p>A second, raw port answers with a lying {@code Content-Length}: {@code /short} promises 1000
 * bytes, sends 500 and closes; {@code /long} promises 10 and sends 20.
 *
 * <p>Thread-safe.
 */
final class CountingServer implements AutoCloseable {
  private final HttpServer http;
  private final ServerSocket raw;
  private final Thread rawLoop;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  CountingServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.createContext("/", this::answer);
    http.start();
    raw = new ServerSocket(0, 64, java.net.InetAddress.getLoopbackAddress());
    rawLoop = Thread.ofVirtual().start(this::acceptRaw);
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + pathAndQuery;
  }

  String rawUrl(String path) {
    return "http://127.0.0.1:" + raw.getLocalPort() + path;
  }

  /** Requests seen for {@code path} (without the query). */
  int count(String path) {
    AtomicInteger n = counts.get(path);
    return n == null ? 0 : n.get();
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int ms = param(ex, "ms", 0);
      int size = path.startsWith("/d/") ? param(ex, "size", 100) : 16;
      if (ms > 0) {
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          return;
        }
      }
      byte[] body = new byte[size];
      java.util.Arrays.fill(body, (byte) 'x');
      ex.sendResponseHeaders(200, size);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    }
  }

  private static int param(HttpExchange ex, String name, int fallback) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return fallback;
    }
    for (String kv : q.split("&")) {
      if (kv.startsWith(name + "=")) {
        return Integer.parseInt(kv.substring(name.length() + 1));
      }
    }
    return fallback;
  }

  private void acceptRaw() {
    while (!raw.isClosed()) {
      try {
        Socket s = raw.accept();
        Thread.ofVirtual().start(() -> lie(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void lie(Socket s) {
    try (s) {
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      int b;
      while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
        head.append((char) b);
      }
      String path = head.toString().split(" ", 3)[1];
      counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      boolean isShort = path.startsWith("/short");
      int promised = isShort ? 1000 : 10;
      int sent = isShort ? 500 : 20;
      OutputStream o = s.getOutputStream();
      o.write(
          ("HTTP/1.1 200 OK\r\nContent-Length: " + promised + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      o.write(new byte[sent]);
      o.flush();
    } catch (IOException | RuntimeException e) {
      // a client that gave up: nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    http.stop(0);
    raw.close();
    rawLoop.interrupt();
  }
}
