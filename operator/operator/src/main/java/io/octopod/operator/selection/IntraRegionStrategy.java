package io.octopod.operator.selection;

import static io.octopod.operator.selection.SelectionOutcome.BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.CONFERENCE_BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.LEAST_LOADED;

import java.util.List;

/**
 * Keeps each participant inside their region even when its bridges are overloaded; leaves the
 * region only when it has no usable bridge at all. For deployments where cross-region media is more
 * expensive than a loaded bridge.
 */
public final class IntraRegionStrategy implements BridgeSelectionStrategy {

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              c -> c.local() && c.inConference() && !c.overloaded(), CONFERENCE_BRIDGE_IN_REGION),
          new Rule(c -> c.local() && !c.overloaded(), BRIDGE_IN_REGION),
          new Rule(Candidate::local, LEAST_LOADED),
          new Rule(c -> true, LEAST_LOADED));

  @Override
  public Selection select(List<Candidate> candidates) {
    return BridgeSelectionStrategy.firstMatch(candidates, RULES);
  }
}
