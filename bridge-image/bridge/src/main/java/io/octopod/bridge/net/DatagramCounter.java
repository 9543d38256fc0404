package io.octopod.bridge.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and releases every datagram on a port that has no protocol handler yet. {@link
 * SimpleChannelInboundHandler} releases the buffer, so nothing leaks.
 */
@ChannelHandler.Sharable
public final class DatagramCounter extends SimpleChannelInboundHandler<DatagramPacket> {

  private final LongAdder datagrams = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    datagrams.increment();
    bytes.add(packet.content().readableBytes());
  }

  public long datagrams() {
    return datagrams.sum();
  }

  /** UDP payload bytes received. */
  public long bytes() {
    return bytes.sum();
  }
}
