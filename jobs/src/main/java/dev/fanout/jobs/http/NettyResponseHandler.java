package dev.fanout.jobs.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * The handler at the end of every connection (or HTTP/2 stream) of {@link NettyHttpClient}: hands
 * the channel's events to the {@link NettyRequest} using it, if any. Loop thread only.
 */
final class NettyResponseHandler extends ChannelInboundHandlerAdapter {
  NettyRequest current;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      NettyRequest r = current;
      if (r != null && msg instanceof HttpObject o) {
        try {
          r.onObject(o);
        } catch (IOException | RuntimeException e) {
          r.fail(
              e instanceof HttpException || e instanceof SinkException
                  ? e
                  : new HttpException("fetching " + r.url + " failed: " + e, false, e));
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * The server ended TLS (close_notify): the end of a body delimited by the connection's close.
   * Closing the channel lets the codec finish that body; a body with a length it did not reach
   * still fails as cut short.
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof io.netty.handler.ssl.SslCloseCompletionEvent) {
      ctx.close();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    NettyRequest r = current;
    if (r != null) {
      r.broken(null);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    NettyRequest r = current;
    if (r != null) {
      r.broken(cause);
    } else {
      ctx.close();
    }
  }
}
