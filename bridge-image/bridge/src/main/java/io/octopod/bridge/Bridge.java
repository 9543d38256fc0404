package io.octopod.bridge;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.bridge.http.ControlHttpServer;
import io.octopod.bridge.net.DatagramCounter;
import io.octopod.bridge.net.TransportFactory;
import io.octopod.bridge.net.UdpPort;
import java.util.Map;

/** A running bridge: its sockets and its HTTP server, started together and closed together. */
public final class Bridge implements AutoCloseable {

  private final BridgeConfig config;
  private final EventLoopGroup group;
  private final UdpPort media;
  private final UdpPort octo;
  private final ControlHttpServer control;

  private Bridge(
      BridgeConfig config,
      EventLoopGroup group,
      UdpPort media,
      UdpPort octo,
      ControlHttpServer control) {
    this.config = config;
    this.group = group;
    this.media = media;
    this.octo = octo;
    this.control = control;
  }

  public static Bridge start(BridgeConfig config) throws InterruptedException {
    EventLoopGroup group = TransportFactory.newEventLoopGroup(0);
    UdpPort media = null;
    UdpPort octo = null;
    try {
      media = UdpPort.bind(group, config.bindAddress(), config.mediaPort(), new DatagramCounter());
      octo = UdpPort.bind(group, config.bindAddress(), config.octoPort(), new DatagramCounter());
      ControlHttpServer control =
          ControlHttpServer.start(
              group,
              config.bindAddress(),
              config.controlPort(),
              Map.of(
                  "/about/health", () -> new ControlHttpServer.Reply(200, "{\"healthy\":true}")));
      return new Bridge(config, group, media, octo, control);
    } catch (InterruptedException | RuntimeException e) {
      if (media != null) {
        media.close();
      }
      if (octo != null) {
        octo.close();
      }
      group.shutdownGracefully();
      throw e;
    }
  }

  public BridgeConfig config() {
    return config;
  }

  public int mediaPort() {
    return media.port();
  }

  public int octoPort() {
    return octo.port();
  }

  public int controlPort() {
    return control.port();
  }

  /** One line for logs and for {@code make demo}: where each service listens. */
  public String describe() {
    return String.format(
        "octopod bridge %s (region %s, %s transport): media udp %s:%d, octo udp %s:%d,"
            + " control http://%s:%d/about/health",
        config.relayId(),
        config.region(),
        TransportFactory.describe(),
        config.bindAddress(),
        mediaPort(),
        config.bindAddress(),
        octoPort(),
        config.bindAddress(),
        controlPort());
  }

  @Override
  public void close() {
    control.close();
    octo.close();
    media.close();
    group.shutdownGracefully().syncUninterruptibly();
  }
}
