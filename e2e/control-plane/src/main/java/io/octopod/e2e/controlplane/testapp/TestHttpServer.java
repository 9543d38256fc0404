package io.octopod.e2e.controlplane.testapp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A small real process for the control-plane tests: serves {@code GET /healthz}, {@code /prestop},
 * {@code /env?NAME} (the value of an environment variable) and {@code /exit} (dies with status 3)
 * on {@code BIND_ADDRESS:PORT}, and says on stdout when it gets SIGTERM, so that a test can see the
 * kubelet's shutdown sequence in the pod log.
 */
public final class TestHttpServer {

  private TestHttpServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    String bind = System.getenv().getOrDefault("BIND_ADDRESS", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
    server.createContext(
        "/healthz", exchange -> reply(exchange, 200, "ok " + System.getenv("POD_NAME")));
    server.createContext(
        "/prestop",
        exchange -> {
          System.out.println("preStop hook called");
          reply(exchange, 200, "stopping");
        });
    server.createContext(
        "/env",
        exchange -> {
          String name = exchange.getRequestURI().getQuery();
          String value = name == null ? null : System.getenv(name);
          reply(exchange, value == null ? 404 : 200, value == null ? "unset" : value);
        });
    server.createContext(
        "/exit",
        exchange -> {
          reply(exchange, 200, "exiting with 3");
          System.out.println("asked to exit with status 3");
          Runtime.getRuntime().halt(3);
        });
    server.start();
    System.out.println(
        "test-http listening on " + bind + ":" + port + " as " + System.getenv("POD_NAME"));
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("SIGTERM received, stopping");
                  server.stop(0);
                  done.countDown();
                }));
    done.await();
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
