package io.octopod.bridge.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
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
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.octopod.bridge.conference.ClientChannel;
import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.ConferenceRegistry;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.conference.MessageBudget;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.protocol.channel.DominantSpeaker;
import io.octopod.protocol.channel.Hello;
import io.octopod.protocol.channel.Slots;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bridge's public HTTP port: the bridge channel, a WebSocket per endpoint at {@code
 * /bridge-channel/{conference}/{endpoint}?token=...}, with the URL and token the control API
 * returned when the endpoint was allocated. A wrong token, an unknown conference or endpoint, and
 * anything but a WebSocket upgrade on that path are refused with 401 or 404 before any upgrade, and
 * do not say which of them it was.
 */
public final class BridgeChannelServer implements AutoCloseable {

  public static final String PATH = "/bridge-channel";

  private final Channel server;
  private final LongAdder refused = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();

  private BridgeChannelServer(
      EventLoopGroup group, String bind, int port, ConferenceRegistry registry, Hellos hellos)
      throws InterruptedException {
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(TransportFactory.serverChannelClass())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(8192))
                        .addLast(new Upgrade(registry, hellos));
                  }
                })
            .bind(bind, port)
            .sync()
            .channel();
  }

  /** What a new socket is told first: this bridge's relay id and region. */
  public record Hellos(String relayId, String region) {}

  public static BridgeChannelServer start(
      EventLoopGroup group, String bind, int port, ConferenceRegistry registry, Hellos hellos)
      throws InterruptedException {
    return new BridgeChannelServer(group, bind, port, registry, hellos);
  }

  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Upgrade requests refused (bad token, unknown endpoint, not a WebSocket). */
  public long refused() {
    return refused.sum();
  }

  /** Sockets opened since start. */
  public long opened() {
    return opened.sum();
  }

  /** Messages from clients dropped unread: over their {@link MessageBudget}. */
  public long rateLimited() {
    return rateLimited.sum();
  }

  /** Messages dropped because a client did not read fast enough. */
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
  }

  private final class Upgrade extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final ConferenceRegistry registry;
    private final Hellos hellos;

    Upgrade(ConferenceRegistry registry, Hellos hellos) {
      this.registry = registry;
      this.hellos = hellos;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      String[] parts = uri.path().split("/");
      if (!request.decoderResult().isSuccess()
          || parts.length != 4
          || !("/" + parts[1]).equals(PATH)) {
        refuse(ctx, HttpResponseStatus.NOT_FOUND, "no such path; the bridge channel is " + PATH);
        return;
      }
      List<String> tokens = uri.parameters().get("token");
      Conference conference = registry.conference(parts[2]);
      Endpoint endpoint = conference == null ? null : conference.endpoint(parts[3]);
      if (endpoint == null
          || tokens == null
          || tokens.size() != 1
          || !MessageDigest.isEqual(
              tokens.get(0).getBytes(StandardCharsets.UTF_8),
              endpoint.channelToken().getBytes(StandardCharsets.UTF_8))) {
        refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "unknown endpoint or wrong token");
        return;
      }
      WebSocketServerHandshaker handshaker =
          new WebSocketServerHandshakerFactory(
                  "ws://" + request.headers().get(HttpHeaderNames.HOST) + uri.path(),
                  null,
                  false,
                  ClientMessages.MAX_MESSAGE_CHARS * 4)
              .newHandshaker(request);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
        return;
      }
      Socket socket = new Socket(ctx.channel(), handshaker, conference, endpoint);
      handshaker
          .handshake(ctx.channel(), request)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  ctx.pipeline().remove(this);
                  ctx.pipeline()
                      .addLast(new WebSocketFrameAggregator(ClientMessages.MAX_MESSAGE_CHARS * 4))
                      .addLast(socket);
                  opened.increment();
                  socket.greet(hellos);
                } else {
                  ctx.close();
                }
              });
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
      refused.increment();
      byte[] body =
          ("{\"error\":\""
                  + status.reasonPhrase().toLowerCase().replace(' ', '-')
                  + "\","
                  + "\"reason\":\""
                  + reason
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      HttpUtil.setContentLength(response, body.length);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** One open bridge channel: frames in to {@link ClientMessages}, messages out to the client. */
  private final class Socket extends SimpleChannelInboundHandler<WebSocketFrame>
      implements ClientChannel {
    private final Channel channel;
    private final WebSocketServerHandshaker handshaker;
    private final Conference conference;
    private final Endpoint endpoint;

    Socket(
        Channel channel,
        WebSocketServerHandshaker handshaker,
        Conference conference,
        Endpoint endpoint) {
      this.channel = channel;
      this.handshaker = handshaker;
      this.conference = conference;
      this.endpoint = endpoint;
    }

    /** Hello first, then what the client may have missed before it connected. */
    void greet(Hellos hellos) {
      send(
          ClientMessages.write(
              Hello.of(endpoint.id(), conference.id(), hellos.relayId(), hellos.region())));
      endpoint.channel(this);
      send(ClientMessages.write(Slots.of(endpoint.info().slots())));
      String speaker = conference.dominantSpeaker();
      if (speaker != null) {
        send(ClientMessages.write(DominantSpeaker.of(speaker)));
      }
    }

    @Override
    public void send(String json) {
      if (!channel.isActive()) {
        return;
      }
      if (!channel.isWritable()) {
        dropped.increment();
        return;
      }
      channel.writeAndFlush(new TextWebSocketFrame(json));
    }

    @Override
    public void close() {
      handshaker.close(channel, new CloseWebSocketFrame(1000, "endpoint expired"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame text) {
        MessageBudget.Verdict budget = endpoint.channelMessages().take(System.nanoTime());
        if (budget != MessageBudget.Verdict.ALLOWED) {
          rateLimited.increment();
          if (budget == MessageBudget.Verdict.REFUSED_FIRST) {
            send(ClientMessages.error(ClientMessages.RATE_LIMITED));
          }
          return;
        }
        String reply = ClientMessages.handle(conference, endpoint, text.text());
        if (reply != null) {
          send(reply);
        }
      } else if (frame instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (frame instanceof CloseWebSocketFrame close) {
        handshaker.close(ctx.channel(), close.retain());
      } else if (!(frame instanceof PongWebSocketFrame)) {
        send(ClientMessages.error("binary frames are not part of the bridge channel"));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      endpoint.channelClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
