package io.octopod.bridge.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/** One bound UDP socket (the shared media port, or the Octo port) with its inbound handler. */
public final class UdpPort implements AutoCloseable {

  private final Channel channel;

  private UdpPort(Channel channel) {
    this.channel = channel;
  }

  public static UdpPort bind(EventLoopGroup group, String address, int port, ChannelHandler handler)
      throws InterruptedException {
    Channel channel =
        new Bootstrap()
            .group(group)
            .channel(TransportFactory.datagramChannelClass())
            .handler(handler)
            .bind(address, port)
            .sync()
            .channel();
    return new UdpPort(channel);
  }

  public Channel channel() {
    return channel;
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
