package io.octopod.protocol.channel;

/**
 * What the client wants to receive; absent fields keep their current value.
 *
 * @param lastN how many participants' video to receive, -1 for all that fit the slots
 * @param onStage the participant shown large, "" for none
 * @param maxHeight the tallest video wanted (for the on-stage participant when there is one)
 */
public record ReceiverConstraintsMessage(
    String type, Integer lastN, String onStage, Integer maxHeight) {

  /**
   * @return null when valid, else why not
   */
  public String invalidReason() {
    if (lastN != null && lastN < -1) {
      return "lastN must be -1 or more";
    }
    if (maxHeight != null && maxHeight < 0) {
      return "maxHeight must not be negative";
    }
    return null;
  }
}
