package dev.fanout.jobs.fetch;

import dev.fanout.Resource;
import dev.fanout.Worker;
import dev.fanout.jobs.http.NettyHttpClient;
import io.netty.channel.EventLoop;

/**
 * The {@link NettyHttpClient}s of a run, one per settings: on {@code async} bound to the run's one
 * event loop (the worker's executor); elsewhere each with a loop thread of its own.
 *
 * <p>Stateless and thread-safe.
 */
public final class NettyClientResource implements Resource<HttpClients<NettyHttpClient>> {
  @Override
  public HttpClients<NettyHttpClient> open(Worker worker) {
    return worker.executor() instanceof EventLoop loop
        ? new HttpClients<>(s -> new NettyHttpClient(loop, s))
        : new HttpClients<>(NettyHttpClient::standalone);
  }
}
