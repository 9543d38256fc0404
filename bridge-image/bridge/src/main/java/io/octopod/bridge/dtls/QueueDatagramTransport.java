package io.octopod.bridge.dtls;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Feeds BouncyCastle's DTLS from the shared media port: the demultiplexer offers the DTLS records
 * of one remote address, the handshake thread takes them; what DTLS sends goes out through the
 * port. Nothing here touches a socket.
 */
public final class QueueDatagramTransport implements DatagramTransport {

  /** Sends one datagram to the peer. */
  @FunctionalInterface
  public interface Outbound {
    void send(byte[] buf, int off, int len) throws IOException;
  }

  /** WebRTC keeps DTLS records under the usual 1,200-byte path MTU. */
  static final int MTU = 1200;

  private static final int QUEUE = 64;

  private final BlockingQueue<byte[]> inbound = new ArrayBlockingQueue<>(QUEUE);
  private final Outbound outbound;
  private volatile boolean closed;

  public QueueDatagramTransport(Outbound outbound) {
    this.outbound = outbound;
  }

  /** Hands a received DTLS datagram to the handshake; false (dropped) when the queue is full. */
  public boolean offer(byte[] buf, int off, int len) {
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    return !closed && inbound.offer(copy);
  }

  @Override
  public int getReceiveLimit() {
    return MTU;
  }

  @Override
  public int getSendLimit() {
    return MTU - 28;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (closed) {
      throw new IOException("DTLS transport closed");
    }
    try {
      byte[] datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
      if (datagram == null) {
        return -1;
      }
      int n = Math.min(len, datagram.length);
      System.arraycopy(datagram, 0, buf, off, n);
      return n;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (!closed) {
      outbound.send(buf, off, len);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
