package io.octopod.operator.selection;

import java.util.Optional;

/** The result of one join's selection: a bridge, or none, and the rule that decided. */
public record Selection(Optional<BridgeInfo> bridge, SelectionOutcome outcome) {

  public static final Selection NONE = new Selection(Optional.empty(), SelectionOutcome.NO_BRIDGE);

  public static Selection of(Candidate candidate, SelectionOutcome outcome) {
    return new Selection(Optional.of(candidate.bridge()), outcome);
  }
}
