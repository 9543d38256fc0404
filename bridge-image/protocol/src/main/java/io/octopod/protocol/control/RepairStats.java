package io.octopod.protocol.control;

/**
 * Loss repair on one endpoint's two legs, counted in packets (sequence numbers).
 *
 * @param nacksReceived sequence numbers this endpoint NACKed, as a receiver
 * @param retransmissions packets the bridge resent to it from its cache
 * @param resendsSuppressed NACKed packets not resent because they were resent within a round trip
 * @param cacheMisses NACKed packets the cache no longer held
 * @param nacksSent sequence numbers the bridge NACKed to this endpoint, as a sender
 * @param lossesDetected packets found missing from this endpoint's streams
 * @param repaired missing packets that arrived later (retransmitted or reordered)
 * @param unrepaired missing packets given up on
 */
public record RepairStats(
    long nacksReceived,
    long retransmissions,
    long resendsSuppressed,
    long cacheMisses,
    long nacksSent,
    long lossesDetected,
    long repaired,
    long unrepaired) {}
