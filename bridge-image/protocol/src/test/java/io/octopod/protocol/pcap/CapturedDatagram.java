package io.octopod.protocol.pcap;

/** One UDP datagram from a capture: where it went and its payload bytes. */
public record CapturedDatagram(
    long timestampNanos,
    String source,
    int sourcePort,
    String destination,
    int destinationPort,
    byte[] payload) {}
