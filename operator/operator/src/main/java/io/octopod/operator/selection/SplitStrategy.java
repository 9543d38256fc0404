package io.octopod.operator.selection;

import static io.octopod.operator.selection.SelectionOutcome.ANY_BRIDGE;
import static io.octopod.operator.selection.SelectionOutcome.BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.LEAST_LOADED;

import java.util.List;

/**
 * Spreads a conference over as many bridges as possible, regardless of region. Exists for tests: it
 * forces Octo links to form with few participants.
 */
public final class SplitStrategy implements BridgeSelectionStrategy {

  private static final List<Rule> RULES =
      List.of(
          new Rule(c -> !c.inConference() && c.local() && !c.overloaded(), BRIDGE_IN_REGION),
          new Rule(c -> !c.inConference() && !c.overloaded(), ANY_BRIDGE),
          new Rule(c -> true, LEAST_LOADED));

  @Override
  public Selection select(List<Candidate> candidates) {
    return BridgeSelectionStrategy.firstMatch(candidates, RULES);
  }
}
