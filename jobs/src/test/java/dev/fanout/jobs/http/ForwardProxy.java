package dev.fanout.jobs.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A small forward HTTP proxy on loopback for the client tests: CONNECT tunnels (https) and
 * absolute-form requests (http), with optional Basic credentials (407 until they come). It sends
 * every host name to 127.0.0.1, so a test can reach "any" host through it, and records the request
 * line of everything it is asked.
 */
final class ForwardProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String credentials;
  final ConcurrentLinkedQueue<String> requestLines = new ConcurrentLinkedQueue<>();

  /** {@code credentials} is "user:password" to demand, or null. */
  ForwardProxy(String credentials) throws IOException {
    this.credentials = credentials;
    server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      while (true) {
        List<String> head = readHead(in);
        if (head.isEmpty()) {
          return;
        }
        String line = head.get(0);
        requestLines.add(line);
        if (credentials != null && !authorized(head)) {
          out.write(
              ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                      + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          continue;
        }
        String[] parts = line.split(" ");
        if (parts[0].equals("CONNECT")) {
          int port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
          try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
            out.write(
                "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread back = Thread.ofVirtual().start(() -> pipe(target, client));
            pipe(client, target);
            back.join();
          }
          return;
        }
        java.net.URI uri = java.net.URI.create(parts[1]);
        try (Socket target = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
          StringBuilder req = new StringBuilder();
          req.append(parts[0]).append(' ').append(uri.getRawPath());
          if (uri.getRawQuery() != null) {
            req.append('?').append(uri.getRawQuery());
          }
          req.append(" HTTP/1.1\r\n");
          for (String h : head.subList(1, head.size())) {
            String lower = h.toLowerCase(java.util.Locale.ROOT);
            if (!lower.startsWith("proxy-") && !lower.startsWith("connection:")) {
              req.append(h).append("\r\n");
            }
          }
          req.append("Connection: close\r\n\r\n");
          target.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
          target.getInputStream().transferTo(out); // the response, then the server closes
        }
        return; // one absolute-form request per connection: the client sees it close
      }
    } catch (IOException | InterruptedException e) {
      // the client or the target went away: nothing to report
    }
  }

  private boolean authorized(List<String> head) {
    String expected =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    return head.stream()
        .anyMatch(
            h ->
                h.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authorization:")
                    && h.substring(h.indexOf(':') + 1).trim().equals(expected));
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  /** The request line and headers, or an empty list at the end of the stream. */
  static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        line.reset();
        if (l.isEmpty()) {
          return lines;
        }
        lines.add(l);
      } else {
        line.write(b);
      }
    }
    return List.of();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
