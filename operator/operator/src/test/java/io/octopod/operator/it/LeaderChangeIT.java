package io.octopod.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.BridgePool;
import io.octopod.api.v1alpha1.Condition;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceBridge;
import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.e2e.controlplane.Await;
import io.octopod.e2e.controlplane.LocalCluster;
import io.octopod.operator.OctopodOperator;
import io.octopod.operator.conference.MeshStateStore;
import io.octopod.operator.join.JoinService;
import io.octopod.operator.model.Conditions;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.OctoKeyCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Operator replicas as the chart runs them: several {@link OctopodOperator}s against one API server
 * with leader election, every one placing participants (the focus runs on each), the leader stopped
 * mid-way. The stored mesh state (keys, relay numbers, drain starts) must carry over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeaderChangeIT {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String NS = TwoRegionCluster.NAMESPACE;
  private static final String LEASE = "octopod-operator";
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(40);

  private static LocalCluster cluster;
  private static KubernetesClient client;

  /** The running replicas, by identity. */
  private static final Map<String, OctopodOperator> replicas = new LinkedHashMap<>();

  /** Mesh-state conflicts counted by replicas already stopped. */
  private static double stoppedConflicts;

  @BeforeAll
  static void start() throws Exception {
    cluster = TwoRegionCluster.start("leader-change-it");
    client = cluster.client();
    // The drain timeout is set now: changing it later would roll the bridge pods.
    BridgePool east = pool("us-east", "us-east", 2);
    east.getSpec().setDrainTimeout(DRAIN_TIMEOUT.toSeconds() + "s");
    client.resources(BridgePool.class).inNamespace(NS).resource(east).create();
    client
        .resources(BridgePool.class)
        .inNamespace(NS)
        .resource(pool("ap-southeast", "ap-southeast", 1))
        .create();
    startReplica("operator-a");
    startReplica("operator-b");
    Await.until(
        WAIT, "both pools Ready", () -> poolReady("us-east", 2) && poolReady("ap-southeast", 1));
    Await.until(
        WAIT,
        "every replica to have stats of the 3 bridges",
        () ->
            replicas.values().stream()
                .allMatch(
                    r -> r.directory().all().stream().filter(b -> b.stats() != null).count() == 3));
  }

  @AfterAll
  static void stop() {
    replicas.values().forEach(OctopodOperator::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  private static BridgePool pool(String name, String region, int replicas) {
    return TwoRegionCluster.pool(name, region, replicas);
  }

  private static void startReplica(String identity) throws Exception {
    replicas.put(
        identity,
        OctopodOperator.start(
            client,
            new OctopodOperator.Settings(Set.of(NS), NS, identity, true, "127.0.0.1", 0, false)));
  }

  private static String leaseHolder() {
    var lease = client.leases().inNamespace(NS).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Stops the replica holding the lease and waits until another one holds it. */
  private static String stopTheLeader() {
    Await.until(WAIT, "a leader", () -> replicas.containsKey(leaseHolder()));
    String leader = leaseHolder();
    OctopodOperator stopped = replicas.remove(leader);
    stoppedConflicts += stopped.metrics().meshStateConflicts();
    stopped.close();
    Await.until(
        WAIT,
        "another replica to take the lease from " + leader,
        () -> replicas.containsKey(leaseHolder()));
    return leader;
  }

  private static boolean poolReady(String name, int count) {
    BridgePool p = client.resources(BridgePool.class).inNamespace(NS).withName(name).get();
    return p != null
        && p.getStatus() != null
        && p.getStatus().getReadyReplicas() != null
        && p.getStatus().getReadyReplicas() == count
        && Condition.TRUE.equals(Conditions.status(p.getStatus().getConditions(), Condition.READY));
  }

  private static Conference conference(String name) {
    Conference c = new Conference();
    c.getMetadata().setName(name);
    c.getMetadata().setNamespace(NS);
    c.setSpec(new ConferenceSpec());
    return c;
  }

  private static MeshStateStore.MeshState stored(String conference) {
    Secret secret = client.secrets().inNamespace(NS).withName(conference + "-octo-key").get();
    assertNotNull(secret, "the mesh state Secret of " + conference);
    return MeshStateStore.read(secret);
  }

  /** What each bridge hosting the conference reports about it, by relay id. */
  private static Map<String, ConferenceInfo> reports(String conferenceId) throws Exception {
    OctopodOperator any = replicas.values().iterator().next();
    Map<String, ConferenceInfo> out = new HashMap<>();
    for (var bridge : any.directory().all()) {
      for (ConferenceInfo info : bridge.client().stats().conferences()) {
        if (info.conferenceId().equals(conferenceId) && !info.endpoints().isEmpty()) {
          out.put(bridge.relayId(), info);
        }
      }
    }
    return out;
  }

  /**
   * Null when every bridge of the conference holds the stored state (its own number, the peers'
   * numbers, the current key by id and check value, the previous key's id); else what differs.
   */
  private static String meshDisagreement(String conference) throws Exception {
    MeshStateStore.MeshState state = stored(conference);
    Map<String, ConferenceInfo> reports = reports(NS + "." + conference);
    if (reports.size() < 2) {
      return "only " + reports.keySet() + " host the conference";
    }
    for (Map.Entry<String, ConferenceInfo> e : reports.entrySet()) {
      ConferenceInfo info = e.getValue();
      Map<String, Integer> peers = new HashMap<>();
      for (String other : reports.keySet()) {
        if (!other.equals(e.getKey())) {
          peers.put(other, state.relayNumbers().get(other));
        }
      }
      List<String> wrong = new ArrayList<>();
      if (!state.relayNumbers().get(e.getKey()).equals(info.octoRelayNumber())) {
        wrong.add("own number " + info.octoRelayNumber());
      }
      if (!peers.equals(info.octoRelayNumbers())) {
        wrong.add("peers " + info.octoRelayNumbers() + " not " + peers);
      }
      if (!Integer.valueOf(state.keys().current().keyId()).equals(info.octoKeyId())
          || !OctoKeyCheck.of(state.keys().current()).equals(info.octoKeyCheck())) {
        wrong.add("key " + info.octoKeyId() + "/" + info.octoKeyCheck());
      }
      Integer previous = state.keys().previous() == null ? null : state.keys().previous().keyId();
      if (!Objects.equals(previous, info.octoPreviousKeyId())) {
        wrong.add("previous key " + info.octoPreviousKeyId());
      }
      if (!wrong.isEmpty()) {
        return e.getKey() + ": " + wrong + " (stored " + state.relayNumbers() + ")";
      }
    }
    return null;
  }

  /** Joins participants through the given replicas at once; returns where each landed. */
  private static Map<String, String> joinAtOnce(
      String conference, List<String> endpoints, List<String> regions, List<OctopodOperator> via)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(endpoints.size());
    try {
      List<Future<JoinService.Assignment>> results = new ArrayList<>();
      for (int i = 0; i < endpoints.size(); i++) {
        OctopodOperator replica = via.get(i % via.size());
        String endpoint = endpoints.get(i);
        String region = regions.get(i % regions.size());
        results.add(
            pool.submit(() -> replica.joins().join(NS, conference, endpoint, region, null)));
      }
      Map<String, String> placed = new LinkedHashMap<>();
      for (int i = 0; i < endpoints.size(); i++) {
        placed.put(endpoints.get(i), results.get(i).get(60, TimeUnit.SECONDS).relayId());
      }
      return placed;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(0)
  void concurrentWritersNeverShareARelayNumberOrAKeyId() throws Exception {
    client.resources(Conference.class).inNamespace(NS).resource(conference("race")).create();
    Conference race = client.resources(Conference.class).inNamespace(NS).withName("race").get();
    race.getSpec().setOctoKeyRotation("0s"); // this copy only: every call rotates the key
    int writers = 6;
    int rounds = 4;
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<MeshStateStore.MeshState>>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String writer = "w" + w;
      // One store each, as each replica has its own: only the API server orders them.
      MeshStateStore store = new MeshStateStore(client, conflicts::incrementAndGet);
      results.add(
          pool.submit(
              () -> {
                go.await();
                List<MeshStateStore.MeshState> seen = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                  seen.add(store.ensure(race, List.of(writer + "-bridge-" + round), Instant.now()));
                }
                return seen;
              }));
    }
    go.countDown();
    Map<Integer, String> keyOfId = new HashMap<>();
    try {
      for (Future<List<MeshStateStore.MeshState>> result : results) {
        for (MeshStateStore.MeshState state : result.get(120, TimeUnit.SECONDS)) {
          for (var key : Arrays.asList(state.keys().current(), state.keys().previous())) {
            if (key != null) {
              String before = keyOfId.putIfAbsent(key.keyId(), key.key());
              assertTrue(
                  before == null || before.equals(key.key()),
                  "key id " + key.keyId() + " was given to two keys");
            }
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    MeshStateStore.MeshState last = stored("race");
    assertEquals(writers * rounds, last.relayNumbers().size(), "" + last.relayNumbers());
    assertEquals(
        Set.copyOf(IntStream.rangeClosed(1, writers * rounds).boxed().toList()),
        Set.copyOf(last.relayNumbers().values()),
        "each bridge its own number, none skipped: " + last.relayNumbers());
    System.out.printf(
        "race: %d writers x %d rounds: %d relay numbers, %d key ids, %d conflicts retried%n",
        writers, rounds, last.relayNumbers().size(), keyOfId.size(), conflicts.get());
    client.resources(Conference.class).inNamespace(NS).withName("race").delete();
  }

  @Test
  @Order(1)
  void replicasJoiningAndRotatingKeysThroughALeaderChangeAgreeOnTheMesh() throws Exception {
    Conference room = conference("room");
    // 13 participants, 9 of them in us-east, at most 5 a bridge, so the room spreads over the
    // bridges (the replicas count each other's placements only once the bridges' stats show them,
    // so a bridge may get more than 5, but 13 never fill all three, so no join is refused).
    room.getSpec().setMaxParticipantsPerBridge(5);
    room.getSpec().setOctoKeyRotation("1s"); // every wiring after a second rotates the key
    client.resources(Conference.class).inNamespace(NS).resource(room).create();
    List<String> regions = List.of("us-east", "ap-southeast", "us-east");
    List<OctopodOperator> both = List.copyOf(replicas.values());
    Map<String, String> placed =
        new LinkedHashMap<>(
            joinAtOnce("room", List.of("p0", "p1", "p2", "p3", "p4", "p5"), regions, both));
    System.out.println("first wave, through both replicas: " + placed);

    // The leader stops while the standby goes on joining participants (and rotating keys).
    OctopodOperator standby =
        replicas.entrySet().stream()
            .filter(e -> !e.getKey().equals(leaseHolder()))
            .findFirst()
            .orElseThrow()
            .getValue();
    ExecutorService during = Executors.newSingleThreadExecutor();
    Future<Map<String, String>> duringChange =
        during.submit(
            () -> joinAtOnce("room", List.of("q0", "q1", "q2"), regions, List.of(standby)));
    String stopped = stopTheLeader();
    placed.putAll(duringChange.get(120, TimeUnit.SECONDS));
    during.shutdownNow();
    startReplica("operator-c"); // two replicas again, as the chart keeps them
    Await.until(
        WAIT,
        "operator-c to have stats of the 3 bridges",
        () ->
            replicas.get("operator-c").directory().all().stream()
                    .filter(b -> b.stats() != null)
                    .count()
                == 3);
    String leader = leaseHolder();
    System.out.println("stopped " + stopped + "; " + leader + " leads; operator-c stands by");

    placed.putAll(
        joinAtOnce(
            "room", List.of("r0", "r1", "r2", "r3"), regions, List.copyOf(replicas.values())));
    System.out.println("all placements: " + placed);

    // Rotation off, then every bridge must converge on the stored state and stay there.
    room = client.resources(Conference.class).inNamespace(NS).withName("room").get();
    room.getSpec().setOctoKeyRotation("24h");
    client.resources(Conference.class).inNamespace(NS).resource(room).update();
    Await.until(
        WAIT,
        "every bridge of the room to hold the stored relay numbers and keys",
        () -> {
          try {
            return meshDisagreement("room") == null;
          } catch (Exception e) {
            return false;
          }
        });

    MeshStateStore.MeshState state = stored("room");
    Map<String, ConferenceInfo> reports = reports(NS + ".room");
    Set<Integer> numbers = new HashSet<>();
    for (ConferenceInfo info : reports.values()) {
      assertTrue(numbers.add(info.octoRelayNumber()), "relay numbers repeat: " + reports);
    }
    assertEquals(
        state.relayNumbers().size(),
        Set.copyOf(state.relayNumbers().values()).size(),
        "stored numbers are distinct: " + state.relayNumbers());
    assertTrue(reports.size() >= 2, "the room spans bridges: " + reports.keySet());
    assertTrue(
        state.keys().current().keyId() >= 2, "the key rotated during the test: " + state.keys());
    Set<String> keySets = new HashSet<>();
    reports
        .values()
        .forEach(
            i -> keySets.add(i.octoKeyId() + "/" + i.octoKeyCheck() + "/" + i.octoPreviousKeyId()));
    assertEquals(1, keySets.size(), "one key set on every bridge: " + keySets);
    Await.until(
        WAIT,
        "the Conference status to show the stored numbers",
        () -> {
          Conference c = client.resources(Conference.class).inNamespace(NS).withName("room").get();
          return c.getStatus() != null
              && c.getStatus().getBridges().size() == reports.size()
              && c.getStatus().getBridges().stream()
                  .allMatch(
                      b -> state.relayNumbers().get(b.getRelayId()).equals(b.getRelayNumber()));
        });
    Conference c = client.resources(Conference.class).inNamespace(NS).withName("room").get();
    assertEquals(state.keys().current().keyId(), c.getStatus().getOctoKeyId());
    double conflicts =
        stoppedConflicts
            + replicas.values().stream().mapToDouble(r -> r.metrics().meshStateConflicts()).sum();
    System.out.printf(
        "room: %d participants on %s; stored relay numbers %s; key id %d; mesh-state write"
            + " conflicts retried: %.0f%n",
        placed.size(),
        c.getStatus().getBridges().stream().map(ConferenceBridge::getRelayId).toList(),
        state.relayNumbers(),
        state.keys().current().keyId(),
        conflicts);
  }

  @Test
  @Order(2)
  void aDrainStartedUnderOneLeaderKeepsItsDeadlineUnderTheNext() throws Exception {
    // One participant on each us-east bridge (one per bridge), so us-east-1 is not empty and
    // drains until its timeout.
    Conference drain = conference("drain");
    drain.getSpec().setMaxParticipantsPerBridge(1);
    drain.getSpec().setAllowedRegions(List.of("us-east"));
    client.resources(Conference.class).inNamespace(NS).resource(drain).create();
    OctopodOperator any = replicas.values().iterator().next();
    Map<String, String> placed = new LinkedHashMap<>();
    for (String endpoint : List.of("d0", "d1")) {
      placed.put(endpoint, any.joins().join(NS, "drain", endpoint, "us-east", null).relayId());
    }
    assertEquals(Set.of("us-east-0", "us-east-1"), Set.copyOf(placed.values()), "" + placed);

    Duration timeout = DRAIN_TIMEOUT;
    BridgePool east = client.resources(BridgePool.class).inNamespace(NS).withName("us-east").get();
    east.getSpec().setReplicas(1);
    client.resources(BridgePool.class).inNamespace(NS).resource(east).update();
    Await.until(WAIT, "the drain of us-east-1 to be marked on its pod", () -> drainStart() != null);
    Instant started = drainStart();
    String first = leaseHolder();

    String stopped = stopTheLeader();
    Instant takeover = Instant.now();
    OctopodOperator next = replicas.get(leaseHolder());
    assertEquals(first, stopped);
    Await.until(
        WAIT,
        "the new leader to reconcile the pool",
        () -> next.metrics().reconciliations("bridgepool") >= 2);
    assertEquals(started, drainStart(), "the new leader keeps the drain's start");
    int replicasNow =
        client
            .apps()
            .statefulSets()
            .inNamespace(NS)
            .withName("us-east")
            .get()
            .getSpec()
            .getReplicas();
    if (Instant.now().isBefore(started.plus(timeout))) {
      // Read before the deadline: d1 is still on us-east-1, so the pool must not have shrunk.
      assertEquals(2, replicasNow, "us-east-1 left before its deadline while hosting d1");
    }
    Await.until(
        WAIT.plus(timeout),
        "us-east-1 to leave once its drain timed out",
        () -> client.pods().inNamespace(NS).withName("us-east-1").get() == null);
    Instant gone = Instant.now();
    assertTrue(
        !gone.isBefore(started.plus(timeout)),
        "the bridge left at " + gone + ", before its deadline " + started.plus(timeout));
    System.out.printf(
        "drain: started %s under %s; %s led from %s (%.1f s in); us-east-1 gone %.1f s after the"
            + " start (timeout %d s)%n",
        started,
        stopped,
        leaseHolder(),
        takeover,
        Duration.between(started, takeover).toMillis() / 1000.0,
        Duration.between(started, gone).toMillis() / 1000.0,
        timeout.toSeconds());
  }

  private static Instant drainStart() {
    Pod pod = client.pods().inNamespace(NS).withName("us-east-1").get();
    String mark =
        pod == null || pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get("octopod.io/drain-started");
    return mark == null ? null : Instant.parse(mark);
  }
}
