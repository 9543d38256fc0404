package io.octopod.operator.join;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.conference.ConferenceMesh;
import io.octopod.operator.conference.OctoKeys;
import io.octopod.operator.metrics.OperatorMetrics;
import io.octopod.operator.selection.BridgeSelector;
import io.octopod.operator.selection.Selection;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.EndpointAllocation;
import io.octopod.protocol.control.EndpointRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The join path the focus calls: checks that the participant may join, selects a bridge by region
 * and load, reserves the participant there, and rewires the conference's Octo mesh at once (not at
 * the next reconciliation), so the other bridges learn of the new participant within a second.
 */
public final class JoinService {

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(JoinService.class.getName());

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
  private final OctoKeys keys;
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
    this.keys = new OctoKeys(client);
    this.selector = selector;
    this.metrics = metrics;
    this.clock = clock;
  }

  public synchronized Assignment join(
      String namespace, String conferenceName, String endpointId, String region, String offer)
      throws JoinRefusedException, IOException {
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
    Map<String, Integer> inConference = new HashMap<>();
    int total = 0;
    for (Map.Entry<KnownBridge, ConferenceInfo> e : directory.hosting(conferenceId).entrySet()) {
      inConference.put(e.getKey().relayId(), e.getValue().endpoints().size());
      total += e.getValue().endpoints().size();
    }
    Integer max = conference.getSpec() == null ? null : conference.getSpec().getMaxParticipants();
    if (max != null && total >= max) {
      throw new JoinRefusedException(
          JoinRefusedException.ROOM_FULL,
          "conference " + conferenceName + " is full (" + max + " participants)");
    }
    io.octopod.api.v1alpha1.ConferenceSpec spec =
        conference.getSpec() == null
            ? new io.octopod.api.v1alpha1.ConferenceSpec()
            : conference.getSpec();
    // A bridge that fails the allocation (just died, or too slow to answer) is left out and the
    // next choice tried, so that a participant reconnecting after a bridge loss lands on a live
    // one before the directory's next poll notices.
    java.util.Set<String> failed = new java.util.HashSet<>();
    while (true) {
      java.util.List<io.octopod.operator.selection.BridgeInfo> eligible =
          PlacementRules.eligible(directory.infos(), spec, inConference).stream()
              .filter(b -> !failed.contains(b.id()))
              .toList();
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
      String relayId = selection.bridge().get().id();
      KnownBridge bridge = directory.get(relayId).orElseThrow();
      try {
        OctoKeys.KeyState keyState = keys.ensure(conference, clock.instant());
        mesh.wire(conference, keyState, relayId);
        EndpointAllocation allocation =
            io.octopod.operator.model.AdvertisedAllocation.rewrite(
                bridge
                    .client()
                    .allocate(conferenceId, new EndpointRequest(endpointId, region, offer)),
                bridge.mediaAddress());
        directory.pollNow(relayId);
        mesh.wire(conference, keyState, relayId);
        metrics.assigned(selection.outcome());
        return new Assignment(relayId, bridge.region(), selection, allocation);
      } catch (io.octopod.operator.bridges.BridgeClient.BridgeCallException e) {
        if (e.status() >= 400 && e.status() < 500) {
          throw e; // the bridge answered and refused this request: another would too
        }
        LOG.log(
            java.util.logging.Level.WARNING,
            "bridge " + relayId + " failed an allocation; trying another",
            e);
        failed.add(relayId);
        directory.pollNow(relayId);
      }
    }
  }

  /** Whether a bridge still hosts the participant, as the bridges last reported. */
  public boolean hosts(String namespace, String conferenceName, String endpointId) {
    String conferenceId = namespace + "." + conferenceName;
    return directory.hosting(conferenceId).values().stream()
        .anyMatch(
            info -> info.endpoints().stream().anyMatch(e -> e.endpointId().equals(endpointId)));
  }

  /** Removes a participant from whichever bridge hosts it; false when it was not found. */
  public synchronized boolean leave(String namespace, String conferenceName, String endpointId)
      throws IOException {
    String conferenceId = namespace + "." + conferenceName;
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
          mesh.wire(conference, keys.ensure(conference, clock.instant()), null);
        }
        return true;
      }
    }
    return false;
  }
}
