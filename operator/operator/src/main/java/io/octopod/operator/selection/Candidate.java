package io.octopod.operator.selection;

/**
 * A bridge that may take the participant, seen from one join: its load including pending
 * assignments, and how it relates to the participant and the conference.
 *
 * @param bridge the directory entry
 * @param effectiveStress reported stress plus the estimate for pending assignments
 * @param conferenceParticipants this conference's participants already on the bridge
 * @param local whether the bridge is in the participant's region (or region group)
 * @param overloaded whether {@code effectiveStress} reached the policy's threshold
 */
public record Candidate(
    BridgeInfo bridge,
    double effectiveStress,
    int conferenceParticipants,
    boolean local,
    boolean overloaded) {

  public boolean inConference() {
    return conferenceParticipants > 0;
  }

  public String id() {
    return bridge.id();
  }
}
