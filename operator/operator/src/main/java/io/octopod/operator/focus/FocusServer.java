package io.octopod.operator.focus;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The focus's HTTP port: {@code GET /<room>} serves the meeting page, {@code /signalling} is the
 * page's WebSocket to the {@link Focus}, and {@code /bridge-channel/<relayId>/...} relays a page's
 * bridge channel to its bridge ({@link BridgeChannelRelay}). The region header is read from the
 * WebSocket upgrade request, where the regional load balancer or ingress put it. With {@link
 * FocusTls} the port speaks HTTPS only.
 */
public final class FocusServer implements AutoCloseable {

  public static final String SIGNALLING_PATH = "/signalling";

  private final EventLoopGroup group;
  private final Channel server;
  private final byte[] page;
  private final FocusTls tls;
  private final BridgeChannelRelay relay;

  private FocusServer(Focus focus, FocusTls tls, Function<String, String> channelAddressOf)
      throws InterruptedException {
    this.page = resource("meeting.html");
    this.tls = tls;
    this.relay = new BridgeChannelRelay(channelAddressOf);
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    FocusSettings settings = focus.settings();
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(16384))
                        .addLast(new Requests(focus));
                  }
                })
            .bind(settings.bindAddress(), settings.port())
            .sync()
            .channel();
  }

  /** Plain HTTP, without the bridge-channel relay (it answers 404). */
  public static FocusServer start(Focus focus) throws InterruptedException {
    return new FocusServer(focus, null, relayId -> null);
  }

  /**
   * @param tls the focus's certificate, or null for plain HTTP (TLS at an ingress, or loopback)
   * @param channelAddressOf where the relay reaches a bridge's channel, by relay id: the
   *     directory's {@code KnownBridge.channelAddress}, null for a bridge it does not know
   */
  public static FocusServer start(
      Focus focus, FocusTls tls, Function<String, String> channelAddressOf)
      throws InterruptedException {
    return new FocusServer(focus, tls, channelAddressOf);
  }

  /** The relay's counts: channels opened, and refused (docs/bridge-channel.md). */
  public long relaysOpened() {
    return relay.opened();
  }

  public long relaysRefused() {
    return relay.refused();
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private static byte[] resource(String name) {
    try (InputStream in = FocusServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Requests extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Focus focus;

    Requests(Focus focus) {
      this.focus = focus;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      String path = uri.path();
      if (!request.decoderResult().isSuccess() || request.method() != HttpMethod.GET) {
        respond(ctx, HttpResponseStatus.BAD_REQUEST, "text/plain", "GET only\n".getBytes());
      } else if (path.equals(SIGNALLING_PATH)) {
        upgrade(ctx, request, uri);
      } else if (path.startsWith(BridgeChannelRelay.PATH_PREFIX)) {
        relay.open(ctx, request, path, tls != null);
      } else if (path.equals("/healthz")) {
        // Before the rooms: "healthz" is also a valid room name.
        respond(ctx, HttpResponseStatus.OK, "text/plain", "ok\n".getBytes());
      } else if (path.matches("/[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
        respond(ctx, HttpResponseStatus.OK, "text/html; charset=utf-8", page);
      } else {
        respond(
            ctx,
            HttpResponseStatus.NOT_FOUND,
            "text/plain",
            "Open /<room>, for example /standup\n".getBytes(StandardCharsets.UTF_8));
      }
    }

    private void upgrade(
        ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri) {
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(
                  (tls == null ? "ws://" : "wss://")
                      + request.headers().get(HttpHeaderNames.HOST)
                      + SIGNALLING_PATH,
                  null,
                  false,
                  Focus.MAX_MESSAGE_CHARS * 4)
              .newHandshaker(request);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        return;
      }
      List<String> query = uri.parameters().get("region");
      String region =
          focus
              .settings()
              .regionOf(
                  request.headers().get(focus.settings().regionHeader()),
                  query == null || query.isEmpty() ? null : query.get(0));
      Channel channel = ctx.channel();
      Focus.Session session =
          focus.open(
              json -> {
                if (channel.isActive()) {
                  channel.writeAndFlush(new TextWebSocketFrame(json));
                }
              },
              region);
      handshaker
          .handshake(channel, request)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  ctx.close();
                  return;
                }
                ctx.pipeline().remove(this);
                ctx.pipeline()
                    .addLast(new WebSocketFrameAggregator(Focus.MAX_MESSAGE_CHARS * 4))
                    .addLast(new Frames(focus, session, handshaker));
              });
    }

    private void respond(
        ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      HttpUtil.setContentLength(response, body.length);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** One signalling socket: text frames to the focus; a close frame is a clean leave. */
  private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final Focus focus;
    private final Focus.Session session;
    private final WebSocketServerHandshaker handshaker;
    private boolean closedCleanly;

    Frames(Focus focus, Focus.Session session, WebSocketServerHandshaker handshaker) {
      this.focus = focus;
      this.session = session;
      this.handshaker = handshaker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        focus.message(session, text.text());
      } else if (frame instanceof CloseWebSocketFrame close) {
        closedCleanly = true;
        handshaker.close(ctx.channel(), close.retainedDuplicate());
      } else if (frame instanceof io.netty.handler.codec.http.websocketx.PingWebSocketFrame) {
        ctx.writeAndFlush(
            new io.netty.handler.codec.http.websocketx.PongWebSocketFrame(
                frame.content().retain()));
      } else {
        session.socket.send(Focus.error(FocusError.BAD_MESSAGE, "text frames only"));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      focus.closed(session, closedCleanly);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
