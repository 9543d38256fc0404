package io.octopod.api.v1alpha1;

/** How participants are spread over bridges; see docs for each strategy's rules. */
public enum SelectionStrategy {
  /** Each participant on a bridge in their region; cascade across regions. The default. */
  RegionBased,
  /** Stay inside the participant's region even when its bridges are loaded. */
  IntraRegion,
  /** The whole conference on one bridge (a star). */
  Single,
  /** As many bridges as possible (for testing cascades). */
  Split
}
