package io.octopod.bridge.net;

import java.net.InetSocketAddress;

/** Sends datagrams out of a port: what the layers above {@code net} see of a socket. */
@FunctionalInterface
public interface PacketSender {
  void send(byte[] buf, int off, int len, InetSocketAddress to);
}
