package dev.fanout.jobs.fetch;

import dev.fanout.Resource;
import dev.fanout.Worker;
import dev.fanout.jobs.http.NettyHttpClient;
import io.netty.channel.EventLoop;

/**
 * The {@link NettyHttpClient} of a run: on {@code async} bound to the run's one event loop (the
 * worker's executor); elsewhere with a loop thread of its own.
 *
 * <p>Stateless and thread-safe.
 */
public final class NettyClientResource implements Resource<NettyHttpClient> {
  @Override
  public NettyHttpClient open(Worker worker) {
    return worker.executor() instanceof EventLoop loop
        ? new NettyHttpClient(loop)
        : NettyHttpClient.standalone();
  }
}
