package io.octopod.e2e.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kubernetes and etcd versions, read from {@code scripts/kube-version.env}: the one place they
 * are pinned, shared with the script that builds the binaries.
 */
public record KubeVersion(String kubernetes, String etcd, Path repository) {

  /** Finds the repository (from {@code octopod.repo.dir}, else upwards from here) and reads it. */
  public static KubeVersion fromRepository() {
    Path repo = repositoryRoot();
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(repo.resolve("scripts/kube-version.env"))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubeVersion(
        p.getProperty("KUBE_VERSION").trim(), p.getProperty("ETCD_VERSION").trim(), repo);
  }

  static Path repositoryRoot() {
    String configured = System.getProperty("octopod.repo.dir");
    if (configured != null
        && Files.isRegularFile(Path.of(configured, "scripts/kube-version.env"))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("scripts/kube-version.env"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "scripts/kube-version.env not found above " + Path.of("").toAbsolutePath());
  }

  /** Where the binaries live: the directory io.fabric8:kube-api-test reads. */
  public Path binaries() {
    String base = System.getenv("KUBE_API_TEST_DIR");
    Path root =
        base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".kubeapitest");
    return root.resolve("k8s").resolve(kubernetes + "-linux-amd64");
  }

  /** Fails with the command that builds the binaries when one is missing. */
  public Path requireBinary(String name) {
    Path binary = binaries().resolve(name);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary
              + " is missing; build the control plane with scripts/kube-binaries.sh (make test does)");
    }
    return binary;
  }
}
