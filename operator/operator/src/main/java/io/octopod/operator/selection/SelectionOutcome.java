package io.octopod.operator.selection;

/**
 * Which rule chose the bridge. Counted per value in the operator's metrics, so that an operator can
 * see, for example, how often participants spill out of their region.
 */
public enum SelectionOutcome {
  /** A not-overloaded bridge already in the conference, in the participant's region. */
  CONFERENCE_BRIDGE_IN_REGION,
  /** A not-overloaded bridge in the participant's region. */
  BRIDGE_IN_REGION,
  /** A not-overloaded bridge already in the conference, elsewhere. */
  CONFERENCE_BRIDGE,
  /** Any not-overloaded bridge. */
  ANY_BRIDGE,
  /** Every bridge was overloaded: the least loaded one. */
  LEAST_LOADED,
  /** No bridge may take the participant (none ready, or all at the conference's cap). */
  NO_BRIDGE
}
