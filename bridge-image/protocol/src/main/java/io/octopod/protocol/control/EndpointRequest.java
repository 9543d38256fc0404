package io.octopod.protocol.control;

/**
 * Body of {@code POST /colibri/conferences/{conferenceId}/endpoints}: a participant joins.
 *
 * <p>The offer may come later, in an update: the focus reserves the participant's place on the
 * bridge as soon as it has chosen the bridge, before the browser has made its offer, so that a
 * burst of joins counts against the bridge at once.
 *
 * @param endpointId the participant's id, unique within the conference
 * @param region the participant's region, as the focus decided it; reported back in stats
 * @param offer the browser's SDP offer, or null
 */
public record EndpointRequest(String endpointId, String region, String offer) {

  /** SDP offers from browsers are a few KiB; anything far larger is not an offer. */
  public static final int MAX_OFFER_CHARS = 256 * 1024;

  public void validate() {
    Identifiers.require("endpointId", endpointId);
    if (region != null && !Identifiers.isValid(region)) {
      throw ControlApiException.badRequest("region must be a plain name, got '" + region + "'");
    }
    if (offer != null && offer.length() > MAX_OFFER_CHARS) {
      throw ControlApiException.badRequest(
          "offer is " + offer.length() + " characters; the limit is " + MAX_OFFER_CHARS);
    }
  }
}
