package io.octopod.protocol.control;

import java.util.Map;

/**
 * A bridge's Octo traffic, in {@code /colibri/stats}.
 *
 * @param packetsReceived datagrams that reached the Octo port
 * @param packetsAccepted of those, the ones that passed every check and were used
 * @param packetsSent datagrams sent to peer bridges
 * @param bytesReceived UDP payload bytes received
 * @param bytesSent UDP payload bytes sent
 * @param nacksSent sequence numbers this bridge asked peers to resend (loss on the Octo link)
 * @param nacksReceived sequence numbers peers asked this bridge to resend
 * @param retransmitted packets this bridge resent to peers from its cache
 * @param cacheMisses packets peers asked for that this bridge no longer had
 * @param dropped received datagrams dropped, by reason (see docs/octo.md)
 * @param messages the message layer: sent, received, acked, resent, given up
 */
public record OctoStats(
    long packetsReceived,
    long packetsAccepted,
    long packetsSent,
    long bytesReceived,
    long bytesSent,
    long nacksSent,
    long nacksReceived,
    long retransmitted,
    long cacheMisses,
    Map<String, Long> dropped,
    OctoMessageStats messages) {}
