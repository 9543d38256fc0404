package io.octopod.loadgen;

import io.netty.channel.EventLoopGroup;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.bridge.net.TransportFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The kernel's baseline: a plain UDP forwarder on the bridge's own I/O stack ({@link MediaSocket}:
 * Netty, epoll, the same buffers and the same send path), with no crypto and no logic. A one-byte
 * datagram registers its sender as a receiver; every other datagram is sent on to every registered
 * receiver. Run as its own process, pinned like the bridge; it prints its port and forwards until
 * it is stopped.
 */
public final class KernelForwarder {

  private KernelForwarder() {}

  public static void main(String[] args) throws Exception {
    EventLoopGroup group = TransportFactory.newEventLoopGroup(0);
    InetSocketAddress[][] receivers = {new InetSocketAddress[0]};
    MediaSocket[] socket = new MediaSocket[1];
    socket[0] =
        MediaSocket.bind(
            group,
            "127.0.0.1",
            0,
            (buf, off, len, from) -> {
              if (len == 1) {
                InetSocketAddress[] now =
                    java.util.Arrays.copyOf(receivers[0], receivers[0].length + 1);
                now[now.length - 1] = from;
                receivers[0] = now;
                return;
              }
              for (InetSocketAddress to : receivers[0]) {
                socket[0].send(buf, off, len, to);
              }
            });
    System.out.println(
        "kernel forwarder ("
            + TransportFactory.describe()
            + "): udp 127.0.0.1:"
            + socket[0].port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  socket[0].close();
                  group.shutdownGracefully();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
