package dev.fanout.jobs.fetch;

import dev.fanout.Resource;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BlockingHttpClient;

/**
 * One {@link BlockingHttpClient} per worker (thread, process, member) and settings, one shared by
 * every task on {@code virtual}: the seed's {@code threading.local()} session.
 *
 * <p>Stateless and thread-safe.
 */
public final class BlockingClientResource implements Resource<HttpClients<BlockingHttpClient>> {
  @Override
  public HttpClients<BlockingHttpClient> open(Worker worker) {
    return new HttpClients<>(BlockingHttpClient::new);
  }
}
