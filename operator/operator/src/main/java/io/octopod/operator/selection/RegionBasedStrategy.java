package io.octopod.operator.selection;

import static io.octopod.operator.selection.SelectionOutcome.ANY_BRIDGE;
import static io.octopod.operator.selection.SelectionOutcome.BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.CONFERENCE_BRIDGE;
import static io.octopod.operator.selection.SelectionOutcome.CONFERENCE_BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.LEAST_LOADED;

import java.util.List;

/**
 * The default: every participant on a bridge near them, one bridge per region per conference where
 * load allows, and the conference's existing bridges before new ones when the region is full.
 */
public final class RegionBasedStrategy implements BridgeSelectionStrategy {

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              c -> c.local() && c.inConference() && !c.overloaded(), CONFERENCE_BRIDGE_IN_REGION),
          new Rule(c -> c.local() && !c.overloaded(), BRIDGE_IN_REGION),
          new Rule(c -> c.inConference() && !c.overloaded(), CONFERENCE_BRIDGE),
          new Rule(c -> !c.overloaded(), ANY_BRIDGE),
          new Rule(c -> true, LEAST_LOADED));

  @Override
  public Selection select(List<Candidate> candidates) {
    return BridgeSelectionStrategy.firstMatch(candidates, RULES);
  }
}
