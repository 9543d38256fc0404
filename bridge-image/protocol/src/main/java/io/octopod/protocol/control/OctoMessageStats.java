package io.octopod.protocol.control;

/**
 * A bridge's Octo messages (sources, bridge-channel deliveries), in {@code /colibri/stats}: they
 * are fragmented, acknowledged and resent (see docs/octo.md).
 *
 * @param sent messages handed to a peer bridge (one per peer)
 * @param received messages from peers reassembled and delivered in order
 * @param acked messages peers acknowledged
 * @param fragmentsResent fragments sent again after their timer ran out
 * @param abandoned messages given up unacknowledged (too many sends, or pushed out of the backlog)
 * @param refused messages not sent at all: over the 60,000-byte limit
 * @param acksSent ack datagrams sent to peers
 * @param acksReceived ack datagrams received from peers
 */
public record OctoMessageStats(
    long sent,
    long received,
    long acked,
    long fragmentsResent,
    long abandoned,
    long refused,
    long acksSent,
    long acksReceived) {}
