package io.octopod.bridge.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Picks Netty's native epoll transport where the platform has it (it alone offers recvmmsg and
 * sendmmsg batching), and NIO everywhere else.
 */
public final class TransportFactory {

  private TransportFactory() {}

  public static boolean nativeEpoll() {
    return Epoll.isAvailable();
  }

  public static EventLoopGroup newEventLoopGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(
        threads, nativeEpoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  public static Class<? extends DatagramChannel> datagramChannelClass() {
    return nativeEpoll() ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  public static Class<? extends ServerSocketChannel> serverChannelClass() {
    return nativeEpoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** "epoll", or "nio" with the reason epoll could not load (a bridge without it is slower). */
  public static String describe() {
    if (nativeEpoll()) {
      return "epoll";
    }
    Throwable cause = Epoll.unavailabilityCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return "nio (epoll unavailable: " + cause + ")";
  }
}
