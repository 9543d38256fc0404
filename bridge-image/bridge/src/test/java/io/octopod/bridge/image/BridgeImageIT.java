package io.octopod.bridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bridge image, built without a container engine by scripts/build-image.sh, unpacked from its
 * OCI layout and run the way a runtime would: its own mount and PID namespaces, the image as a
 * read-only root with a tmpfs on /tmp, /proc and the usual /dev nodes, as user 65532, its
 * entrypoint and nothing else. Its health endpoint must answer. Needs root (unshare, mount,
 * chroot), as CI has.
 */
class BridgeImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "bridge-image-test-token-0123456789";

  private static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("scripts/build-image.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  private static JsonNode blob(Path layout, String digest) throws Exception {
    return JSON.readTree(layout.resolve("blobs/sha256").resolve(digest.substring(7)).toFile());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void theImageRunsItsEntrypointReadOnlyAsNonRootAndIsHealthy() throws Exception {
    Path repo = repo();
    String built =
        run(
            repo,
            "scripts/build-image.sh",
            "octopod-bridge",
            "bridge-image/bridge/target/octopod-bridge.jar",
            "10000/udp 4096/udp 8443/tcp 8080/tcp");
    System.out.print(built);
    Path image = repo.resolve("target/images/octopod-bridge.oci.tar");
    Path work = Files.createTempDirectory("octopod-image-");
    Path layout = Files.createDirectories(work.resolve("oci"));
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    run(work, "tar", "-xf", image.toString(), "-C", layout.toString());

    JsonNode manifest =
        blob(
            layout,
            JSON.readTree(layout.resolve("index.json").toFile())
                .at("/manifests/0/digest")
                .asText());
    JsonNode config = blob(layout, manifest.at("/config/digest").asText()).get("config");
    assertEquals("65532:65532", config.get("User").asText(), "non-root");
    for (String port : List.of("10000/udp", "4096/udp", "8443/tcp", "8080/tcp")) {
      assertTrue(config.at("/ExposedPorts").has(port), "exposes " + port + ": " + config);
    }
    for (JsonNode layer : manifest.get("layers")) {
      run(
          work,
          "tar",
          "-xzf",
          layout
              .resolve("blobs/sha256")
              .resolve(layer.get("digest").asText().substring(7))
              .toString(),
          "-C",
          rootfs.toString());
    }
    assertFalse(Files.exists(rootfs.resolve("bin/sh")), "no shell in the image");

    List<String> entrypoint =
        JSON.convertValue(
            config.get("Entrypoint"),
            JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    int control = freePort();
    String script =
        "mount --bind rootfs rootfs && mount -o remount,bind,ro rootfs"
            + " && mount -t tmpfs tmpfs rootfs/tmp && mount -t proc proc rootfs/proc"
            // What every runtime gives a container in /dev.
            + " && mount -t tmpfs -o mode=755 tmpfs rootfs/dev"
            + " && for d in null zero random urandom; do"
            + " touch rootfs/dev/$d && mount --bind /dev/$d rootfs/dev/$d; done"
            + " && exec chroot --userspec="
            + config.get("User").asText()
            + " rootfs "
            + String.join(" ", entrypoint);
    ProcessBuilder container =
        new ProcessBuilder(
                "unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c", script)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("container.log").toFile());
    container.environment().put("OCTOPOD_BIND_ADDRESS", "127.0.0.1");
    container.environment().put("OCTOPOD_CONTROL_TOKEN", TOKEN);
    container.environment().put("OCTOPOD_CONTROL_PORT", Integer.toString(control));
    for (String port : List.of("MEDIA", "OCTO", "PUBLIC")) {
      container.environment().put("OCTOPOD_" + port + "_PORT", "0");
    }
    Process p = container.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String health = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long started = System.nanoTime();
      while (health == null && System.nanoTime() < deadline && p.isAlive()) {
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + control + "/about/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            health = r.body();
          }
        } catch (java.io.IOException e) {
          Thread.sleep(200);
        }
      }
      System.out.printf(
          "the image's bridge answered %s after %.1f s; size %d MiB%n",
          health, (System.nanoTime() - started) / 1e9, Files.size(image) / (1 << 20));
      assertTrue(
          health != null && health.contains("\"healthy\":true"),
          "healthy: " + health + "; log: " + Files.readString(work.resolve("container.log")));
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
