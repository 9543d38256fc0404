package io.octopod.bridge.conference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.octopod.bridge.conference.MessageBudget.Verdict;
import org.junit.jupiter.api.Test;

/** The token bucket on a virtual clock. */
class MessageBudgetTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstPassesThenTheFirstRefusalIsReportedAndTheRestAreSilent() {
    MessageBudget budget = new MessageBudget(10, 5, 0);
    for (int i = 0; i < 5; i++) {
      assertEquals(Verdict.ALLOWED, budget.take(0));
    }
    assertEquals(Verdict.REFUSED_FIRST, budget.take(0));
    assertEquals(Verdict.REFUSED, budget.take(0));
    assertEquals(Verdict.REFUSED, budget.take(SECOND / 20), "half a token is not one");
  }

  @Test
  void itRefillsAtTheRateUpToTheBurst() {
    MessageBudget budget = new MessageBudget(10, 5, 0);
    for (int i = 0; i < 6; i++) {
      budget.take(0);
    }
    assertEquals(Verdict.ALLOWED, budget.take(SECOND / 10), "one token after 100 ms");
    assertEquals(Verdict.REFUSED_FIRST, budget.take(SECOND / 10), "reported again after room");
    long later = 100 * SECOND;
    int allowed = 0;
    while (budget.take(later) == Verdict.ALLOWED) {
      allowed++;
    }
    assertEquals(5, allowed, "a long quiet refills to the burst, not beyond");
  }

  @Test
  void overALongRunTheRateHolds() {
    MessageBudget budget = new MessageBudget(20, 60, 0);
    int allowed = 0;
    // 1,000 messages a second for 10 s.
    for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) {
      if (budget.take(t) == Verdict.ALLOWED) {
        allowed++;
      }
    }
    assertEquals(60 + 20 * 10, allowed, 1.0);
  }

  @Test
  void aClockThatStepsBackDoesNotMintTokens() {
    MessageBudget budget = new MessageBudget(10, 1, 5 * SECOND);
    assertEquals(Verdict.ALLOWED, budget.take(5 * SECOND));
    assertEquals(Verdict.REFUSED_FIRST, budget.take(4 * SECOND));
  }

  @Test
  void aBudgetNeedsARateAndABurst() {
    assertThrows(IllegalArgumentException.class, () -> new MessageBudget(0, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new MessageBudget(5, 0, 0));
  }
}
