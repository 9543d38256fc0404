package io.octopod.protocol.control;

/**
 * Body of {@code PATCH /colibri/conferences/{conferenceId}/endpoints/{endpointId}}.
 *
 * @param offer a new SDP offer (first offer, or renegotiation), or null
 * @param iceRestart true to issue new ICE credentials
 */
public record EndpointUpdate(String offer, boolean iceRestart) {

  public void validate() {
    if (offer != null && offer.length() > EndpointRequest.MAX_OFFER_CHARS) {
      throw ControlApiException.badRequest(
          "offer is "
              + offer.length()
              + " characters; the limit is "
              + EndpointRequest.MAX_OFFER_CHARS);
    }
  }
}
