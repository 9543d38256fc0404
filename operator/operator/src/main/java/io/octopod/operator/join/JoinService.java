package io.octopod.operator.join;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceSpec;
import io.octopod.operator.bridges.BridgeClient;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.conference.ConferenceMesh;
import io.octopod.operator.metrics.OperatorMetrics;
import io.octopod.operator.model.AdvertisedAllocation;
import io.octopod.operator.selection.BridgeInfo;
import io.octopod.operator.selection.BridgeSelector;
import io.octopod.operator.selection.Selection;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.EndpointAllocation;
import io.octopod.protocol.control.EndpointRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The join path the focus calls: checks that the participant may join, selects a bridge by region
 * and load, reserves the participant there, and rewires the conference's Octo mesh at once (not at
 * the next reconciliation), so the other bridges learn of the new participant within a second.
 */
public final class JoinService {

  private static final Logger LOG = Logger.getLogger(JoinService.class.getName());

  /** A join the operator refuses, with a reason for the participant. */
  public static final class JoinRefusedException extends Exception {
    public static final String UNKNOWN_ROOM = "unknown-room";
    public static final String ROOM_SUSPENDED = "room-suspended";
    public static final String ROOM_FULL = "room-full";
    public static final String NO_BRIDGE = "no-bridge";

    private final String code;

    /**
     * @param code why, for programs: one of the constants here
     */
    public JoinRefusedException(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** Where a participant was placed. */
  public record Assignment(
      String relayId, String bridgeRegion, Selection selection, EndpointAllocation allocation) {}

  private final KubernetesClient client;
  private final BridgeDirectory directory;
  private final ConferenceMesh mesh;
  private final BridgeSelector selector;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public JoinService(
      KubernetesClient client,
      BridgeDirectory directory,
      ConferenceMesh mesh,
      BridgeSelector selector,
      OperatorMetrics metrics,
      Clock clock) {
    this.client = client;
    this.directory = directory;
    this.mesh = mesh;
    this.selector = selector;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Places a participant. Only the choice of bridge is serialised (it must see every placement in
   * flight, or a burst of joins would pile onto one bridge or split a single-bridge conference);
   * the calls to the bridges run in parallel, so that the participants of a failed bridge, all
   * rejoining at once, do not queue behind each other's allocations.
   */
  public Assignment join(
      String namespace, String conferenceName, String endpointId, String region, String offer)
      throws JoinRefusedException, IOException {
    return join(namespace, conferenceName, endpointId, region, offer, null);
  }

  /**
   * As {@link #join(String, String, String, String, String)}, with the name people see, which the
   * bridge keeps and reports, so that every focus replica can list the participant.
   */
  public Assignment join(
      String namespace,
      String conferenceName,
      String endpointId,
      String region,
      String offer,
      String displayName)
      throws JoinRefusedException, IOException {
    return join(namespace, conferenceName, endpointId, region, offer, displayName, null);
  }

  /**
   * As above, for a page rejoining after it lost its bridge, {@code lostBridge}: that bridge is
   * left out of this choice (whatever the directory thinks, it failed this participant, so placing
   * them there again would only fail again) and {@linkplain BridgeDirectory#suspect checked at
   * once}; if it does not answer, it is dead for everyone. Until it has answered or not (a second
   * at most), wiring the conference waits, so as not to call a frozen bridge that still counts as
   * hosting it.
   */
  public Assignment join(
      String namespace,
      String conferenceName,
      String endpointId,
      String region,
      String offer,
      String displayName,
      String lostBridge)
      throws JoinRefusedException, IOException {
    long started = System.nanoTime();
    Conference conference =
        client.resources(Conference.class).inNamespace(namespace).withName(conferenceName).get();
    if (conference == null || conference.getMetadata().getDeletionTimestamp() != null) {
      throw new JoinRefusedException(
          JoinRefusedException.UNKNOWN_ROOM, "no conference " + namespace + "/" + conferenceName);
    }
    if (conference.getSpec() != null && Boolean.TRUE.equals(conference.getSpec().getSuspend())) {
      throw new JoinRefusedException(
          JoinRefusedException.ROOM_SUSPENDED, "conference " + conferenceName + " is suspended");
    }
    String conferenceId = ConferenceMesh.conferenceId(conference);
    Set<String> avoid = new HashSet<>();
    long checking = System.nanoTime();
    if (lostBridge != null) {
      avoid.add(lostBridge);
      lostBridgeChecked(conferenceId, lostBridge);
    }
    long checked = System.nanoTime();
    // A bridge that fails the allocation (just died, or too slow to answer) is left out and the
    // next choice tried, so that a participant reconnecting after a bridge loss lands on a live
    // one before the directory's next poll notices.
    Set<String> failed = new HashSet<>();
    while (true) {
      Placement placement = choose(conference, conferenceId, region, failed, avoid);
      String relayId = placement.arrival().relayId();
      KnownBridge bridge = directory.get(relayId).orElseThrow();
      try (ConferenceMesh.Arrival arrival = placement.arrival()) {
        mesh.wire(conference);
        EndpointAllocation allocation =
            AdvertisedAllocation.rewrite(
                bridge
                    .client()
                    .allocate(
                        conferenceId, new EndpointRequest(endpointId, region, offer, displayName)),
                bridge.mediaAddress());
        directory.pollNow(relayId);
        mesh.wire(conference);
        metrics.assigned(placement.selection().outcome());
        LOG.info(
            String.format(
                "placed %s of %s on %s in %d ms (%d ms checking the lost bridge %s)%s",
                endpointId,
                conferenceId,
                relayId,
                (System.nanoTime() - started) / 1_000_000,
                (checked - checking) / 1_000_000,
                lostBridge,
                failed.isEmpty() ? "" : "; did not answer: " + failed));
        return new Assignment(relayId, bridge.region(), placement.selection(), allocation);
      } catch (BridgeClient.BridgeCallException e) {
        if (e.status() >= 400 && e.status() < 500) {
          throw e; // the bridge answered and refused this request: another would too
        }
        LOG.log(Level.WARNING, "bridge " + relayId + " failed an allocation; trying another", e);
        failed.add(relayId);
        directory.pollNow(relayId);
      }
    }
  }

  private record Placement(Selection selection, ConferenceMesh.Arrival arrival) {}

  /** How long a join or leave waits for the lost bridge's check (its poll has a 1 s timeout). */
  private static final Duration LOST_BRIDGE_CHECK = Duration.ofMillis(1500);

  /**
   * A page says it lost {@code relayId}: has it checked, and if the bridge still counts as hosting
   * the conference, waits for the check (bounded), so that what follows does not call a bridge that
   * may be frozen.
   */
  private void lostBridgeChecked(String conferenceId, String relayId) {
    CompletableFuture<Boolean> check = directory.suspect(relayId);
    boolean hosts =
        directory.hosting(conferenceId).keySet().stream()
            .anyMatch(b -> b.relayId().equals(relayId));
    if (!hosts) {
      return;
    }
    try {
      check.get(LOST_BRIDGE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.FINE, "the check of lost bridge " + relayId + " did not finish", e);
    }
  }

  /**
   * Picks the bridge and counts the participant as arriving there, in one step under the lock, so
   * the next choice sees it. Participants still arriving count as in the conference.
   */
  private synchronized Placement choose(
      Conference conference,
      String conferenceId,
      String region,
      Set<String> failed,
      Set<String> avoid)
      throws JoinRefusedException {
    Map<String, Integer> inConference = new HashMap<>(mesh.arriving(conferenceId));
    for (Map.Entry<KnownBridge, ConferenceInfo> e : directory.hosting(conferenceId).entrySet()) {
      inConference.merge(e.getKey().relayId(), e.getValue().endpoints().size(), Integer::sum);
    }
    int total = inConference.values().stream().mapToInt(Integer::intValue).sum();
    ConferenceSpec spec =
        conference.getSpec() == null ? new ConferenceSpec() : conference.getSpec();
    Integer max = spec.getMaxParticipants();
    if (max != null && total >= max) {
      throw new JoinRefusedException(
          JoinRefusedException.ROOM_FULL,
          "conference "
              + conference.getMetadata().getName()
              + " is full ("
              + max
              + " participants)");
    }
    List<BridgeInfo> allowed =
        PlacementRules.eligible(directory.infos(), spec, inConference).stream()
            .filter(b -> !failed.contains(b.id()) && !avoid.contains(b.id()))
            .toList();
    // A bridge whose last poll failed may be dead, and a join should not be the one to find out;
    // but when every bridge missed its last poll (a loaded machine), one of them beats none.
    List<BridgeInfo> answering =
        allowed.stream().filter(b -> !directory.lastPollFailed(b.id())).toList();
    List<BridgeInfo> eligible = answering.isEmpty() ? allowed : answering;
    Selection selection =
        selector.select(
            PlacementRules.strategy(spec),
            PlacementRules.regionFor(region, eligible, spec),
            eligible,
            inConference);
    if (selection.bridge().isEmpty()) {
      throw new JoinRefusedException(
          JoinRefusedException.NO_BRIDGE,
          failed.isEmpty()
              ? "no bridge can take a participant now"
              : "no bridge could take the participant: " + failed + " did not answer");
    }
    return new Placement(selection, mesh.arrive(conferenceId, selection.bridge().get().id()));
  }

  /** A participant as the bridges report it. */
  public record Participant(
      String endpointId, String displayName, String region, String relayId, String bridgeRegion) {}

  /**
   * Everyone in the conference, as its bridges last reported (within a poll, two seconds),
   * whichever operator replica placed them.
   */
  public List<Participant> participants(String namespace, String conferenceName) {
    List<Participant> out = new java.util.ArrayList<>();
    directory
        .hosting(namespace + "." + conferenceName)
        .forEach(
            (bridge, info) -> {
              if (bridge.state() == io.octopod.operator.selection.BridgeState.UNHEALTHY) {
                return; // its last report is stale: its participants are reconnecting elsewhere
              }
              for (io.octopod.protocol.control.EndpointInfo e : info.endpoints()) {
                out.add(
                    new Participant(
                        e.endpointId(),
                        e.displayName(),
                        e.region(),
                        bridge.relayId(),
                        bridge.region()));
              }
            });
    return out;
  }

  /** Whether a bridge still hosts the participant, as the bridges last reported. */
  public boolean hosts(String namespace, String conferenceName, String endpointId) {
    String conferenceId = namespace + "." + conferenceName;
    return directory.hosting(conferenceId).values().stream()
        .anyMatch(
            info -> info.endpoints().stream().anyMatch(e -> e.endpointId().equals(endpointId)));
  }

  /** Removes a participant from whichever bridge hosts it; false when it was not found. */
  public boolean leave(String namespace, String conferenceName, String endpointId)
      throws IOException {
    return leave(namespace, conferenceName, endpointId, null);
  }

  /**
   * As above, for a page that left because it lost its bridge, {@code lostBridge}: the bridge is
   * checked first (see {@link #join(String, String, String, String, String, String, String)}); a
   * dead one hosts nobody, so nothing is asked of it.
   */
  public boolean leave(
      String namespace, String conferenceName, String endpointId, String lostBridge)
      throws IOException {
    String conferenceId = namespace + "." + conferenceName;
    if (lostBridge != null) {
      lostBridgeChecked(conferenceId, lostBridge);
    }
    for (Map.Entry<KnownBridge, ConferenceInfo> e : directory.hosting(conferenceId).entrySet()) {
      if (e.getValue().endpoints().stream().anyMatch(x -> x.endpointId().equals(endpointId))) {
        e.getKey().client().expireEndpoint(conferenceId, endpointId);
        directory.pollNow(e.getKey().relayId());
        Conference conference =
            client
                .resources(Conference.class)
                .inNamespace(namespace)
                .withName(conferenceName)
                .get();
        if (conference != null) {
          mesh.wire(conference);
        }
        return true;
      }
    }
    return false;
  }
}
