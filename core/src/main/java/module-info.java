/**
 * fanout's library: run a batch of tasks under any concurrency model ({@link dev.fanout.Fanout}).
 *
 * <p>{@code dev.fanout} is the API, and the only package exported to everyone. {@code
 * dev.fanout.spi} is what an engine outside core needs to plug in (an {@link
 * dev.fanout.spi.EngineProvider}, found by the service loader, and what an engine works with), and
 * {@code dev.fanout.spi.remote} the engine of models that run tasks in other JVMs (over a {@link
 * dev.fanout.spi.remote.Transport}); both are exported to the cluster module alone, the one engine
 * outside core (see its package documentation for why). The built-in engines, the dispatcher and
 * auto's sampler live in {@code dev.fanout.internal...}, exported to nobody.
 */
module dev.fanout {
  requires java.management; // threads' CPU time
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports dev.fanout;
  exports dev.fanout.spi to
      dev.fanout.cluster;
  exports dev.fanout.spi.remote to
      dev.fanout.cluster;

  uses dev.fanout.spi.EngineProvider;
}
