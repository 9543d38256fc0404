package io.octopod.operator.focus;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Relays a page's bridge channel through the focus: the page opens {@code
 * wss://<focus>/bridge-channel/<relayId>/<conferenceId>/<endpointId>?token=...} on the focus's own
 * origin, and the focus opens the bridge's {@code ws://<pod IP>:<public port>/bridge-channel/
 * <conferenceId>/<endpointId>?token=...} and passes frames both ways unchanged. A page served over
 * HTTPS may not open a plain {@code ws://} socket (mixed content), and bridges have no certificates
 * a browser would trust; the focus has the one the install already needs (docs/bridge-channel.md).
 *
 * <p>Only bridges in the operator's directory can be reached (the relay id is looked up, never an
 * address from the page), and only their bridge-channel path; the bridge checks the token. The
 * bridge's refusal (401, 404) reaches the page as it was sent. When the bridge's connection drops
 * the page's socket is closed with 1014 (bad gateway), so the page can tell a lost bridge from a
 * focus replica going away (its socket then drops without a close frame).
 *
 * <p>Both sockets of a relay live on the page socket's event loop, so no state here is shared
 * between threads.
 */
final class BridgeChannelRelay {

  private static final Logger LOG = Logger.getLogger(BridgeChannelRelay.class.getName());

  /** The path prefix the page uses, followed by the bridge's relay id. */
  static final String PATH_PREFIX = "/bridge-channel/";

  /** The bridge's own path for its channel (BridgeChannelServer.PATH). */
  private static final String BRIDGE_PATH = "/bridge-channel";

  /** A bridge-channel message is at most 65,536 characters, 4 bytes each at worst. */
  private static final int MAX_FRAME_BYTES = 4 * 65_536;

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final Function<String, String> channelAddressOf;
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /**
   * @param channelAddressOf a bridge's bridge-channel host:port by its relay id, or null when the
   *     directory has no such bridge
   */
  BridgeChannelRelay(Function<String, String> channelAddressOf) {
    this.channelAddressOf = channelAddressOf;
  }

  /** Relays opened since start (the bridge accepted the page's socket). */
  long opened() {
    return opened.get();
  }

  /** Relays refused: a bad path, an unknown bridge, no upgrade, or the bridge refused or failed. */
  long refused() {
    return refused.get();
  }

  /**
   * Handles {@code GET /bridge-channel/<relayId>/...}: connects to the bridge, and upgrades the
   * page's socket only once the bridge has accepted, so a refusal keeps its status.
   */
  void open(ChannelHandlerContext page, FullHttpRequest request, String path, boolean secure) {
    String rest = path.substring(PATH_PREFIX.length());
    int slash = rest.indexOf('/');
    String relayId = slash <= 0 ? null : rest.substring(0, slash);
    String address = relayId == null ? null : channelAddressOf.apply(relayId);
    if (address == null) {
      refuse(page, HttpResponseStatus.NOT_FOUND, "no such bridge");
      return;
    }
    if (!request
        .headers()
        .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      refuse(page, HttpResponseStatus.UPGRADE_REQUIRED, "a WebSocket upgrade is required");
      return;
    }
    String uri = request.uri();
    int query = uri.indexOf('?');
    URI target =
        URI.create(
            "ws://"
                + address
                + BRIDGE_PATH
                + rest.substring(slash)
                + (query < 0 ? "" : uri.substring(query)));
    Session session = new Session(page, request.retain(), secure);
    page.channel().config().setAutoRead(false);
    session.connect(target);
  }

  private void refuse(ChannelHandlerContext page, HttpResponseStatus status, String reason) {
    refused.incrementAndGet();
    byte[] body =
        ("{\"error\":" + status.code() + ",\"reason\":\"" + reason + "\"}\n")
            .getBytes(StandardCharsets.UTF_8);
    respond(page, status, "application/json", body);
  }

  private static void respond(
      ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    HttpUtil.setContentLength(response, body.length);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** One relayed channel: the page's socket and the one to the bridge. */
  private final class Session {
    private final ChannelHandlerContext page;
    private final FullHttpRequest request;
    private final boolean secure;

    /** Frames the bridge sent before the page's upgrade completed (its hello comes at once). */
    private final Queue<WebSocketFrame> early = new ArrayDeque<>();

    private Channel bridge;

    /** The page's request was answered: refused, or upgraded (then {@link #pageUpgraded}). */
    private boolean answered;

    private boolean pageUpgraded;

    Session(ChannelHandlerContext page, FullHttpRequest request, boolean secure) {
      this.page = page;
      this.request = request;
      this.secure = secure;
    }

    void connect(URI target) {
      WebSocketClientHandshaker handshaker =
          WebSocketClientHandshakerFactory.newHandshaker(
              target, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), MAX_FRAME_BYTES);
      new Bootstrap()
          .group(page.channel().eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline()
                      .addLast(new HttpClientCodec())
                      .addLast(new HttpObjectAggregator(8192))
                      .addLast(new BridgeSide(handshaker));
                }
              })
          .connect(target.getHost().replace("[", "").replace("]", ""), target.getPort())
          .addListener(
              (ChannelFutureListener)
                  f -> {
                    if (!f.isSuccess()) {
                      LOG.info("bridge channel relay: cannot reach " + target.getAuthority());
                      failBeforeUpgrade(
                          HttpResponseStatus.BAD_GATEWAY, "the bridge cannot be reached");
                      return;
                    }
                    bridge = f.channel();
                    handshaker.handshake(bridge);
                  });
    }

    /** The bridge accepted: upgrade the page's socket too, then pass on what came early. */
    void bridgeAccepted() {
      answered = true;
      String scheme = secure ? "wss://" : "ws://";
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(
                  scheme + request.headers().get(HttpHeaderNames.HOST) + request.uri(),
                  null,
                  false,
                  MAX_FRAME_BYTES)
              .newHandshaker(request);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(page.channel());
        request.release();
        refused.incrementAndGet();
        bridge.close();
        return;
      }
      handshaker
          .handshake(page.channel(), request)
          .addListener(
              f -> {
                request.release();
                if (!f.isSuccess()) {
                  refused.incrementAndGet();
                  page.close();
                  bridge.close();
                  return;
                }
                opened.incrementAndGet();
                page.pipeline().replace(page.handler(), "bridge-channel-relay", new PageSide());
                pageUpgraded = true;
                WebSocketFrame frame;
                while ((frame = early.poll()) != null) {
                  page.channel().write(frame);
                }
                page.channel().flush();
                page.channel().config().setAutoRead(true);
                if (!bridge.isActive()) {
                  bridgeClosed(); // it went away while the page's upgrade was under way
                }
              });
    }

    /** Before the page's upgrade: answer its request with the bridge's refusal or our own. */
    void failBeforeUpgrade(HttpResponseStatus status, String reason) {
      answered = true;
      request.release();
      if (bridge != null) {
        bridge.close();
      }
      refuse(page, status, reason);
    }

    void fromBridge(WebSocketFrame frame) {
      if (pageUpgraded) {
        page.channel().writeAndFlush(frame.retain());
      } else {
        early.add(frame.retain());
      }
    }

    void bridgeClosed() {
      if (!pageUpgraded) {
        early.forEach(WebSocketFrame::release);
        early.clear();
        if (!answered) {
          failBeforeUpgrade(HttpResponseStatus.BAD_GATEWAY, "the bridge closed the connection");
        }
        return;
      }
      if (page.channel().isActive()) {
        page.channel()
            .writeAndFlush(
                new CloseWebSocketFrame(WebSocketCloseStatus.BAD_GATEWAY, "the bridge went away"))
            .addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** The bridge's side: first its handshake response, then its frames for the page. */
    private final class BridgeSide extends SimpleChannelInboundHandler<Object> {
      private final WebSocketClientHandshaker handshaker;

      BridgeSide(WebSocketClientHandshaker handshaker) {
        this.handshaker = handshaker;
      }

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (!handshaker.isHandshakeComplete() && msg instanceof FullHttpResponse response) {
          try {
            handshaker.finishHandshake(ctx.channel(), response);
          } catch (WebSocketClientHandshakeException e) {
            // The bridge's refusal (401 bad token, 404 unknown endpoint) goes to the page as is.
            refused.incrementAndGet();
            answered = true;
            request.release();
            String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            respond(page, response.status(), type, ByteBufUtil.getBytes(response.content()));
            ctx.close();
            return;
          }
          bridgeAccepted();
        } else if (msg instanceof WebSocketFrame frame) {
          fromBridge(frame);
        }
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A slow bridge: stop reading the page until its socket drains.
        page.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        bridgeClosed();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    }

    /** The page's side once upgraded: its frames go to the bridge unchanged. */
    private final class PageSide extends SimpleChannelInboundHandler<WebSocketFrame> {

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
          bridge.writeAndFlush(frame.retain()).addListener(ChannelFutureListener.CLOSE);
          ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        bridge.writeAndFlush(frame.retain());
      }

      @Override
      public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A slow page: stop reading the bridge until the page's socket drains.
        bridge.config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        bridge.close();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    }
  }
}
