package io.octopod.bridge.control;

import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.Endpoint;

/**
 * Turns a client's SDP offer into the bridge's answer for one endpoint. The SFU core provides the
 * real one; the control API only routes to it.
 */
@FunctionalInterface
public interface OfferAnswerer {

  /**
   * @return the SDP answer
   * @throws io.octopod.protocol.control.ControlApiException 400 with the offending line for a bad
   *     offer
   */
  String answer(Conference conference, Endpoint endpoint, String offer, boolean iceRestart);
}
