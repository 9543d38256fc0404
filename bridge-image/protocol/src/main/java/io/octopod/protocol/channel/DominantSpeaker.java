package io.octopod.protocol.channel;

/**
 * @param endpointId the participant who now holds the floor
 */
public record DominantSpeaker(String type, String endpointId) {

  public static DominantSpeaker of(String endpointId) {
    return new DominantSpeaker(ChannelTypes.DOMINANT_SPEAKER, endpointId);
  }
}
