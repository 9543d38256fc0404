package io.octopod.operator.selection;

/** What the operator last learned about a bridge; only {@link #READY} bridges take participants. */
public enum BridgeState {
  READY,
  /** Scaling down or shutting down: keeps its participants, takes no new ones. */
  DRAINING,
  /** The pod exists but has not passed its readiness probe. */
  NOT_READY,
  /** Health or stats polling failed. */
  UNHEALTHY;

  public boolean acceptsParticipants() {
    return this == READY;
  }
}
