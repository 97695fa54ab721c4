package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.HttpSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A worker's HTTP clients, one per {@link HttpSettings}: the settings travel with the task, so the
 * client is built where the task first runs (in a worker JVM or a cluster member too) and reused by
 * every later task with the same settings.
 *
 * <p>Thread-safe: every virtual thread of a run may ask at once.
 *
 * @param <C> the client type
 */
public final class HttpClients<C extends AutoCloseable> implements AutoCloseable {
  private final Function<HttpSettings, C> factory;
  private final Map<HttpSettings, C> clients = new ConcurrentHashMap<>();
  private volatile Last<C> last;
  private final java.util.concurrent.locks.ReentrantLock building =
      new java.util.concurrent.locks.ReentrantLock();
  private volatile boolean closed;

  private record Last<C>(HttpSettings settings, C client) {}

  /** Clients made by {@code factory}. */
  public HttpClients(Function<HttpSettings, C> factory) {
    this.factory = factory;
  }

  /** The client for {@code settings}, made on first use. */
  public C forSettings(HttpSettings settings) {
    Last<C> l = last;
    if (l != null && l.settings == settings) { // the common case: one task object, one settings
      return l.client;
    }
    if (closed) {
      throw new IllegalStateException("the run's HTTP clients are closed");
    }
    C c = clients.get(settings);
    if (c == null) {
      // the first tasks of a run all ask at once while the client is built (class loading, a
      // pool): they wait on a lock that parks them, not on the map's monitor, which spins first
      building.lock();
      try {
        c = clients.computeIfAbsent(settings, factory);
      } finally {
        building.unlock();
      }
    }
    last = new Last<>(settings, c);
    return c;
  }

  @Override
  public void close() throws Exception {
    closed = true;
    Exception first = null;
    for (C c : clients.values()) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    clients.clear();
    if (first != null) {
      throw first;
    }
  }
}
