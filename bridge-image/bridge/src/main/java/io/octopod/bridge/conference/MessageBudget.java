package io.octopod.bridge.conference;

/**
 * How many bridge-channel messages one participant may send: a token bucket refilled at {@code
 * perSecond} up to {@code burst}. An endpoint message is fanned out to every other participant and
 * across Octo, so one client flooding it would cost every bridge of the conference; past the budget
 * the bridge drops the message before parsing it. A meeting page sends a heartbeat every few
 * seconds, constraints on layout changes, chat at human speed, and every 5 s an end-to-end ping to
 * each other participant and a pong to each of theirs: about 40 a second, in bursts of 100, in a
 * 100-person meeting. The defaults leave room above that. Safe for one thread at a time (the
 * socket's event loop).
 */
public final class MessageBudget {

  /** Messages per second a participant may keep sending. */
  public static final int DEFAULT_PER_SECOND = 50;

  /** Messages it may send at once after a quiet while (a page opening, a burst of reactions). */
  public static final int DEFAULT_BURST = 200;

  private final double perNano;
  private final int burst;
  private double tokens;
  private long refilledAt;
  private boolean exhaustedReported;

  public MessageBudget(int perSecond, int burst, long nowNanos) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("a message budget needs a rate and a burst of 1 or more");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** What {@link #take} decided. */
  public enum Verdict {
    ALLOWED,
    /** Over budget, and the first refusal since the budget last had room: tell the sender once. */
    REFUSED_FIRST,
    /** Over budget again: drop without a reply, so a flood gets no flood of errors back. */
    REFUSED
  }

  public Verdict take(long nowNanos) {
    long elapsed = nowNanos - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perNano);
      refilledAt = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      exhaustedReported = false;
      return Verdict.ALLOWED;
    }
    if (exhaustedReported) {
      return Verdict.REFUSED;
    }
    exhaustedReported = true;
    return Verdict.REFUSED_FIRST;
  }
}
