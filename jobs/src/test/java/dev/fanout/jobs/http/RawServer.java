package dev.fanout.jobs.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket server on loopback for the tests that need what a real HTTP server would not send:
 * each connection is handed to {@link #serve} on a virtual thread of its own.
 */
abstract class RawServer implements AutoCloseable {
  private final ServerSocket server;
  final AtomicInteger connections = new AtomicInteger();

  /** Binds a free port on loopback; {@link #start} begins accepting. */
  RawServer() throws IOException {
    this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
  }

  /** Accepts connections from now on; the last step of a subclass's constructor. */
  final void start() {
    Thread.ofVirtual().start(this::accept);
  }

  /** Answers one connection, and closes it. */
  abstract void serve(Socket s);

  String url(String path) {
    return "http://127.0.0.1:" + server.getLocalPort() + path;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
