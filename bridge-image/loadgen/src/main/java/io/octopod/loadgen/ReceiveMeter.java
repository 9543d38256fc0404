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
    long[] video = sumAndReset(trackers);
    long[] audio = sumAndReset(audioTrackers);
    Window w = new Window(packets, bytes, video[0], video[1], audio[0], audio[1], latency);
    latency = new LatencyHistogram();
    packets = 0;
    bytes = 0;
    return w;
  }

  /** Expected and lost packets over the streams, which then start a new window. */
  private static long[] sumAndReset(List<SequenceTracker> streams) {
    long[] expectedAndLost = new long[2];
    for (SequenceTracker t : streams) {
      expectedAndLost[0] += t.expected();
      expectedAndLost[1] += t.lost();
      t.reset();
    }
    return expectedAndLost;
  }
}
