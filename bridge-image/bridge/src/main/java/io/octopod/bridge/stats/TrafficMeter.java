package io.octopod.bridge.stats;

import java.util.function.LongSupplier;

/**
 * Turns ever-growing packet and byte counters into per-second rates. A rate is recomputed when a
 * reader asks and at least {@link #MIN_INTERVAL_NANOS} has passed since the last computation, so
 * readers that poll often (the operator, Prometheus, tests) all see the same smoothed value.
 */
public final class TrafficMeter {

  static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

  private final LongSupplier packets;
  private final LongSupplier bytes;
  private final LongSupplier nanoClock;
  private long lastAt;
  private long lastPackets;
  private long lastBytes;
  private long packetRate;
  private long bitRate;

  public TrafficMeter(LongSupplier packets, LongSupplier bytes, LongSupplier nanoClock) {
    this.packets = packets;
    this.bytes = bytes;
    this.nanoClock = nanoClock;
    this.lastAt = nanoClock.getAsLong();
    this.lastPackets = packets.getAsLong();
    this.lastBytes = bytes.getAsLong();
  }

  /** Packets per second over the last interval. */
  public synchronized long packetRate() {
    refresh();
    return packetRate;
  }

  /** Bits per second over the last interval. */
  public synchronized long bitRate() {
    refresh();
    return bitRate;
  }

  private void refresh() {
    long now = nanoClock.getAsLong();
    long elapsed = now - lastAt;
    if (elapsed < MIN_INTERVAL_NANOS) {
      return;
    }
    long p = packets.getAsLong();
    long b = bytes.getAsLong();
    packetRate = (p - lastPackets) * 1_000_000_000L / elapsed;
    bitRate = (b - lastBytes) * 8 * 1_000_000_000L / elapsed;
    lastAt = now;
    lastPackets = p;
    lastBytes = b;
  }
}
