package io.octopod.bridge.net;

import java.net.InetSocketAddress;

/**
 * Where a UDP port delivers what it receives. The bytes are valid only during the call (they sit in
 * a pooled Netty buffer); a sink that keeps them copies them.
 */
@FunctionalInterface
public interface PacketSink {
  void received(byte[] buf, int off, int len, InetSocketAddress from);
}
