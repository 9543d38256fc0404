package io.octopod.operator.selection;

import static io.octopod.operator.selection.SelectionOutcome.ANY_BRIDGE;
import static io.octopod.operator.selection.SelectionOutcome.BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.CONFERENCE_BRIDGE;
import static io.octopod.operator.selection.SelectionOutcome.CONFERENCE_BRIDGE_IN_REGION;
import static io.octopod.operator.selection.SelectionOutcome.LEAST_LOADED;

import java.util.List;

/**
 * A star: the whole conference on one bridge, chosen near its first participant. The baseline the
 * cascade-versus-star experiment compares against. The conference moves only when its bridge can no
 * longer take participants (draining, unhealthy, or at the per-bridge cap).
 */
public final class SingleBridgeStrategy implements BridgeSelectionStrategy {

  private static final List<Rule> RULES =
      List.of(
          new Rule(c -> c.inConference() && c.local(), CONFERENCE_BRIDGE_IN_REGION),
          new Rule(Candidate::inConference, CONFERENCE_BRIDGE),
          new Rule(c -> c.local() && !c.overloaded(), BRIDGE_IN_REGION),
          new Rule(c -> !c.overloaded(), ANY_BRIDGE),
          new Rule(c -> true, LEAST_LOADED));

  @Override
  public Selection select(List<Candidate> candidates) {
    return BridgeSelectionStrategy.firstMatch(candidates, RULES);
  }
}
