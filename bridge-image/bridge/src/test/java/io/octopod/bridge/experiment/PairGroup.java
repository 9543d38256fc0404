package io.octopod.bridge.experiment;

/**
 * Where a (receiver, sender) pair sits relative to the long link. Near pairs are split by region
 * because the star places its one bridge in region A: region B's near pairs cross the long link
 * twice in the star and not at all in the cascade, while region A's never cross it.
 */
public enum PairGroup {
  NEAR_A("near, region A"),
  NEAR_B("near, region B"),
  FAR("far (A ↔ B)");

  public final String label;

  PairGroup(String label) {
    this.label = label;
  }

  /** The group of a pair from the two participants' regions ("A" or "B"). */
  public static PairGroup of(String receiverRegion, String senderRegion) {
    if (!receiverRegion.equals(senderRegion)) {
      return FAR;
    }
    return receiverRegion.equals("A") ? NEAR_A : NEAR_B;
  }
}
