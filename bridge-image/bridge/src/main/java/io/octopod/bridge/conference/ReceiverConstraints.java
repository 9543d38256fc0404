package io.octopod.bridge.conference;

/**
 * What a receiver wants to see (set through the control API until the bridge channel carries it):
 *
 * @param lastN how many senders' video to forward (the on-stage one first, then by join order); -1
 *     for all that fit in the receiver's slots
 * @param onStage the endpoint shown large, or null
 * @param maxHeight the tallest layer for the on-stage sender (for every sender without one)
 * @param thumbnailHeight the tallest layer for senders not on stage when one is
 * @param maxBitrate the receiver's video budget in bits per second (a fixed cap until bandwidth
 *     estimation exists); layers step down, thumbnails first, to fit
 */
public record ReceiverConstraints(
    int lastN, String onStage, int maxHeight, int thumbnailHeight, long maxBitrate) {

  public static final ReceiverConstraints DEFAULT =
      new ReceiverConstraints(-1, null, Integer.MAX_VALUE, 180, 6_000_000);

  public ReceiverConstraints withMaxHeight(int height) {
    return new ReceiverConstraints(lastN, onStage, height, thumbnailHeight, maxBitrate);
  }

  public ReceiverConstraints withLastN(int n) {
    return new ReceiverConstraints(n, onStage, maxHeight, thumbnailHeight, maxBitrate);
  }

  public ReceiverConstraints withOnStage(String endpointId) {
    return new ReceiverConstraints(lastN, endpointId, maxHeight, thumbnailHeight, maxBitrate);
  }

  public ReceiverConstraints withMaxBitrate(long bitsPerSecond) {
    return new ReceiverConstraints(lastN, onStage, maxHeight, thumbnailHeight, bitsPerSecond);
  }
}
