package io.octopod.operator.selection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Picks a bridge for each joining participant: filters the directory down to bridges that may take
 * the participant, describes each from the participant's point of view, and lets the conference's
 * strategy choose. Remembers its own choices until stats reflect them.
 */
public final class BridgeSelector {

  private final SelectionPolicy policy;
  private final Clock clock;
  private final PendingAssignments pending;

  public BridgeSelector(SelectionPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.pending = new PendingAssignments(policy.pendingWindow());
  }

  /**
   * @param strategy the conference's strategy
   * @param participantRegion where the participant is
   * @param directory every bridge the operator may use
   * @param conferenceParticipants this conference's participants per bridge id
   */
  public Selection select(
      StrategyName strategy,
      String participantRegion,
      Collection<BridgeInfo> directory,
      Map<String, Integer> conferenceParticipants) {
    Instant now = clock.instant();
    List<Candidate> candidates = new ArrayList<>();
    for (BridgeInfo bridge : directory) {
      if (!bridge.state().acceptsParticipants()) {
        continue;
      }
      int inConference = conferenceParticipants.getOrDefault(bridge.id(), 0);
      if (policy.maxParticipantsPerBridge() > 0
          && inConference >= policy.maxParticipantsPerBridge()) {
        continue;
      }
      double stress =
          bridge.stress()
              + policy.stressPerPendingParticipant()
                  * pending.pending(bridge.id(), bridge.statsTakenAt(), now);
      candidates.add(
          new Candidate(
              bridge,
              stress,
              inConference,
              policy.regionGroups().sameGroup(participantRegion, bridge.region()),
              stress >= overloadStress(bridge)));
    }
    Selection selection = strategy.strategy().select(candidates);
    selection.bridge().ifPresent(b -> pending.record(b.id(), now));
    return selection;
  }

  /** The bridge's pool's threshold, or the policy's for a bridge whose pool sets none. */
  private double overloadStress(BridgeInfo bridge) {
    return bridge.overloadStress() != null ? bridge.overloadStress() : policy.overloadStress();
  }
}
