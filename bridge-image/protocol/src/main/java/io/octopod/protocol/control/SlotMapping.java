package io.octopod.protocol.control;

/**
 * Which source a receiver's slot carries now: the client shows the slot's track as that
 * participant. Sent over the bridge channel, and reported by the control API until that exists.
 *
 * @param ssrc the slot's SSRC, as the bridge's answer declared it
 * @param kind {@code audio} or {@code video}
 * @param endpointId the participant whose media the slot carries
 */
public record SlotMapping(long ssrc, String kind, String endpointId) {}
