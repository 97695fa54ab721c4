package dev.fanout.jobs.fetch;

import dev.fanout.Resource;
import dev.fanout.Worker;
import dev.fanout.jobs.http.BlockingHttpClient;

/**
 * One {@link BlockingHttpClient} per worker (thread, process, member), one shared by every task on
 * {@code virtual}: the seed's {@code threading.local()} session.
 *
 * <p>Stateless and thread-safe.
 */
public final class BlockingClientResource implements Resource<BlockingHttpClient> {
  @Override
  public BlockingHttpClient open(Worker worker) {
    return new BlockingHttpClient();
  }
}
