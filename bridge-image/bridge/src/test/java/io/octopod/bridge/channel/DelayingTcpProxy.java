package io.octopod.bridge.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy for one connection that holds every chunk for a fixed time in each
 * direction: a long-haul path for a WebSocket, so a test can check that what the page measures
 * matches the delay injected. Threads end when either side closes or on {@link #close}.
 */
final class DelayingTcpProxy implements AutoCloseable {

  private record Chunk(byte[] data, long due) {}

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final List<Socket> sockets = new ArrayList<>();
  private final Thread acceptor;

  DelayingTcpProxy(InetSocketAddress target, long delayMillis) throws IOException {
    this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    this.target = target;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.acceptor = new Thread(this::accept, "delay-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    try {
      Socket client = server.accept();
      Socket upstream = new Socket(target.getAddress(), target.getPort());
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      synchronized (sockets) {
        sockets.add(client);
        sockets.add(upstream);
      }
      pipe(client, upstream, "up");
      pipe(upstream, client, "down");
    } catch (IOException e) {
      // closed before a client came
    }
  }

  private void pipe(Socket from, Socket to, String name) throws IOException {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try {
                for (int n; (n = in.read(buf)) > 0; ) {
                  queue.add(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
              } catch (IOException e) {
                // socket closed
              }
              queue.add(new Chunk(null, 0));
            },
            "delay-proxy-read-" + name);
    Thread writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  Chunk c = queue.take();
                  if (c.data() == null) {
                    to.shutdownOutput();
                    return;
                  }
                  long wait = c.due() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  out.write(c.data());
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // closed
              }
            },
            "delay-proxy-write-" + name);
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
