package io.octopod.operator.pool;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.octopod.operator.bridges.BridgeDirectory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The peer clusters whose bridges this operator may use (ARCHITECTURE.md, "Many clusters"). A peer
 * is a Secret in the operator's namespace labelled {@value #LABEL} (its value names the peer),
 * holding a kubeconfig for the peer's API server under {@value #KUBECONFIG_KEY}; the annotation
 * {@value #NAMESPACES_ANNOTATION} lists the peer namespaces to read (default: the kubeconfig
 * context's namespace, else {@code octopod}). The peer's BridgePools, their pods and control tokens
 * are read, never written: the peer's own operator runs them. Their bridges join the directory
 * under {@code peer/<secret>/<namespace>}, and from there the join service may place participants
 * on them and the conference's mesh wires Octo to them, over their advertised addresses.
 *
 * <p>Secrets are looked up every {@link #REFRESH}; a changed kubeconfig replaces the client, a
 * removed Secret takes its bridges out. A peer whose API server does not answer keeps the bridges
 * last seen: the directory's own polls of the bridges say whether they are alive.
 */
public final class PeerClusters implements AutoCloseable {

  public static final String LABEL = "octopod.io/peer-cluster";
  public static final String KUBECONFIG_KEY = "kubeconfig";
  public static final String NAMESPACES_ANNOTATION = "octopod.io/peer-namespaces";
  static final long REFRESH_SECONDS = 5;
  private static final Logger LOG = Logger.getLogger(PeerClusters.class.getName());

  private record Peer(String kubeconfig, KubernetesClient client, PoolDirectoryFeed feed) {}

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final String namespace;
  private final Map<String, Peer> peers = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peer-clusters");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param namespace where the peer Secrets are (the operator's own namespace)
   */
  public PeerClusters(KubernetesClient client, BridgeDirectory directory, String namespace) {
    this.client = client;
    this.directory = directory;
    this.namespace = namespace;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::refreshSafely, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  /** The peers in use, by Secret name. */
  public synchronized Set<String> peers() {
    return Set.copyOf(peers.keySet());
  }

  private void refreshSafely() {
    try {
      refresh();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "peer clusters: the API server did not answer", e);
    }
  }

  private synchronized void refresh() {
    Set<String> seen = new HashSet<>();
    for (Secret secret :
        client.secrets().inNamespace(namespace).withLabel(LABEL).list().getItems()) {
      String name = secret.getMetadata().getName();
      String kubeconfig = kubeconfig(secret);
      if (kubeconfig == null) {
        LOG.warning(() -> "peer Secret " + name + " has no '" + KUBECONFIG_KEY + "' key");
        continue;
      }
      seen.add(name);
      Peer peer = peers.get(name);
      if (peer == null || !peer.kubeconfig().equals(kubeconfig)) {
        if (peer != null) {
          forget(peer);
        }
        try {
          peer = connect(secret, kubeconfig);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "peer Secret " + name + ": not a usable kubeconfig", e);
          peers.remove(name);
          continue;
        }
        peers.put(name, peer);
        LOG.info(() -> "peer cluster " + name + " added");
      }
      try {
        peer.feed().feed();
      } catch (KubernetesClientException e) {
        LOG.log(Level.INFO, "peer cluster " + name + " did not answer: " + e.getMessage());
      }
    }
    for (String gone : new HashSet<>(peers.keySet())) {
      if (!seen.contains(gone)) {
        forget(peers.remove(gone));
        LOG.info(() -> "peer cluster " + gone + " removed");
      }
    }
  }

  private Peer connect(Secret secret, String kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig);
    KubernetesClient peerClient = new KubernetesClientBuilder().withConfig(config).build();
    String listed =
        secret.getMetadata().getAnnotations() == null
            ? null
            : secret.getMetadata().getAnnotations().get(NAMESPACES_ANNOTATION);
    Set<String> namespaces =
        listed != null
            ? Arrays.stream(listed.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet())
            : Set.of(config.getNamespace() == null ? "octopod" : config.getNamespace());
    String prefix = "peer/" + secret.getMetadata().getName() + "/";
    return new Peer(
        kubeconfig, peerClient, new PoolDirectoryFeed(peerClient, directory, namespaces, prefix));
  }

  private static void forget(Peer peer) {
    peer.feed().clear();
    peer.client().close();
  }

  private static String kubeconfig(Secret secret) {
    if (secret.getData() != null && secret.getData().get(KUBECONFIG_KEY) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(KUBECONFIG_KEY)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(KUBECONFIG_KEY);
    }
    return null;
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    peers.values().forEach(PeerClusters::forget);
    peers.clear();
  }
}
