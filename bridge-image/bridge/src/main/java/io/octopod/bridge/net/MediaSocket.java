package io.octopod.bridge.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * A UDP port that hands received datagrams to a {@link PacketSink} as {@code (byte[], offset,
 * length)} and sends what it is given. Buffers come from a pooled <em>heap</em> allocator, so the
 * codecs and JCE read the bytes in place without a copy. Native epoll is used where available (see
 * {@link TransportFactory}).
 */
public final class MediaSocket implements PacketSender, AutoCloseable {

  private static final PooledByteBufAllocator HEAP = new PooledByteBufAllocator(false);

  /**
   * Outgoing datagrams are copied into pooled direct buffers: epoll would otherwise copy a heap
   * buffer into a direct one itself, and an unpooled copy is garbage for every packet.
   */
  private static final PooledByteBufAllocator OUTBOUND = PooledByteBufAllocator.DEFAULT;

  /**
   * The media port's largest datagram: larger than any WebRTC datagram (they stay under the
   * 1,200-byte path MTU).
   */
  public static final int MAX_MEDIA_DATAGRAM = 1500;

  /** Datagrams read per recvmmsg call on epoll. */
  private static final int DATAGRAMS_PER_READ = 16;

  private final Channel channel;
  private final LongAdder received = new LongAdder();
  private final LongAdder receivedBytes = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder sentBytes = new LongAdder();

  /**
   * True on the event loop while it delivers a batch of received datagrams: what is sent meanwhile
   * is flushed once at the batch's end, so the packets a batch fans out to leave with one sendmmsg
   * instead of one sendto each.
   */
  private boolean inReadBatch;

  /** Where a datagram read into native memory is copied for the sink (event loop only). */
  private byte[] inbound;

  private MediaSocket(Channel channel, int maxDatagram) {
    this.channel = channel;
    this.inbound = new byte[maxDatagram];
  }

  /** A media port: datagrams up to {@link #MAX_MEDIA_DATAGRAM} bytes. */
  public static MediaSocket bind(EventLoopGroup group, String address, int port, PacketSink sink)
      throws InterruptedException {
    return bind(group, address, port, MAX_MEDIA_DATAGRAM, sink);
  }

  /**
   * @param maxDatagram the largest datagram read whole; a longer one reaches the sink cut to this
   *     length, so a sink that must tell should ask for one byte more than it accepts
   */
  public static MediaSocket bind(
      EventLoopGroup group, String address, int port, int maxDatagram, PacketSink sink)
      throws InterruptedException {
    MediaSocket[] self = new MediaSocket[1];
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(TransportFactory.datagramChannelClass())
            .option(ChannelOption.ALLOCATOR, HEAP)
            .option(ChannelOption.SO_RCVBUF, 4 << 20)
            .option(ChannelOption.SO_SNDBUF, 4 << 20);
    if (TransportFactory.nativeEpoll()) {
      // With a maximum datagram size set, Netty's epoll transport reads up to a buffer's worth of
      // datagrams with one recvmmsg call (16 here); several packets flushed together go out with
      // one sendmmsg.
      bootstrap
          .option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(maxDatagram * DATAGRAMS_PER_READ));
    } else {
      // NIO reads one datagram per buffer, and cuts a longer one to the buffer's size; up to 16
      // per wake-up, as Netty's own default for datagram channels does.
      bootstrap.option(
          ChannelOption.RCVBUF_ALLOCATOR,
          new FixedRecvByteBufAllocator(maxDatagram).maxMessagesPerRead(DATAGRAMS_PER_READ));
    }
    Channel channel =
        bootstrap
            .handler(
                new SimpleChannelInboundHandler<DatagramPacket>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                    self[0].inReadBatch = true;
                    ByteBuf content = packet.content();
                    int len = content.readableBytes();
                    self[0].received.increment();
                    self[0].receivedBytes.add(len);
                    if (content.hasArray()) {
                      sink.received(
                          content.array(),
                          content.arrayOffset() + content.readerIndex(),
                          len,
                          packet.sender());
                    } else {
                      // A direct buffer (epoll's recvmmsg reads into native memory): copied into
                      // one reused array, as sinks never keep the bytes after they return.
                      byte[] copy = self[0].inbound;
                      if (copy.length < len) {
                        copy = new byte[len];
                        self[0].inbound = copy;
                      }
                      content.getBytes(content.readerIndex(), copy, 0, len);
                      sink.received(copy, 0, len, packet.sender());
                    }
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    // Sends use the void promise, so a failed datagram (an I/O error: UDP's loss)
                    // lands here; anything else still goes on to be reported.
                    if (!(cause instanceof java.io.IOException)) {
                      ctx.fireExceptionCaught(cause);
                    }
                  }

                  @Override
                  public void channelReadComplete(ChannelHandlerContext ctx) {
                    self[0].inReadBatch = false;
                    ctx.channel().flush();
                  }
                })
            .bind(address, port)
            .sync()
            .channel();
    self[0] = new MediaSocket(channel, maxDatagram);
    return self[0];
  }

  @Override
  public void send(byte[] buf, int off, int len, InetSocketAddress to) {
    sent.increment();
    sentBytes.add(len);
    DatagramPacket packet =
        new DatagramPacket(OUTBOUND.directBuffer(len).writeBytes(buf, off, len), to);
    if (channel.eventLoop().inEventLoop() && inReadBatch) {
      channel.write(packet, channel.voidPromise());
    } else {
      channel.writeAndFlush(packet, channel.voidPromise());
    }
  }

  /** The event loop that reads this socket: its handlers all run on this one thread. */
  public io.netty.channel.EventLoop eventLoop() {
    return channel.eventLoop();
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  public int port() {
    return localAddress().getPort();
  }

  public long datagramsReceived() {
    return received.sum();
  }

  public long bytesReceived() {
    return receivedBytes.sum();
  }

  public long datagramsSent() {
    return sent.sum();
  }

  public long bytesSent() {
    return sentBytes.sum();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
