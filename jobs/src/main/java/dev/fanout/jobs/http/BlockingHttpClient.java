package dev.fanout.jobs.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 client over blocking sockets: the seed's {@code requests.Session}. It keeps
 * connections alive and reuses them, follows redirects, and bounds every request by its {@link
 * HttpLimits}. Reads wait in short slices, so a deadline or an interrupt ends a request promptly
 * even on a platform thread.
 *
 * <p>Thread-safe: one instance may serve one worker thread (threads, processes) or every virtual
 * thread of a run; each request takes a connection of its own from the pool.
 */
public final class BlockingHttpClient implements AutoCloseable {
  /** Idle connections kept per host; more are closed when returned. */
  private static final int MAX_IDLE_PER_HOST = 2048;

  /** A response body this small after a redirect or an error is drained to keep the connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** A client with an empty pool. */
  public BlockingHttpClient() {}

  /**
   * GETs {@code url}, following redirects, and hands the body of the final 2xx answer to {@code
   * sink}.
   *
   * @throws HttpException naming the URL: a bad URL, an unknown host, a refused or reset
   *     connection, a timeout, a status that is not 2xx, a body over the cap, too many redirects
   * @throws InterruptedIOException when the calling thread is interrupted (the run was cancelled)
   */
  public HttpResult get(String url, HttpLimits limits, BodySink sink) throws IOException {
    if (closed) {
      throw new IllegalStateException("this HTTP client is closed");
    }
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    HttpTarget target = HttpTarget.parse(url);
    for (int hops = 0; ; hops++) {
      Exchange ex = exchange(target, limits, deadline, sink, url);
      if (HttpTarget.isRedirect(ex.status) && ex.location != null) {
        if (hops >= limits.maxRedirects()) {
          throw HttpException.tooManyRedirects(url, target.uri(), limits.maxRedirects(), ex.status);
        }
        target = HttpTarget.redirect(target, ex.location);
        continue;
      }
      if (ex.status < 200 || ex.status > 299) {
        throw HttpException.forStatus(url, ex.status, ex.reason, ex.retryAfter);
      }
      return new HttpResult(target.uri().toString(), ex.status, ex.bytes, hops);
    }
  }

  /** One request and response on one connection; a dead pooled connection is replaced once. */
  private Exchange exchange(
      HttpTarget t, HttpLimits limits, long deadline, BodySink sink, String url)
      throws IOException {
    Connection c = idle(t.poolKey());
    boolean reused = c != null;
    if (c == null) {
      c = open(t, limits, deadline, url);
    }
    while (true) {
      try {
        c.markFresh();
        c.write(Connection.request(t));
        Exchange ex = Exchange.read(c, deadline, sink, limits.maxSize(), url, DRAIN_LIMIT);
        if (ex.keepAlive && !c.hasBuffered()) {
          release(c);
        } else {
          c.close();
        }
        return ex;
      } catch (IOException e) {
        c.close();
        if (reused
            && c.received == 0
            && !(e instanceof InterruptedIOException)
            && System.nanoTime() < deadline) {
          // the server closed this idle connection meanwhile: a fresh one, without counting a retry
          reused = false;
          c = open(t, limits, deadline, url);
          continue;
        }
        throw describe(e, url, limits, c.received);
      } catch (RuntimeException | Error e) {
        c.close();
        throw e;
      }
    }
  }

  private Connection open(HttpTarget t, HttpLimits limits, long deadline, String url)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      int connectMs = (int) Math.min(limits.connectTimeout().toMillis(), left);
      socket.connect(new InetSocketAddress(t.host(), t.port()), Math.max(1, connectMs));
      if (t.https()) {
        SSLSocket tls =
            (SSLSocket)
                ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, t.host(), t.port(), true);
        tls.setSoTimeout(Math.max(1, connectMs));
        tls.startHandshake();
        socket = tls;
      }
      return new Connection(t.poolKey(), socket);
    } catch (UnknownHostException e) {
      closeQuietly(socket);
      throw new HttpException(
          "unknown host '" + t.host() + "' in " + url + ": check the URL (DNS does not know it)",
          false,
          e);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new HttpException(
          "connect to "
              + t.host()
              + ":"
              + t.port()
              + " timed out after "
              + limits.connectTimeout().toMillis()
              + " ms (--connect-timeout) for "
              + url,
          true,
          e);
    } catch (ConnectException | NoRouteToHostException e) {
      closeQuietly(socket);
      throw new HttpException(
          "cannot connect to "
              + t.host()
              + ":"
              + t.port()
              + " for "
              + url
              + ": "
              + lower(e.getMessage())
              + " (is the server up?)",
          true,
          e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw describe(e, url, limits, 0);
    }
  }

  private Connection idle(String key) {
    ConcurrentLinkedDeque<Connection> q = idle.get(key);
    if (q == null) {
      return null;
    }
    Connection c;
    while ((c = q.pollFirst()) != null) {
      if (c.isOpen()) {
        return c;
      }
    }
    return null;
  }

  private void release(Connection c) {
    ConcurrentLinkedDeque<Connection> q =
        idle.computeIfAbsent(c.poolKey, k -> new ConcurrentLinkedDeque<>());
    if (closed || q.size() >= MAX_IDLE_PER_HOST) {
      c.close();
      return;
    }
    q.addFirst(c);
    if (closed) { // closed meanwhile: make sure nothing stays open
      Connection again = q.pollFirst();
      if (again != null) {
        again.close();
      }
    }
  }

  /** Turns a low-level failure into an {@link HttpException} naming the URL. */
  static IOException describe(Throwable e, String url, HttpLimits limits, long received) {
    if (e instanceof HttpException h) {
      return h;
    }
    boolean interrupted = Thread.currentThread().isInterrupted(); // a virtual thread's socket
    if (interrupted
        || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("cancelled while fetching " + url);
    }
    if (e instanceof SocketTimeoutException) {
      return new HttpException(
          "timed out after "
              + seconds(limits.timeout())
              + " (--timeout) fetching "
              + url
              + (received > 0 ? " (" + received + " bytes received, then silence)" : ""),
          true,
          e);
    }
    if (e instanceof EOFException) {
      return new HttpException(
          "connection closed early by the server while fetching " + url + ": " + e.getMessage(),
          true,
          e);
    }
    if (e instanceof SocketException) {
      return new HttpException(
          "connection "
              + lower(e.getMessage())
              + " while fetching "
              + url
              + (received > 0 ? " after " + received + " bytes" : ""),
          true,
          e);
    }
    return new HttpException("fetching " + url + " failed: " + e, true, e);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String lower(String message) {
    return message == null ? "failed" : message.toLowerCase(Locale.ROOT);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Closes every idle connection; connections in use close when their request ends. */
  @Override
  public void close() {
    closed = true;
    for (ConcurrentLinkedDeque<Connection> q : idle.values()) {
      Connection c;
      while ((c = q.pollFirst()) != null) {
        c.close();
      }
    }
  }
}
