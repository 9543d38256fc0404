package io.octopod.bridge.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that holds every chunk a fixed time before passing it on, in both
 * directions: the long link for a page's bridge channel (a WebSocket), whose E2E pings must cross
 * the same distance as its media. It delays but does not drop: TCP would resend a lost segment, and
 * modelling that is not what the experiment is about. Chunks keep their order because the delay is
 * the same for all. Threads are daemons and {@link #close} closes every socket.
 */
public final class DelayedTcpProxy implements AutoCloseable {

  private record Chunk(byte[] data, long due) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long delayNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private DelayedTcpProxy(InetSocketAddress target, long delayMillis) throws IOException {
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    this.target = target;
    this.delayNanos = delayMillis * 1_000_000L;
    daemon(this::accept, "tcp-delay-accept").start();
  }

  /** Starts a proxy to {@code target} that delays each direction by {@code delayMillis}. */
  public static DelayedTcpProxy start(InetSocketAddress target, long delayMillis)
      throws IOException {
    return new DelayedTcpProxy(target, delayMillis);
  }

  public int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection drop
      }
    }
  }

  /** One direction: a reader that stamps chunks and a writer that sends each when it is due. */
  private void pipe(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    daemon(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  queue.add(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
              } catch (IOException e) {
                // the socket closed
              }
              queue.add(END);
            },
            "tcp-delay-read")
        .start();
    daemon(
            () -> {
              try {
                while (true) {
                  Chunk c = queue.poll(1, TimeUnit.SECONDS);
                  if (closed || c == END) {
                    break;
                  }
                  if (c == null) {
                    continue;
                  }
                  long wait = c.due() - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  out.write(c.data());
                  out.flush();
                }
                to.shutdownOutput();
              } catch (IOException | InterruptedException e) {
                // the other side closed; nothing more to deliver
              }
            },
            "tcp-delay-write")
        .start();
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
