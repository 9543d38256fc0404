package io.octopod.bridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bridge image, built without a container engine and run by {@link ImageRunner} like a runtime
 * would (read-only root, non-root, its own namespaces): its health endpoint must answer.
 */
class BridgeImageIT {

  private static final String TOKEN = "bridge-image-test-token-0123456789";

  @Test
  void theImageRunsItsEntrypointReadOnlyAsNonRootAndIsHealthy() throws Exception {
    ImageRunner.Unpacked image =
        ImageRunner.buildAndUnpack(
            "octopod-bridge",
            "bridge-image/bridge/target/octopod-bridge.jar",
            "10000/udp 4096/udp 8443/tcp 8080/tcp");
    assertEquals("65532:65532", image.config().get("User").asText(), "non-root");
    for (String port : List.of("10000/udp", "4096/udp", "8443/tcp", "8080/tcp")) {
      assertTrue(image.config().at("/ExposedPorts").has(port), "exposes " + port);
    }
    assertFalse(Files.exists(image.rootfs().resolve("bin/sh")), "no shell in the image");
    int control;
    try (ServerSocket s = new ServerSocket(0)) {
      control = s.getLocalPort();
    }
    Process p =
        ImageRunner.start(
            image,
            Map.of(
                "OCTOPOD_BIND_ADDRESS", "127.0.0.1",
                "OCTOPOD_CONTROL_TOKEN", TOKEN,
                "OCTOPOD_CONTROL_PORT", Integer.toString(control),
                "OCTOPOD_MEDIA_PORT", "0",
                "OCTOPOD_OCTO_PORT", "0",
                "OCTOPOD_PUBLIC_PORT", "0"),
            Map.of());
    try {
      long started = System.nanoTime();
      String health = HealthProbe.await("http://127.0.0.1:" + control + "/about/health", p, 60);
      System.out.printf(
          "the bridge image answered %s after %.1f s; image %d MiB%n",
          health, (System.nanoTime() - started) / 1e9, image.size() >> 20);
      assertTrue(
          health != null && health.contains("\"healthy\":true"),
          "healthy: " + health + "; log: " + ImageRunner.log(image));
      // The pod runs with a read-only root and an emptyDir /tmp, as here: Netty must still find a
      // place to unpack its native epoll transport, or the bridge falls back to NIO.
      String log = ImageRunner.log(image);
      assertTrue(log.contains("epoll transport"), "native epoll on a read-only root: " + log);
    } finally {
      ImageRunner.stop(p);
    }
  }
}
