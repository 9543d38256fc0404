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
 * @param displayName the participant's name as people see it, or null; reported back in stats, so
 *     that every focus replica can show who is in a conference, whichever replica they joined
 *     through
 */
public record EndpointRequest(String endpointId, String region, String offer, String displayName) {

  /** SDP offers from browsers are a few KiB; anything far larger is not an offer. */
  public static final int MAX_OFFER_CHARS = 256 * 1024;

  /** Names are for rosters; the focus allows 64 characters. */
  public static final int MAX_DISPLAY_NAME_CHARS = 64;

  /** A participant without a display name. */
  public EndpointRequest(String endpointId, String region, String offer) {
    this(endpointId, region, offer, null);
  }

  public void validate() {
    Identifiers.require("endpointId", endpointId);
    if (region != null && !Identifiers.isValid(region)) {
      throw ControlApiException.badRequest("region must be a plain name, got '" + region + "'");
    }
    if (displayName != null
        && (displayName.length() > MAX_DISPLAY_NAME_CHARS
            || displayName.chars().anyMatch(Character::isISOControl))) {
      throw ControlApiException.badRequest(
          "displayName must be at most "
              + MAX_DISPLAY_NAME_CHARS
              + " characters, without control characters");
    }
    if (offer != null && offer.length() > MAX_OFFER_CHARS) {
      throw ControlApiException.badRequest(
          "offer is " + offer.length() + " characters; the limit is " + MAX_OFFER_CHARS);
    }
  }
}
