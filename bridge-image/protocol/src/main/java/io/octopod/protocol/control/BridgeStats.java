package io.octopod.protocol.control;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code GET /colibri/stats}: what the operator polls to place participants and to keep the
 * BridgePool status true.
 *
 * @param relayId this bridge's name
 * @param region the region it serves
 * @param state {@code ready}, {@code draining} or {@code shutting-down}
 * @param stress load between 0 and 1 (may exceed 1 when overloaded): the larger of participants
 *     over capacity and packet rate over the rate the bridge is sized for
 * @param maxParticipants the capacity the stress is measured against
 * @param conferenceCount number of conferences
 * @param participants endpoints on this bridge, over all conferences
 * @param packetRateIn packets per second received, media and Octo, over the last interval
 * @param packetRateOut packets per second sent
 * @param bitRateIn bits per second received
 * @param bitRateOut bits per second sent
 * @param conferences each conference with its endpoints and Octo peers
 * @param octo what crossed the Octo port, and what was dropped and why
 * @param endpointsExpired endpoints the bridge removed itself since it started, by reason: {@code
 *     never-connected}, {@code consent-expired}, {@code transport-failed}
 */
public record BridgeStats(
    String relayId,
    String region,
    String state,
    double stress,
    int maxParticipants,
    int conferenceCount,
    int participants,
    long packetRateIn,
    long packetRateOut,
    long bitRateIn,
    long bitRateOut,
    List<ConferenceInfo> conferences,
    OctoStats octo,
    Map<String, Long> endpointsExpired) {}
