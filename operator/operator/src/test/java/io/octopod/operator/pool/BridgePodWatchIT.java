package io.octopod.operator.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.bridge.Bridge;
import io.octopod.bridge.config.BridgeConfig;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.model.PoolLabels;
import io.octopod.operator.selection.BridgeState;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pod watch on a real API server: a bridge pod whose Ready condition turns False (as its
 * kubelet writes it when the readiness probe fails, or at once when the process exits) or that is
 * deleted is out of the choice at once, and checked: dead if it does not answer, kept (not Ready,
 * so taking no one new) if it does. No pool sync or directory poll runs here, so only the watch can
 * have told the directory.
 */
class BridgePodWatchIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NS = "pod-watch";
  private static final String TOKEN = "pod-watch-test-token-0123";

  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static Bridge live;
  private static BridgeDirectory directory;
  private static BridgePodWatch watch;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.start("pod-watch-it");
    client = cluster.client();
    cluster.createNamespace(NS);
    live = Bridge.start(BridgeConfig.loopback("us-east", "us-east-1", TOKEN));
    int refused;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = closed.getLocalPort();
    }
    directory = new BridgeDirectory(Clock.systemUTC()); // not started: no polls of its own
    directory.syncPool(
        NS,
        "us-east",
        List.of(
            known("us-east-0", refused),
            known("us-east-1", live.controlPort()),
            known("us-east-2", live.controlPort())));
    Await.until(WAIT, "the live bridge answering", () -> directory.pollNow("us-east-1"));
    for (String name : List.of("us-east-0", "us-east-1", "us-east-2")) {
      createReadyPod(name);
    }
    watch = new BridgePodWatch(client, directory, Set.of(NS));
    watch.start();
  }

  @AfterAll
  static void stop() {
    if (watch != null) {
      watch.close();
    }
    if (directory != null) {
      directory.close();
    }
    if (live != null) {
      live.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPodThatStopsBeingReadyAndDoesNotAnswerIsDead() {
    setReady("us-east-0", false);
    Await.until(
        WAIT,
        "us-east-0 dead in the directory",
        () -> directory.get("us-east-0").orElseThrow().state() == BridgeState.UNHEALTHY);
    assertEquals(false, directory.get("us-east-0").orElseThrow().podReady());
  }

  @Test
  void aPodThatStopsBeingReadyButAnswersTakesNoOneNewAndStays() {
    setReady("us-east-1", false);
    Await.until(
        WAIT,
        "us-east-1 not Ready in the directory",
        () -> !directory.get("us-east-1").orElseThrow().podReady());
    Await.until(WAIT, "its check answered", () -> !directory.lastPollFailed("us-east-1"));
    assertEquals(BridgeState.NOT_READY, directory.get("us-east-1").orElseThrow().state());
  }

  @Test
  void aDeletedPodIsOutOfTheChoiceAtOnce() {
    client.pods().inNamespace(NS).withName("us-east-2").withGracePeriod(0).delete();
    Await.until(
        WAIT,
        "us-east-2 not Ready in the directory",
        () -> !directory.get("us-east-2").orElseThrow().podReady());
    assertTrue(directory.get("us-east-2").isPresent(), "the pool sync, not the watch, removes it");
  }

  private static KnownBridge known(String relayId, int controlPort) {
    return new KnownBridge(
        relayId,
        NS,
        "us-east",
        "us-east",
        true,
        "127.0.0.1:" + controlPort,
        "127.0.0.1:4096",
        "127.0.0.1",
        null,
        TOKEN,
        0.8,
        false,
        null,
        null,
        0);
  }

  private static void createReadyPod(String name) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withLabels(PoolLabels.all("us-east", "us-east"))
            .endMetadata()
            .withNewSpec()
            // No scheduler takes it, so that only this test writes its status (as its kubelet).
            .withSchedulerName("nobody")
            .addNewContainer()
            .withName("bridge")
            .withImage("octopod-bridge")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace(NS).resource(pod).create();
    setReady(name, true);
  }

  /** Writes the pod's Ready condition, as its kubelet does. */
  private static void setReady(String name, boolean ready) {
    Pod pod = client.pods().inNamespace(NS).withName(name).get();
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .build());
    client.pods().inNamespace(NS).resource(pod).updateStatus();
  }
}
