package io.octopod.bridge.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.octopod.bridge.net.TransportFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bridge's private HTTP port. For now it serves {@code GET /about/health}; the control API
 * grows here.
 */
public final class ControlHttpServer implements AutoCloseable {

  /** Largest request body accepted; an SDP offer with many slots is a few tens of KiB. */
  private static final int MAX_REQUEST_BYTES = 1 << 20;

  /** A response: status and a JSON body. */
  public record Reply(int status, String json) {}

  private final Channel channel;

  private ControlHttpServer(Channel channel) {
    this.channel = channel;
  }

  /**
   * Binds and starts serving.
   *
   * @param getRoutes path → handler for GET requests
   */
  public static ControlHttpServer start(
      EventLoopGroup group, String bindAddress, int port, Map<String, Supplier<Reply>> getRoutes)
      throws InterruptedException {
    RequestHandler handler = new RequestHandler(getRoutes);
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(TransportFactory.serverChannelClass())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(handler);
                  }
                })
            .bind(bindAddress, port)
            .sync()
            .channel();
    return new ControlHttpServer(channel);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  @ChannelHandler.Sharable
  private static final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Map<String, Supplier<Reply>> getRoutes;

    RequestHandler(Map<String, Supplier<Reply>> getRoutes) {
      this.getRoutes = Map.copyOf(getRoutes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = new QueryStringDecoder(request.uri()).path();
      Supplier<Reply> route = getRoutes.get(path);
      Reply reply;
      if (route == null) {
        reply =
            new Reply(404, "{\"error\":\"no such resource\",\"path\":\"" + jsonSafe(path) + "\"}");
      } else if (!"GET".equals(request.method().name())) {
        reply = new Reply(405, "{\"error\":\"method not allowed\"}");
      } else {
        reply = route.get();
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(reply.status()),
              Unpooled.copiedBuffer(reply.json(), StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      HttpUtil.setContentLength(response, response.content().readableBytes());
      HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
      ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private static String jsonSafe(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c >= 0x20 && c < 0x7f) {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
