package io.octopod.operator.conference;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.octopod.api.v1alpha1.Condition;
import io.octopod.api.v1alpha1.Conference;
import io.octopod.api.v1alpha1.ConferenceStatus;
import io.octopod.operator.EventRecorder;
import io.octopod.operator.bridges.BridgeDirectory;
import io.octopod.operator.bridges.KnownBridge;
import io.octopod.operator.metrics.OperatorMetrics;
import io.octopod.operator.model.BridgeRef;
import io.octopod.operator.model.Conditions;
import io.octopod.operator.model.ConferenceStatusModel;
import io.octopod.operator.model.ParticipantPlacement;
import io.octopod.protocol.control.ConferenceInfo;
import io.octopod.protocol.control.EndpointInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reconciles a Conference: its Octo key Secret (created, rotated), the Octo mesh between the
 * bridges that host its participants, the maintenance switch ({@code spec.suspend}), and a status
 * built from what the bridges report. A finalizer expires the conference on every bridge when the
 * Conference is deleted.
 */
@ControllerConfiguration(name = "conference")
public final class ConferenceReconciler implements Reconciler<Conference>, Cleaner<Conference> {

  private static final Logger LOG = Logger.getLogger(ConferenceReconciler.class.getName());
  static final Duration RESYNC = Duration.ofSeconds(2);

  /** A bridge left with no participant of the conference for this long gets it expired. */
  static final Duration EMPTY_GRACE = Duration.ofSeconds(10);

  private final BridgeDirectory directory;
  private final ConferenceMesh mesh;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;
  private final Map<String, Instant> emptySince = new ConcurrentHashMap<>();

  public ConferenceReconciler(
      KubernetesClient client,
      BridgeDirectory directory,
      ConferenceMesh mesh,
      OperatorMetrics metrics,
      Clock clock) {
    this.directory = directory;
    this.mesh = mesh;
    this.metrics = metrics;
    this.events = new EventRecorder(client);
    this.clock = clock;
  }

  @Override
  public UpdateControl<Conference> reconcile(Conference conference, Context<Conference> context) {
    return metrics.timed("conference", () -> reconcileConference(conference));
  }

  private UpdateControl<Conference> reconcileConference(Conference conference) {
    String conferenceId = ConferenceMesh.conferenceId(conference);
    Instant now = clock.instant();
    ConferenceStatus previous =
        conference.getStatus() == null ? new ConferenceStatus() : conference.getStatus();
    boolean suspended =
        conference.getSpec() != null && Boolean.TRUE.equals(conference.getSpec().getSuspend());

    MeshStateStore.MeshState meshState;
    if (suspended) {
      meshState = mesh.state(conference);
      for (KnownBridge bridge : directory.hosting(conferenceId).keySet()) {
        expire(conferenceId, bridge);
        events.normal(
            conference,
            "Suspended",
            "participants on " + bridge.relayId() + " removed: the conference is suspended");
      }
    } else {
      meshState = mesh.wire(conference);
      expireWhereEmpty(conferenceId, now);
    }

    Map<KnownBridge, ConferenceInfo> hosting = directory.hosting(conferenceId);
    List<ParticipantPlacement> placements = new ArrayList<>();
    hosting.forEach(
        (bridge, info) -> {
          for (EndpointInfo e : info.endpoints()) {
            String region = e.region() == null ? bridge.region() : e.region();
            placements.add(
                new ParticipantPlacement(
                    e.endpointId(),
                    region,
                    new BridgeRef(
                        bridge.relayId(), bridge.region(), bridge.pool(), bridge.octoAddress())));
          }
        });
    ConferenceStatus status = ConferenceStatusModel.observed(placements);
    // Only numbers stored: a bridge seen here before the mesh wired it shows none yet.
    Map<String, Integer> numbers = meshState.relayNumbers();
    status.getBridges().forEach(b -> b.setRelayNumber(numbers.get(b.getRelayId())));
    status.setOctoConferenceId(ConferenceMesh.octoConferenceId(conference));
    status.setOctoKeyId(meshState.keys().current().keyId());
    status.setJoinUrl(previous.getJoinUrl());
    status.setObservedGeneration(conference.getMetadata().getGeneration());
    long generation =
        conference.getMetadata().getGeneration() == null
            ? 0
            : conference.getMetadata().getGeneration();
    Condition ready =
        suspended
            ? new Condition(
                Condition.READY,
                Condition.FALSE,
                "Suspended",
                "spec.suspend is true: no joins, media stopped")
            : new Condition(
                Condition.READY,
                Condition.TRUE,
                placements.isEmpty() ? "Idle" : "Active",
                placements.size() + " participants on " + status.getBridges().size() + " bridges");
    status.setConditions(Conditions.set(previous.getConditions(), ready, generation, now));
    if (!ready.getStatus().equals(Conditions.status(previous.getConditions(), Condition.READY))) {
      events.normal(conference, ready.getReason(), ready.getMessage());
    }
    int linksBefore = previous.getOctoLinks() == null ? 0 : previous.getOctoLinks().size();
    if (status.getOctoLinks().size() != linksBefore) {
      events.normal(
          conference,
          "OctoMesh",
          "Octo links: " + linksBefore + " -> " + status.getOctoLinks().size());
    }
    conference.setStatus(status);
    return UpdateControl.patchStatus(conference).rescheduleAfter(RESYNC);
  }

  private void expireWhereEmpty(String conferenceId, Instant now) {
    directory
        .hosting(conferenceId)
        .forEach(
            (bridge, info) -> {
              String key = conferenceId + "@" + bridge.relayId();
              if (!info.endpoints().isEmpty()) {
                emptySince.remove(key);
                return;
              }
              Instant since = emptySince.putIfAbsent(key, now);
              if (since != null && now.isAfter(since.plus(EMPTY_GRACE))) {
                expire(conferenceId, bridge);
                emptySince.remove(key);
              }
            });
  }

  private void expire(String conferenceId, KnownBridge bridge) {
    try {
      bridge.client().expireConference(conferenceId);
      directory.pollNow(bridge.relayId());
    } catch (IOException e) {
      LOG.log(
          Level.INFO,
          "expiring " + conferenceId + " on " + bridge.relayId() + " failed: " + e.getMessage());
    }
  }

  @Override
  public DeleteControl cleanup(Conference conference, Context<Conference> context) {
    String conferenceId = ConferenceMesh.conferenceId(conference);
    List<String> failed = new ArrayList<>();
    for (KnownBridge bridge : directory.all()) {
      try {
        bridge.client().expireConference(conferenceId);
        directory.pollNow(bridge.relayId());
      } catch (IOException e) {
        if (bridge.state() != io.octopod.operator.selection.BridgeState.UNHEALTHY) {
          failed.add(bridge.relayId());
        }
      }
    }
    if (!failed.isEmpty()) {
      // Keep the finalizer and try again: a live bridge must not keep a deleted conference.
      LOG.info(() -> "could not expire " + conferenceId + " on " + failed + "; retrying");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RESYNC);
    }
    mesh.forget(conference);
    return DeleteControl.defaultDelete();
  }
}
