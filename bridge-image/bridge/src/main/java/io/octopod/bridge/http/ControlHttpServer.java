package io.octopod.bridge.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
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
import io.octopod.protocol.control.ApiError;
import io.octopod.protocol.control.ControlApiException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridge's private HTTP port: routes requests to handlers, checks the bearer token, and turns
 * every failure into a JSON error. A handler's exception never closes the server or reaches Netty.
 */
public final class ControlHttpServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ControlHttpServer.class.getName());

  /** Largest request body accepted; an SDP offer with many slots is a few tens of KiB. */
  static final int MAX_REQUEST_BYTES = 1 << 20;

  private final Channel channel;
  private final RequestHandler handler;

  private ControlHttpServer(Channel channel, RequestHandler handler) {
    this.channel = channel;
    this.handler = handler;
  }

  /**
   * Binds and starts serving.
   *
   * @param token the bearer token that authenticated routes require
   */
  public static ControlHttpServer start(
      EventLoopGroup group, String bindAddress, int port, String token, List<Route> routes)
      throws InterruptedException {
    RequestHandler handler = new RequestHandler(routes, token);
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
    return new ControlHttpServer(channel, handler);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Requests refused for a missing or wrong token, since start. */
  public long unauthorizedRequests() {
    return handler.unauthorized.sum();
  }

  /** Requests whose handler failed unexpectedly (answered 500), since start. */
  public long failedRequests() {
    return handler.failed.sum();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  @ChannelHandler.Sharable
  private static final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final List<Route> routes;
    private final byte[] expectedAuthorization;
    final LongAdder unauthorized = new LongAdder();
    final LongAdder failed = new LongAdder();

    RequestHandler(List<Route> routes, String token) {
      this.routes = List.copyOf(routes);
      this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      CompletionStage<Reply> reply;
      if (!request.decoderResult().isSuccess()) {
        reply =
            CompletableFuture.completedFuture(
                error(new ControlApiException(400, "malformed HTTP request")));
      } else {
        reply = dispatch(request);
      }
      reply.whenComplete(
          (value, failure) -> {
            Reply answer = value != null ? value : errorFrom(failure);
            FullHttpResponse response =
                new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    Unpooled.wrappedBuffer(answer.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
            if (answer.status() == 401) {
              response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.writeAndFlush(response);
          });
    }

    private CompletionStage<Reply> dispatch(FullHttpRequest request) {
      String path = new QueryStringDecoder(request.uri()).path();
      String method = request.method().name();
      boolean pathKnown = false;
      for (Route route : routes) {
        Map<String, String> params = route.pattern().match(path);
        if (params == null) {
          continue;
        }
        pathKnown = true;
        if (!route.method().equals(method)) {
          continue;
        }
        if (route.authenticated() && !authorized(request)) {
          unauthorized.increment();
          return CompletableFuture.completedFuture(
              error(new ControlApiException(401, "a valid bearer token is required")));
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        try {
          return route.handler().handle(new ApiRequest(method, path, params, body));
        } catch (Exception e) {
          return CompletableFuture.completedFuture(errorFrom(e));
        }
      }
      return CompletableFuture.completedFuture(
          pathKnown
              ? error(new ControlApiException(405, method + " is not allowed on " + path))
              : error(new ControlApiException(404, "no such resource: " + printable(path))));
    }

    private boolean authorized(FullHttpRequest request) {
      String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
      if (header == null) {
        return false;
      }
      // Constant-time, so the token can't be guessed byte by byte from response times.
      return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expectedAuthorization);
    }

    private Reply errorFrom(Throwable failure) {
      Throwable cause = failure;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof ControlApiException refused) {
        return error(refused);
      }
      failed.increment();
      LOG.log(Level.WARNING, "control API handler failed", cause);
      return Json.reply(
          500, new ApiError("internal", "the bridge failed to handle the request", null));
    }

    private static Reply error(ControlApiException e) {
      return Json.reply(e.status(), e.toApiError());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private static String printable(String s) {
      String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
      return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
  }
}
