package io.octopod.e2e.controlplane;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a kubelet gives a pod so that it can talk to the API server as its ServiceAccount: a bound
 * token from the TokenRequest API (bound to the pod, so it dies with it), the cluster's CA and the
 * namespace, as files, plus the in-cluster variables {@code KUBERNETES_SERVICE_HOST} and {@code
 * KUBERNETES_SERVICE_PORT}.
 *
 * <p>A container finds the files at {@code /var/run/secrets/kubernetes.io/serviceaccount}; a
 * process shares the host's filesystem, so they are written under the pod's own directory and their
 * paths are passed in the variables the fabric8 client reads when the files are elsewhere ({@code
 * KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN}, {@code KUBERNETES_CERTS_CA_FILE}). The client's in-cluster
 * path is taken otherwise unchanged: same token, same RBAC.
 *
 * <p>The token is valid for an hour. Like a kubelet, the process kubelet replaces it before then
 * ({@link #REFRESH_AFTER}, 80 % of its life; {@link #refresh}); the fabric8 client re-reads the
 * file every minute and after a 401, so a demo left running all day keeps its API access.
 */
final class ServiceAccountProjection {

  private static final long TOKEN_SECONDS = 3600;

  /** When a kubelet replaces a projected token: at 80 % of its life. */
  static final java.time.Duration REFRESH_AFTER =
      java.time.Duration.ofSeconds(TOKEN_SECONDS * 8 / 10);

  private ServiceAccountProjection() {}

  /** Whether the pod asks for the token: automount unless it says false. */
  static boolean wanted(Pod pod) {
    return !Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken());
  }

  /**
   * Requests the token, writes the files under {@code directory} and returns the variables to add
   * to each container's environment.
   */
  static Map<String, String> project(KubernetesClient client, Pod pod, Path directory)
      throws IOException {
    String namespace = pod.getMetadata().getNamespace();
    Files.createDirectories(directory);
    Path token = refresh(client, pod, directory);
    Path ca = write(directory.resolve("ca.crt"), caCertificate(client));
    write(directory.resolve("namespace"), namespace);
    URL master = new URL(client.getMasterUrl().toString());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", master.getHost());
    env.put("KUBERNETES_SERVICE_PORT", Integer.toString(master.getPort()));
    env.put("KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", token.toString());
    env.put("KUBERNETES_CERTS_CA_FILE", ca.toString());
    return env;
  }

  /**
   * Requests a fresh token and puts it in place of the old one in a single rename, so that a
   * process reading the file never sees it half-written.
   *
   * @return the token file
   */
  static Path refresh(KubernetesClient client, Pod pod, Path directory) throws IOException {
    String namespace = pod.getMetadata().getNamespace();
    String account =
        pod.getSpec().getServiceAccountName() == null
            ? "default"
            : pod.getSpec().getServiceAccountName();
    // Bound to the pod when the pod names its account. The API server here runs without the
    // ServiceAccount admission plugin, which would fill in "default"; a pod that names none can't
    // be bound (the API server checks the names match), so it gets an unbound token for "default".
    TokenRequest request =
        pod.getSpec().getServiceAccountName() == null
            ? new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(TOKEN_SECONDS)
                .endSpec()
                .build()
            : new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(TOKEN_SECONDS)
                .withNewBoundObjectRef()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endBoundObjectRef()
                .endSpec()
                .build();
    TokenRequest granted =
        client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(request);
    Path token = directory.resolve("token");
    Path next = write(directory.resolve("token.next"), granted.getStatus().getToken());
    Files.move(
        next,
        token,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return token;
  }

  private static String caCertificate(KubernetesClient client) throws IOException {
    var config = client.getConfiguration();
    if (config.getCaCertData() != null) {
      return new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8);
    }
    if (config.getCaCertFile() != null) {
      return Files.readString(Path.of(config.getCaCertFile()));
    }
    throw new IOException("the cluster's client has no CA certificate to project");
  }

  private static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    return file;
  }
}
