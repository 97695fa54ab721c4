package dev.fanout.cli.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server for downloads that get cut: {@code /f/<name>?size=N&ms=M} sends N bytes of a
 * fixed pattern, 64 KiB at a time with M ms between, with a strong ETag; {@code Range: bytes=K-}
 * with a matching {@code If-Range} gets {@code 206} and the rest. Counts body bytes sent and
 * requests per path, so a test sees how much a continuation saved.
 */
final class RangeServer implements AutoCloseable {
  private static final int CHUNK = 64 * 1024;

  final AtomicLong sent = new AtomicLong();
  final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  final java.util.Queue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final HttpServer server;
  private final String host;

  RangeServer() throws IOException {
    this("127.0.0.1");
  }

  /** Bound to {@code host}: a loopback address (127.0.0.2 is another host name on loopback). */
  RangeServer(String host) throws IOException {
    this.host = host;
    server = HttpServer.create(new InetSocketAddress(host, 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  String url(String pathAndQuery) {
    return "http://" + host + ":" + server.getAddress().getPort() + pathAndQuery;
  }

  /** The body of a path: byte i is {@code (i * 31 + 7) % 251}. */
  static byte[] body(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i * 31L + 7) % 251);
    }
    return b;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      arrivals.add(System.nanoTime());
      String path = ex.getRequestURI().getPath();
      requests.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
      Map<String, String> q = new java.util.HashMap<>();
      String query = ex.getRequestURI().getQuery();
      if (query != null) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      if (path.startsWith("/status/")) {
        ex.sendResponseHeaders(Integer.parseInt(path.substring(8)), -1);
        return;
      }
      int size = Integer.parseInt(q.getOrDefault("size", "1000"));
      long ms = Long.parseLong(q.getOrDefault("ms", "0"));
      String etag = "\"" + q.getOrDefault("v", "v1") + "-" + size + "\"";
      byte[] body = body(size);
      int from = 0;
      String range = ex.getRequestHeaders().getFirst("Range");
      String ifRange = ex.getRequestHeaders().getFirst("If-Range");
      ex.getResponseHeaders().set("ETag", etag);
      if (range != null && range.startsWith("bytes=") && etag.equals(ifRange)) {
        from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        if (from >= size) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
          ex.sendResponseHeaders(416, -1);
          return;
        }
        ex.getResponseHeaders()
            .set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
        ex.sendResponseHeaders(206, size - from);
      } else {
        ex.sendResponseHeaders(200, size);
      }
      OutputStream out = ex.getResponseBody();
      for (int i = from; i < size; i += CHUNK) {
        int n = Math.min(CHUNK, size - i);
        out.write(body, i, n);
        out.flush();
        sent.addAndGet(n);
        if (ms > 0) {
          Thread.sleep(ms);
        }
      }
    } catch (InterruptedException | IOException e) {
      // the client went away: what a cut download looks like from here
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
