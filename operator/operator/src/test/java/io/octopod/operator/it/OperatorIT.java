package io.octopod.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.octopod.api.v1alpha1.Autoscaling;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.Condition;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.operator.OctopodOperator;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.join.JoinService;
import io.octopod.protocol.control.BridgeStats;
import io.octopod.protocol.control.ConferenceInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator against the real control plane, with the process kubelet running real bridge
 * processes in two regions. The tests build on each other, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String NS = "octopod";

  private static LocalCluster cluster;
  private static KubernetesClient client;
  private static OctopodOperator operator;

  @BeforeAll
  static void start() throws Exception {
    cluster = TwoRegionCluster.start("operator-it");
    client = cluster.client();
    operator = OctopodOperator.start(client, OctopodOperator.Settings.forTests(Set.of(NS)));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static MixedOperation<BridgePool, ?, Resource<BridgePool>> pools() {
    return client.resources(BridgePool.class);
  }

  private static MixedOperation<Conference, ?, Resource<Conference>> conferences() {
    return client.resources(Conference.class);
  }

  private static BridgePool pool(String name, String region, Integer replicas) {
    return TwoRegionCluster.pool(name, region, replicas);
  }

  private static boolean poolReady(String name, int replicas) {
    BridgePool p = pools().inNamespace(NS).withName(name).get();
    return p != null
        && p.getStatus() != null
        && p.getStatus().getReadyReplicas() != null
        && p.getStatus().getReadyReplicas() == replicas
        && Condition.TRUE.equals(
            io.octopod.operator.model.Conditions.status(
                p.getStatus().getConditions(), Condition.READY));
  }

  private static BridgeStats stats(String relayId) throws Exception {
    KnownBridge bridge = operator.directory().get(relayId).orElseThrow();
    return bridge.client().stats();
  }

  @Test
  @Order(1)
  void invalidBridgePoolsAreRefusedByTheApiServer() {
    KubernetesClientException noRegion =
        assertThrows(
            KubernetesClientException.class,
            () -> pools().inNamespace(NS).resource(pool("bad-1", null, 1)).create());
    assertTrue(
        noRegion.getMessage().contains("spec.region: Required value"), noRegion.getMessage());
    KubernetesClientException negative =
        assertThrows(
            KubernetesClientException.class,
            () -> pools().inNamespace(NS).resource(pool("bad-2", "us-east", -1)).create());
    assertTrue(negative.getMessage().contains("spec.replicas"), negative.getMessage());
    BridgePool minOverMax = pool("bad-3", "us-east", null);
    Autoscaling autoscaling = new Autoscaling();
    autoscaling.setMinReplicas(5);
    autoscaling.setMaxReplicas(2);
    minOverMax.getSpec().setAutoscaling(autoscaling);
    KubernetesClientException cel =
        assertThrows(
            KubernetesClientException.class,
            () -> pools().inNamespace(NS).resource(minOverMax).create());
    assertTrue(
        cel.getMessage()
            .contains("autoscaling.minReplicas must not exceed autoscaling.maxReplicas"),
        cel.getMessage());
  }

  @Test
  @Order(2)
  void poolsScheduleBridgesOntoTheirRegionAndBecomeReady() throws Exception {
    pools().inNamespace(NS).resource(pool("us-east", "us-east", 1)).create();
    pools().inNamespace(NS).resource(pool("ap-southeast", "ap-southeast", 1)).create();
    Await.until(
        WAIT, "both pools Ready", () -> poolReady("us-east", 1) && poolReady("ap-southeast", 1));
    Pod east = client.pods().inNamespace(NS).withName("us-east-0").get();
    Pod ap = client.pods().inNamespace(NS).withName("ap-southeast-0").get();
    assertEquals("node-us-east-0", east.getSpec().getNodeName());
    assertEquals("node-ap-southeast-0", ap.getSpec().getNodeName());
    assertEquals(
        "us-east",
        stats("us-east-0").region(),
        "the bridge got its region from the pool's ConfigMap");
    String table = cluster.kubectl("get", "bridgepools", "-n", NS);
    System.out.println(table);
    assertTrue(
        table
            .lines()
            .findFirst()
            .orElseThrow()
            .matches("NAME\\s+REGION\\s+READY\\s+DESIRED\\s+STRESS\\s+AGE\\s*"),
        table);
    assertTrue(
        table.lines().anyMatch(l -> l.matches("us-east\\s+us-east\\s+1\\s+1\\s+0\\.00\\s+.*")),
        table);
  }

  @Test
  @Order(3)
  void participantsFromTwoRegionsLandNearThemAndAreJoinedByOcto() throws Exception {
    conferences().inNamespace(NS).resource(conference("standup")).create();
    JoinService.Assignment alice = operator.joins().join(NS, "standup", "alice", "us-east", null);
    JoinService.Assignment bob = operator.joins().join(NS, "standup", "bob", "ap-southeast", null);
    assertEquals("us-east-0", alice.relayId());
    assertEquals("ap-southeast-0", bob.relayId());
    // Within a second, not at the next reconciliation: the join rewires at once.
    Await.until(
        Duration.ofSeconds(1),
        "both bridges to hold each other as Octo peers",
        () -> {
          try {
            return peers("us-east-0", "octopod.standup").equals(List.of("ap-southeast-0"))
                && peers("ap-southeast-0", "octopod.standup").equals(List.of("us-east-0"));
          } catch (Exception e) {
            return false;
          }
        });
    ConferenceInfo onEast = conferenceOn("us-east-0", "octopod.standup");
    assertEquals("bob", onEast.remoteEndpoints().get(0).endpointId());
    assertEquals(1, onEast.octoKeyId());
    Await.until(
        WAIT,
        "the Conference status to show 2 bridges and 1 Octo link",
        () -> {
          Conference c = conferences().inNamespace(NS).withName("standup").get();
          return c.getStatus() != null
              && c.getStatus().getBridgeCount() != null
              && c.getStatus().getBridgeCount() == 2
              && c.getStatus().getOctoLinks().size() == 1
              && c.getStatus().getParticipants() == 2;
        });
    Conference c = conferences().inNamespace(NS).withName("standup").get();
    assertEquals(Map.of("ap-southeast", 1, "us-east", 1), c.getStatus().getParticipantsByRegion());
    assertNotEquals(
        c.getStatus().getBridges().get(0).getRelayNumber(),
        c.getStatus().getBridges().get(1).getRelayNumber());
    System.out.println(cluster.kubectl("get", "conferences", "-n", NS));
    String metrics = operator.metrics().scrape();
    assertTrue(metrics.contains("octopod_operator_assignments_total{outcome="), metrics);
  }

  @Test
  @Order(4)
  void aBurstOfJoinsIsPlacedInParallelWithoutOverfillingOrMiswiring() throws Exception {
    Conference burst = conference("burst");
    burst.getSpec().setMaxParticipants(4);
    conferences().inNamespace(NS).resource(burst).create();
    // Six joins at once, as when a bridge fails and its participants all rejoin: the room's limit
    // must count the placements still in flight, and the mesh must end up whole.
    int joiners = 6;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(joiners);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<JoinService.Assignment>> results = new java.util.ArrayList<>();
    for (int i = 0; i < joiners; i++) {
      String endpoint = "burst-" + i;
      String region = i % 2 == 0 ? "us-east" : "ap-southeast";
      results.add(
          pool.submit(
              () -> {
                go.await();
                return operator.joins().join(NS, "burst", endpoint, region, null);
              }));
    }
    go.countDown();
    Map<String, List<String>> placed = new java.util.TreeMap<>();
    int full = 0;
    try {
      for (int i = 0; i < joiners; i++) {
        try {
          JoinService.Assignment a = results.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
          placed.computeIfAbsent(a.relayId(), r -> new java.util.ArrayList<>()).add("burst-" + i);
        } catch (java.util.concurrent.ExecutionException e) {
          JoinService.JoinRefusedException refused =
              assertInstanceOf(JoinService.JoinRefusedException.class, e.getCause());
          assertEquals(JoinService.JoinRefusedException.ROOM_FULL, refused.code());
          full++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, full, "placed " + placed);
    assertEquals(4, placed.values().stream().mapToInt(List::size).sum(), "placed " + placed);
    // Every bridge in use knows each other bridge's participants, within a couple of seconds (the
    // joins rewire at once; this leaves room for a stats poll racing the last of them).
    Await.until(
        Duration.ofSeconds(2),
        "every bridge of the burst to know the participants on the others: " + placed,
        () -> {
          try {
            return meshIsWhole("octopod.burst", placed);
          } catch (Exception e) {
            return false;
          }
        });
    conferences().inNamespace(NS).withName("burst").delete();
    Await.until(
        WAIT,
        "the burst Conference to be gone",
        () -> conferences().inNamespace(NS).withName("burst").get() == null);
  }

  /** Whether each bridge hosts its participants and knows those on every other bridge. */
  private static boolean meshIsWhole(String conferenceId, Map<String, List<String>> placed)
      throws Exception {
    for (String relayId : placed.keySet()) {
      ConferenceInfo info = conferenceOn(relayId, conferenceId);
      List<String> others =
          placed.entrySet().stream()
              .filter(e -> !e.getKey().equals(relayId))
              .flatMap(e -> e.getValue().stream())
              .sorted()
              .toList();
      List<String> known =
          info.remoteEndpoints().stream()
              .map(io.octopod.protocol.control.RemoteEndpoint::endpointId)
              .sorted()
              .toList();
      if (!others.equals(known) || info.endpoints().size() != placed.get(relayId).size()) {
        return false;
      }
    }
    return true;
  }

  private static Conference conference(String name) {
    Conference c = new Conference();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(NS);
    c.setSpec(new ConferenceSpec());
    return c;
  }

  private static ConferenceInfo conferenceOn(String relayId, String conferenceId) throws Exception {
    return stats(relayId).conferences().stream()
        .filter(i -> i.conferenceId().equals(conferenceId))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> peers(String relayId, String conferenceId) throws Exception {
    return conferenceOn(relayId, conferenceId).octoRelays();
  }

  @Test
  @Order(5)
  void aRestartedOperatorRebuildsItsViewAndLosesNoConference() throws Exception {
    operator.close();
    operator = OctopodOperator.start(client, OctopodOperator.Settings.forTests(Set.of(NS)));
    Await.until(
        WAIT,
        "the new operator to know both bridges from their stats",
        () -> operator.directory().hosting("octopod.standup").size() == 2);
    JoinService.Assignment carol = operator.joins().join(NS, "standup", "carol", "us-east", null);
    assertEquals(
        "us-east-0", carol.relayId(), "the bridge already in the conference, in carol's region");
    Await.until(
        WAIT,
        "the status to count 3 participants on the same 2 bridges",
        () -> {
          Conference c = conferences().inNamespace(NS).withName("standup").get();
          return c.getStatus().getParticipants() == 3 && c.getStatus().getBridgeCount() == 2;
        });
  }

  @Test
  @Order(6)
  void scalingDownDrainsTheBridgeFirst() throws Exception {
    scaleUsEast(2);
    Await.until(WAIT, "us-east to have 2 Ready bridges", () -> poolReady("us-east", 2));
    Await.until(
        WAIT,
        "the directory to have fresh stats of us-east-1",
        () -> operator.directory().get("us-east-1").map(b -> b.stats() != null).orElse(false));
    conferences().inNamespace(NS).resource(conference("drain")).create();
    JoinService.Assignment frank = operator.joins().join(NS, "drain", "frank", "us-east", null);
    assertEquals("us-east-1", frank.relayId(), "the least loaded bridge of the region");

    scaleUsEast(1);
    Await.until(WAIT, "us-east-1 to drain", () -> "draining".equals(statsOrNull("us-east-1")));
    JoinService.Assignment grace = operator.joins().join(NS, "drain", "grace", "us-east", null);
    assertEquals("us-east-0", grace.relayId(), "no new participant goes to a draining bridge");
    assertTrue(
        client.pods().inNamespace(NS).withName("us-east-1").get() != null,
        "the bridge stays while frank is on it");
    JoinService.Assignment hank = operator.joins().join(NS, "drain", "hank", "us-east", null);
    assertEquals("us-east-0", hank.relayId());

    // The pool grows back before us-east-1 emptied: its drain is called off, on the bridge too,
    // and it takes participants again (it has 1, us-east-0 has 2).
    scaleUsEast(2);
    Await.until(
        WAIT, "us-east-1's drain to be called off", () -> "ready".equals(statsOrNull("us-east-1")));
    Await.until(
        WAIT,
        "the directory to see us-east-1 ready again",
        () ->
            operator
                .directory()
                .get("us-east-1")
                .map(b -> !b.draining() && b.stats() != null && "ready".equals(b.stats().state()))
                .orElse(false));
    JoinService.Assignment ivy = operator.joins().join(NS, "drain", "ivy", "us-east", null);
    assertEquals("us-east-1", ivy.relayId(), "the bridge whose drain was called off takes ivy");

    // Down again: this time it drains to the end.
    scaleUsEast(1);
    Await.until(
        WAIT, "us-east-1 to drain again", () -> "draining".equals(statsOrNull("us-east-1")));
    assertTrue(operator.joins().leave(NS, "drain", "ivy"));
    assertTrue(operator.joins().leave(NS, "drain", "frank"));
    Await.until(
        WAIT,
        "the drained bridge to leave once empty",
        () -> client.pods().inNamespace(NS).withName("us-east-1").get() == null);
    assertEquals(
        1,
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("us-east")
            .get()
            .getSpec()
            .getReplicas());
  }

  /**
   * Sets us-east's replicas with a patch, not an update: the operator writes the pool's status in
   * between, and an update of what was read before would fail on the resourceVersion.
   */
  private static void scaleUsEast(int replicas) {
    pools()
        .inNamespace(NS)
        .withName("us-east")
        .edit(
            pool -> {
              pool.getSpec().setReplicas(replicas);
              return pool;
            });
  }

  private static String scrape(OctopodOperator instance) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + instance.metricsPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String statsOrNull(String relayId) {
    try {
      return stats(relayId).state();
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  @Order(7)
  void theKeyRotatesOnScheduleAndSuspendRemovesEveryone() throws Exception {
    Conference standup = conferences().inNamespace(NS).withName("standup").get();
    standup.getSpec().setOctoKeyRotation("2s");
    conferences().inNamespace(NS).resource(standup).update();
    Await.until(
        WAIT,
        "both bridges to switch to a rotated key",
        () -> {
          try {
            return conferenceOn("us-east-0", "octopod.standup").octoKeyId() >= 2
                && conferenceOn("ap-southeast-0", "octopod.standup").octoKeyId() >= 2;
          } catch (Exception e) {
            return false;
          }
        });
    assertTrue(
        client
            .secrets()
            .inNamespace(NS)
            .withName("standup-octo-key")
            .get()
            .getData()
            .containsKey("previousKey"),
        "the previous key stays, so packets in flight still open");

    standup = conferences().inNamespace(NS).withName("standup").get();
    standup.getSpec().setSuspend(true);
    conferences().inNamespace(NS).resource(standup).update();
    Await.until(
        WAIT,
        "the suspended conference to leave every bridge",
        () -> operator.directory().hosting("octopod.standup").isEmpty());
    Await.until(
        WAIT,
        "the status to say Suspended",
        () -> {
          Conference c = conferences().inNamespace(NS).withName("standup").get();
          return c.getStatus().getConditions().stream()
              .anyMatch(x -> x.getType().equals("Ready") && "Suspended".equals(x.getReason()));
        });
    JoinService.JoinRefusedException refused =
        assertThrows(
            JoinService.JoinRefusedException.class,
            () -> operator.joins().join(NS, "standup", "dave", "us-east", null));
    assertTrue(refused.getMessage().contains("suspended"), refused.getMessage());
  }

  @Test
  @Order(8)
  void deletingAConferenceExpiresItOnEveryBridge() throws Exception {
    conferences().inNamespace(NS).withName("standup").delete();
    Await.until(
        WAIT,
        "the Conference to be gone",
        () -> conferences().inNamespace(NS).withName("standup").get() == null);
    for (String relayId : List.of("us-east-0", "ap-southeast-0")) {
      assertTrue(
          stats(relayId).conferences().stream()
              .noneMatch(i -> i.conferenceId().equals("octopod.standup")),
          relayId);
    }
    Await.until(
        WAIT,
        "the key Secret, owned by the Conference, to be garbage-collected",
        () -> client.secrets().inNamespace(NS).withName("standup-octo-key").get() == null);
  }

  @Test
  @Order(9)
  void withLeaderElectionOnlyOneOfTwoOperatorsReconciles() throws Exception {
    operator.close();
    operator = null;
    OctopodOperator a =
        OctopodOperator.start(
            client,
            new OctopodOperator.Settings(
                Set.of(NS), NS, "operator-a", true, "127.0.0.1", 0, false));
    OctopodOperator b =
        OctopodOperator.start(
            client,
            new OctopodOperator.Settings(
                Set.of(NS), NS, "operator-b", true, "127.0.0.1", 0, false));
    try {
      Await.until(
          WAIT,
          "a leader",
          () -> {
            var lease = client.leases().inNamespace(NS).withName("octopod-operator").get();
            return lease != null && lease.getSpec().getHolderIdentity() != null;
          });
      String holder =
          client
              .leases()
              .inNamespace(NS)
              .withName("octopod-operator")
              .get()
              .getSpec()
              .getHolderIdentity();
      OctopodOperator leader = holder.equals("operator-a") ? a : b;
      OctopodOperator follower = leader == a ? b : a;
      Await.until(
          WAIT,
          "the leader to reconcile",
          () -> leader.metrics().reconciliations("bridgepool") >= 2);
      assertEquals(
          0.0, follower.metrics().reconciliations("bridgepool"), "the follower reconciles nothing");
      assertEquals(0.0, follower.metrics().reconciliations("conference"));

      Await.until(
          WAIT,
          "the leader's metrics to count the 2 Ready bridges",
          () -> scrape(leader).contains("octopod_operator_bridges{state=\"READY\"} 2.0"));
      String metrics = scrape(leader);
      assertTrue(
          metrics.contains("octopod_operator_reconciliations_total{controller=\"bridgepool\"}"),
          metrics);
      assertTrue(
          metrics.contains(
              "octopod_operator_reconcile_duration_seconds_bucket{controller=\"conference\""),
          metrics);
      assertTrue(metrics.contains("octopod_operator_bridges{state=\"READY\"} 2.0"), metrics);
      operator = leader == a ? b : a; // closed below through the other reference
    } finally {
      a.close();
      b.close();
      operator = null;
    }
  }
}
