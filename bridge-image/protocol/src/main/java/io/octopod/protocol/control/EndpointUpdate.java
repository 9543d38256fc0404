package io.octopod.protocol.control;

/**
 * Body of {@code PATCH /colibri/conferences/{conferenceId}/endpoints/{endpointId}}.
 *
 * @param offer a new SDP offer (first offer, or renegotiation), or null
 * @param iceRestart true to issue new ICE credentials
 * @param maxHeight the tallest video this receiver wants (its largest tile), or null to leave it;
 *     the bridge forwards each sender's highest layer not taller than this
 * @param lastN how many senders' video to forward, -1 for all, or null to leave it
 * @param onStage the endpoint shown large (the others get thumbnails), "" for none, or null
 * @param maxBitrate the receiver's video budget in bit/s, or null to leave it
 */
public record EndpointUpdate(
    String offer,
    Boolean iceRestart,
    Integer maxHeight,
    Integer lastN,
    String onStage,
    Long maxBitrate) {

  /** Whether new ICE credentials were asked for (absent means no). */
  public boolean restartIce() {
    return Boolean.TRUE.equals(iceRestart);
  }

  public void validate() {
    if (lastN != null && lastN < -1) {
      throw ControlApiException.badRequest("lastN must be -1 (all) or more, got " + lastN);
    }
    if (maxBitrate != null && maxBitrate < 0) {
      throw ControlApiException.badRequest("maxBitrate must not be negative");
    }
    if (onStage != null && !onStage.isEmpty() && !Identifiers.isValid(onStage)) {
      throw ControlApiException.badRequest("onStage must be an endpoint id");
    }
    if (maxHeight != null && (maxHeight < 0 || maxHeight > 4320)) {
      throw ControlApiException.badRequest("maxHeight must be 0-4320, got " + maxHeight);
    }
    if (offer != null && offer.length() > EndpointRequest.MAX_OFFER_CHARS) {
      throw ControlApiException.badRequest(
          "offer is "
              + offer.length()
              + " characters; the limit is "
              + EndpointRequest.MAX_OFFER_CHARS);
    }
  }
}
