package io.octopod.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * What every simulated receiver got in the current measuring window: packets, bytes, loss per slot
 * stream, and the one-way latency of each packet through the bridge (send time in the payload
 * against the receive time, both {@link System#nanoTime} of this one JVM). Receive threads record;
 * the controller takes a {@link Window} and starts the next one.
 */
final class ReceiveMeter {

  /**
   * One window's totals; {@code expected} and {@code lost} count video streams, the audio ones are
   * apart ({@link SimulatedEndpoint}'s audio slots change source with the loudest speakers).
   */
  record Window(
      long packets,
      long bytes,
      long expected,
      long lost,
      long audioExpected,
      long audioLost,
      LatencyHistogram latency) {}

  private final List<SequenceTracker> trackers = new ArrayList<>();
  private final List<SequenceTracker> audioTrackers = new ArrayList<>();
  private LatencyHistogram latency = new LatencyHistogram();
  private long packets;
  private long bytes;

  synchronized SequenceTracker tracker() {
    SequenceTracker t = new SequenceTracker();
    trackers.add(t);
    return t;
  }

  synchronized SequenceTracker audioTracker() {
    SequenceTracker t = new SequenceTracker();
    audioTrackers.add(t);
    return t;
  }

  synchronized void received(SequenceTracker stream, int sequence, int length, long latencyNanos) {
    packets++;
    bytes += length;
    stream.received(sequence);
    latency.record(latencyNanos);
  }

  /** The window so far; a new window starts now. */
  synchronized Window takeWindow() {
    long expected = 0;
    long lost = 0;
    for (SequenceTracker t : trackers) {
      expected += t.expected();
      lost += t.lost();
      t.reset();
    }
    long audioExpected = 0;
    long audioLost = 0;
    for (SequenceTracker t : audioTrackers) {
      audioExpected += t.expected();
      audioLost += t.lost();
      t.reset();
    }
    Window w = new Window(packets, bytes, expected, lost, audioExpected, audioLost, latency);
    latency = new LatencyHistogram();
    packets = 0;
    bytes = 0;
    return w;
  }
}
