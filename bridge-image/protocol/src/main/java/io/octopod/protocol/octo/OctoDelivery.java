package io.octopod.protocol.octo;

/**
 * An Octo message (kind 3) carrying a bridge-channel message (an endpoint message or an E2E ping)
 * to participants on another bridge. It goes to every peer; each delivers it to {@code to} if that
 * participant is its own, or to all its participants when {@code to} is null (a broadcast).
 *
 * @param type always {@value #TYPE}
 * @param to the participant it is for, or null for everyone
 * @param payload the bridge-channel message, JSON text, exactly as the recipient's page gets it
 */
public record OctoDelivery(String type, String to, String payload) {

  public static final String TYPE = "deliver";

  public static OctoDelivery of(String to, String payload) {
    return new OctoDelivery(TYPE, to, payload);
  }
}
