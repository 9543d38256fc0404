package io.octopod.operator.selection;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chooses one bridge for a joining participant. Strategies see only bridges that may take the
 * participant at all (ready, under the conference's per-bridge cap); they decide preference.
 */
public interface BridgeSelectionStrategy {

  /** Least loaded first; ties go to the bridge with more of this conference, then by id. */
  Comparator<Candidate> BY_LOAD =
      Comparator.comparingDouble(Candidate::effectiveStress)
          .thenComparing(Comparator.comparingInt(Candidate::conferenceParticipants).reversed())
          .thenComparing(Candidate::id);

  Selection select(List<Candidate> candidates);

  /** The least loaded candidate that matches, if any. */
  static Optional<Candidate> leastLoaded(List<Candidate> candidates, Predicate<Candidate> rule) {
    return candidates.stream().filter(rule).min(BY_LOAD);
  }

  /** Tries each rule in order and returns the first that finds a bridge. */
  static Selection firstMatch(List<Candidate> candidates, List<Rule> rules) {
    for (Rule rule : rules) {
      Optional<Candidate> chosen = leastLoaded(candidates, rule.matches());
      if (chosen.isPresent()) {
        return Selection.of(chosen.get(), rule.outcome());
      }
    }
    return Selection.NONE;
  }

  /** One preference step: which candidates qualify, and what to call the choice. */
  record Rule(Predicate<Candidate> matches, SelectionOutcome outcome) {}
}
