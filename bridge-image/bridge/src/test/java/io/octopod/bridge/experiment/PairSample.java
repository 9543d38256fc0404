package io.octopod.bridge.experiment;

import java.util.List;

/**
 * What one receiver saw of one sender's video during one run's measured window: differences of
 * Chromium's inbound-rtp counters between the window's start and end, and the E2E ping round trips
 * the receiver's page measured to that sender over the same window.
 *
 * @param setup "star" or "cascade"
 * @param repetition 1-based
 * @param seconds length of the measured window
 * @param jitterBufferDelay seconds, summed over the frames emitted (getStats' jitterBufferDelay)
 * @param jitterBufferEmitted frames that left the jitter buffer (jitterBufferEmittedCount)
 * @param freezeSeconds totalFreezesDuration
 * @param nacks NACKs the receiver sent (nackCount)
 * @param keyframeRequests PLIs the receiver sent (pliCount): gaps it gave up waiting for
 * @param retransmitted retransmittedPacketsReceived: every RTX packet, padding included
 * @param lost packetsLost as Chromium counts it: a packet repaired by RTX on the last hop still
 *     counts as lost (libwebrtc leaves recovered packets out of its receive statistics), one a
 *     bridge repaired upstream and forwarded as the original does not
 * @param meanHeight frameHeight averaged over the window's samples (every 2 s): the layer received
 * @param heightChanges how often frameHeight differed from the previous sample: layer switches
 * @param rtts E2E ping round trips in ms, answered pings only
 * @param pingsSent pings sent to the sender in the window
 */
public record PairSample(
    String setup,
    int repetition,
    String receiver,
    String sender,
    PairGroup group,
    double seconds,
    long framesDecoded,
    double jitterBufferDelay,
    long jitterBufferEmitted,
    long freezes,
    double freezeSeconds,
    long nacks,
    long keyframeRequests,
    long retransmitted,
    long lost,
    long received,
    double meanHeight,
    int heightChanges,
    List<Double> rtts,
    int pingsSent) {}
