package io.octopod.bridge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DelayedTcpProxyTest {

  @Test
  void anEchoThroughTheProxyTakesTwiceTheDelayAndKeepsTheBytes() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = echo.accept()) {
                  s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception e) {
                  // the test fails on what it reads
                }
              });
      server.setDaemon(true);
      server.start();
      try (DelayedTcpProxy proxy =
              DelayedTcpProxy.start(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()),
                  50);
          Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        byte[] message = "ping through a long link".getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();
        long start = System.nanoTime();
        out.write(message);
        out.flush();
        byte[] back = in.readNBytes(message.length);
        double millis = (System.nanoTime() - start) / 1e6;
        assertEquals(
            new String(message, StandardCharsets.UTF_8), new String(back, StandardCharsets.UTF_8));
        assertTrue(millis >= 100, "50 ms each way: " + millis);
        System.out.printf("round trip through the proxy: %.1f ms for 100 ms injected%n", millis);
      }
    }
  }
}
