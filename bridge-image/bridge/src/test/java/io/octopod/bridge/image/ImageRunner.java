package io.octopod.bridge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Builds an image with scripts/build-image.sh and runs it the way a container runtime would,
 * without one: the OCI layout unpacked, its layers extracted into a root, the entrypoint run in its
 * own mount and PID namespaces on that root mounted read-only, with a tmpfs /tmp, /proc, the usual
 * /dev nodes, as the image's user. Needs root (unshare, mount, chroot), as CI has.
 */
public final class ImageRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An unpacked image: its root and its config. */
  public record Unpacked(Path work, Path rootfs, JsonNode config, long size) {}

  private ImageRunner() {}

  public static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("scripts/build-image.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }

  /** Builds target/images/{name}.oci.tar from a runnable jar and unpacks it. */
  public static Unpacked buildAndUnpack(String name, String jar, String ports) throws Exception {
    Path repo = repository();
    System.out.print(run(repo, "scripts/build-image.sh", name, jar, ports));
    Path image = repo.resolve("target/images/" + name + ".oci.tar");
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
    for (JsonNode layer : manifest.get("layers")) {
      run(
          work,
          "tar",
          "-xzf",
          blobPath(layout, layer.get("digest").asText()).toString(),
          "-C",
          rootfs.toString());
    }
    return new Unpacked(work, rootfs, config, Files.size(image));
  }

  private static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static JsonNode blob(Path layout, String digest) throws Exception {
    return JSON.readTree(blobPath(layout, digest).toFile());
  }

  /**
   * Starts the image's entrypoint. {@code files} are host files bind-mounted read-only at the given
   * paths inside (a kubeconfig, say). Output goes to {@code container.log} beside the root.
   */
  public static Process start(Unpacked image, Map<String, String> env, Map<Path, String> files)
      throws Exception {
    StringBuilder script =
        new StringBuilder("set -e; mount --bind rootfs rootfs; mount -o remount,bind,ro rootfs; ");
    // Mounted after the read-only root (a bind of the root would hide them), read-only too.
    for (Map.Entry<Path, String> f : files.entrySet()) {
      Path target = image.rootfs().resolve(f.getValue().substring(1));
      Files.createDirectories(target.getParent());
      Files.writeString(target, "");
      script
          .append("mount --bind ")
          .append(f.getKey())
          .append(" rootfs")
          .append(f.getValue())
          .append("; mount -o remount,bind,ro rootfs")
          .append(f.getValue())
          .append("; ");
    }
    script
        .append("mount -t tmpfs tmpfs rootfs/tmp; mount -t proc proc rootfs/proc; ")
        .append("mount -t tmpfs -o mode=755 tmpfs rootfs/dev; ")
        .append(
            "for d in null zero random urandom; do touch rootfs/dev/$d; mount --bind /dev/$d rootfs/dev/$d; done; ")
        .append("exec chroot --userspec=")
        .append(image.config().get("User").asText())
        .append(" rootfs");
    for (JsonNode arg : image.config().get("Entrypoint")) {
      script.append(' ').append(arg.asText());
    }
    List<String> command =
        new ArrayList<>(
            List.of("unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c"));
    command.add(script.toString());
    ProcessBuilder container =
        new ProcessBuilder(command)
            .directory(image.work().toFile())
            .redirectErrorStream(true)
            .redirectOutput(image.work().resolve("container.log").toFile());
    container.environment().putAll(env);
    return container.start();
  }

  public static String log(Unpacked image) throws Exception {
    return Files.readString(image.work().resolve("container.log"));
  }

  /**
   * Stops the container: kills its processes first (the entrypoint is PID 1 of the namespace, so
   * killing it ends the namespace), then unshare. unshare's --kill-child alone is not enough: the
   * parent-death signal is cleared when chroot switches to the image's user.
   */
  public static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }
}
