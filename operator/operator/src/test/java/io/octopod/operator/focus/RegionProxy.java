package io.octopod.operator.focus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * A regional load balancer in miniature, on loopback: forwards each TCP connection to the focus and
 * adds the region header to the request head, as an ingress in that region would. WebSocket
 * upgrades pass through it like any request. Threads are daemons and stop on {@link #close}.
 */
final class RegionProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final String header;

  RegionProxy(int target, String headerName, String region) throws IOException {
    this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target, headerName, region);
  }

  /** An ingress that terminates TLS: HTTPS to the browser, plain HTTP to the focus behind it. */
  static RegionProxy terminatingTls(SSLContext tls, int target, String headerName, String region)
      throws IOException {
    return new RegionProxy(
        tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        target,
        headerName,
        region);
  }

  private RegionProxy(ServerSocket server, int target, String headerName, String region) {
    this.server = server;
    this.target = target;
    this.header = headerName + ": " + region + "\r\n";
    Thread accept = new Thread(this::accept, "region-proxy-" + region);
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        start(() -> forwardRequest(client, upstream));
        start(() -> pipe(upstream, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void start(Runnable r) {
    Thread t = new Thread(r, "region-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  /** Copies the request line, inserts the header after it, then copies everything else. */
  private void forwardRequest(Socket client, Socket upstream) {
    try (client;
        upstream) {
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        line.write(b);
        if (b == '\n') {
          break;
        }
      }
      out.write(line.toByteArray());
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed: the connection is over
    }
  }

  private static void pipe(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // closed
    } finally {
      try {
        to.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
