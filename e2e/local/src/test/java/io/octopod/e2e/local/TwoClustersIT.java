package io.octopod.e2e.local;

import static io.octopod.e2e.local.MeetingPages.inbound;
import static io.octopod.e2e.local.MeetingPages.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.octopod.bridge.browser.WebDriverSession;
import io.octopod.e2e.controlplane.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clusters, each a control plane with its own operator and one region's BridgePool
 * (ARCHITECTURE "Many clusters"): the us-east cluster is given the ap-southeast cluster as a peer
 * through a kubeconfig Secret, and its Conference places a participant on each cluster's bridge,
 * joined by Octo. The ap-southeast operator, which knows nothing of the Conference, still runs its
 * bridge and reports its load.
 */
class TwoClustersIT {

  private static final ObjectMapper JSON = MeetingPages.JSON;
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static LocalOctopod east;
  private static LocalOctopod southeast;

  @BeforeAll
  static void start() throws Exception {
    long started = System.nanoTime();
    east = LocalOctopod.start("cluster-us-east", List.of("us-east"), 1, 1, true);
    southeast = LocalOctopod.start("cluster-ap-southeast", List.of("ap-southeast"), 1, 1, false);
    System.out.printf("two clusters up in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  @AfterAll
  static void stop() {
    if (east != null) {
      east.close();
    }
    if (southeast != null) {
      southeast.close();
    }
  }

  @Test
  void aConferenceInOneClusterUsesBridgesInBoth() throws Exception {
    // The peer: a kubeconfig for the other cluster's API server, labelled as the operator expects,
    // with a token of the chart's read-only peer account there (what the chart's NOTES describe),
    // so that its RBAC is what this test exercises.
    String kubeconfig = peerReaderKubeconfig(southeast);
    try (var asPeer =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig))
            .build()) {
      // Read-only, and only the pools' own Secrets: not the conference keys, not a list.
      var refused =
          assertThrows(
              io.fabric8.kubernetes.client.KubernetesClientException.class,
              () -> asPeer.secrets().inNamespace(LocalOctopod.NAMESPACE).list());
      assertEquals(403, refused.getCode(), "" + refused);
      assertEquals(
          1,
          asPeer
              .pods()
              .inNamespace(LocalOctopod.NAMESPACE)
              .withLabel("octopod.io/pool", "ap-southeast")
              .list()
              .getItems()
              .size());
    }
    east.client()
        .secrets()
        .inNamespace(LocalOctopod.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("peer-ap-southeast")
                .addToLabels("octopod.io/peer-cluster", "ap-southeast")
                .addToAnnotations("octopod.io/peer-namespaces", LocalOctopod.NAMESPACE)
                .endMetadata()
                .addToStringData("kubeconfig", kubeconfig)
                .build())
        .create();

    Map<String, String> regionOf = Map.of("ann", "us-east", "cat", "ap-southeast");
    Map<String, WebDriverSession> pages = new LinkedHashMap<>();
    try {
      long opened = 0;
      for (String name : List.of("ann", "cat")) {
        WebDriverSession page = WebDriverSession.start();
        pages.put(name, page);
        // The peer's bridges enter the directory within a refresh or two; until then cat's join
        // is refused for want of a bridge in its region, or placed in us-east. Wait for the peer.
        if (name.equals("cat")) {
          Await.until(WAIT, "the peer's bridge in the directory", TwoClustersIT::peerBridgeKnown);
        }
        page.navigate(east.meetingUrl(name, regionOf.get(name)));
        opened = System.nanoTime();
      }
      try {
        Await.until(
            WAIT,
            "ann and cat decoding each other",
            () ->
                pages.values().stream()
                    .allMatch(p -> inbound(p).path("videoDecoding").asInt() >= 1));
      } finally {
        System.out.println(
            east.cluster().kubectl("get", "conferences,bridgepools,secrets", "-n", "octopod"));
        System.out.println(southeast.cluster().kubectl("get", "bridgepools,pods", "-n", "octopod"));
      }
      System.out.printf(
          "decoding each other across the clusters %.1f s after the second page opened%n",
          (System.nanoTime() - opened) / 1e9);
      JsonNode cat = state(pages.get("cat"));
      assertEquals("ap-southeast-0", cat.path("bridge").path("relayId").asText(), "" + cat);
      // The Conference status follows the join: the operator writes it on its next reconcile of
      // the room, so it may still show one bridge the moment the pages decode.
      Await.until(
          WAIT,
          "the Conference status to list two bridges",
          () -> conferenceStatus().path("bridgeCount").asInt() == 2);
      JsonNode status = conferenceStatus();
      assertEquals(2, status.path("bridgeCount").asInt(), "" + status);
      boolean peerBridge = false;
      for (JsonNode b : status.path("bridges")) {
        peerBridge |=
            "ap-southeast-0".equals(b.path("relayId").asText())
                && "ap-southeast".equals(b.path("region").asText());
      }
      assertTrue(peerBridge, "the Conference lists the peer cluster's bridge: " + status);
      // The peer's own operator reports the participant on its bridge.
      Await.until(
          WAIT,
          "the ap-southeast cluster's pool to count cat",
          () -> {
            var pool =
                southeast
                    .client()
                    .genericKubernetesResources("octopod.io/v1alpha1", "BridgePool")
                    .inNamespace(LocalOctopod.NAMESPACE)
                    .withName("ap-southeast")
                    .get();
            JsonNode s = JSON.valueToTree(pool.getAdditionalProperties().get("status"));
            return s.path("bridges").path(0).path("participants").asInt() == 1;
          });
    } finally {
      pages.values().forEach(WebDriverSession::close);
    }
  }

  /** A kubeconfig for {@code peer}'s API server as its chart's {@code octopod-peer-reader}. */
  private static String peerReaderKubeconfig(LocalOctopod peer) throws Exception {
    var token =
        peer.client()
            .serviceAccounts()
            .inNamespace(LocalOctopod.NAMESPACE)
            .withName(LocalOctopod.RELEASE + "-peer-reader")
            .tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build());
    var config = peer.client().getConfiguration();
    String ca =
        config.getCaCertData() != null
            ? config.getCaCertData()
            : java.util.Base64.getEncoder()
                .encodeToString(java.nio.file.Files.readAllBytes(Path.of(config.getCaCertFile())));
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: peer",
        "  cluster:",
        "    server: " + config.getMasterUrl(),
        "    certificate-authority-data: " + ca,
        "users:",
        "- name: peer-reader",
        "  user:",
        "    token: " + token.getStatus().getToken(),
        "contexts:",
        "- name: peer",
        "  context: {cluster: peer, user: peer-reader, namespace: " + LocalOctopod.NAMESPACE + "}",
        "current-context: peer",
        "");
  }

  /**
   * Whether the us-east operator's directory holds both clusters' bridges, ready: its metrics count
   * the directory's bridges by state.
   */
  private static boolean peerBridgeKnown() {
    try {
      String pod = east.focusAddress().orElseThrow().split(":")[0];
      String metrics =
          new String(
              java.net
                  .URI
                  .create("http://" + pod + ":8081/metrics")
                  .toURL()
                  .openStream()
                  .readAllBytes());
      return metrics.contains("octopod_operator_bridges{state=\"READY\"} 2");
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode conferenceStatus() {
    var conference =
        east.client()
            .genericKubernetesResources("octopod.io/v1alpha1", "Conference")
            .inNamespace(LocalOctopod.NAMESPACE)
            .withName(LocalOctopod.ROOM)
            .get();
    return JSON.valueToTree(conference.getAdditionalProperties().get("status"));
  }
}
