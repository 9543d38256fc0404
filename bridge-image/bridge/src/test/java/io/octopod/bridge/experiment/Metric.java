package io.octopod.bridge.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A figure computed from the pairs of one group in one run. Counts are pooled over the group's
 * pairs before dividing (total NACKs over total stream-minutes, not a mean of per-pair rates), so a
 * pair with a short or empty window weighs what it measured.
 */
public enum Metric {
  E2E_RTT("E2E RTT", "ms", 0, Metric::medianRtt),
  PING_LOSS("E2E pings unanswered", "%", 1, Metric::pingLossPercent),
  JITTER_BUFFER("jitter-buffer delay", "ms/frame", 0, Metric::jitterBufferMillisPerFrame),
  FREEZES("freezes", "/min", 2, pairs -> perStreamMinute(pairs, p -> p.freezes())),
  FROZEN("time frozen", "%", 2, Metric::frozenPercent),
  NACKS("NACKs sent by receiver", "/min", 0, pairs -> perStreamMinute(pairs, p -> p.nacks())),
  // Chromium counts every packet on the RTX stream, the bridge's probing padding included, so this
  // is more than the repairs; the bridges' own counters (CounterTable) tell them apart.
  RETRANSMITTED(
      "RTX packets received", "/min", 0, pairs -> perStreamMinute(pairs, p -> p.retransmitted())),
  KEYFRAME_REQUESTS(
      "keyframe requests (PLI)",
      "/min",
      2,
      pairs -> perStreamMinute(pairs, p -> p.keyframeRequests())),
  // Not "lost after repair": see PairSample#lost for what Chromium leaves in it.
  CHROMIUM_LOST("packetsLost (Chromium)", "%", 2, Metric::lostPercent),
  FRAME_RATE("frames decoded", "/s", 1, Metric::framesPerSecond),
  RECEIVED_HEIGHT("received height", "px", 0, Metric::meanHeight),
  LAYER_SWITCHES(
      "received height changes",
      "/min",
      1,
      pairs -> perStreamMinute(pairs, p -> p.heightChanges()));

  public final String label;
  public final String unit;
  public final int decimals;
  private final ToDoubleFunction<List<PairSample>> compute;

  Metric(String label, String unit, int decimals, ToDoubleFunction<List<PairSample>> compute) {
    this.label = label;
    this.unit = unit;
    this.decimals = decimals;
    this.compute = compute;
  }

  /** The figure for these pairs, NaN when they measured nothing it needs. */
  public double of(List<PairSample> pairs) {
    return compute.applyAsDouble(pairs);
  }

  private static double medianRtt(List<PairSample> pairs) {
    List<Double> all = new ArrayList<>();
    pairs.forEach(p -> all.addAll(p.rtts()));
    return Spread.of(all).median();
  }

  private static double pingLossPercent(List<PairSample> pairs) {
    long sent = pairs.stream().mapToLong(PairSample::pingsSent).sum();
    long answered = pairs.stream().mapToLong(p -> p.rtts().size()).sum();
    return sent == 0 ? Double.NaN : 100.0 * (sent - answered) / sent;
  }

  private static double jitterBufferMillisPerFrame(List<PairSample> pairs) {
    double delay = pairs.stream().mapToDouble(PairSample::jitterBufferDelay).sum();
    long emitted = pairs.stream().mapToLong(PairSample::jitterBufferEmitted).sum();
    return emitted == 0 ? Double.NaN : 1000 * delay / emitted;
  }

  private static double perStreamMinute(
      List<PairSample> pairs, ToDoubleFunction<PairSample> count) {
    double minutes = pairs.stream().mapToDouble(PairSample::seconds).sum() / 60;
    return minutes == 0 ? Double.NaN : pairs.stream().mapToDouble(count).sum() / minutes;
  }

  private static double frozenPercent(List<PairSample> pairs) {
    double seconds = pairs.stream().mapToDouble(PairSample::seconds).sum();
    double frozen = pairs.stream().mapToDouble(PairSample::freezeSeconds).sum();
    return seconds == 0 ? Double.NaN : 100 * frozen / seconds;
  }

  private static double lostPercent(List<PairSample> pairs) {
    long lost = pairs.stream().mapToLong(PairSample::lost).sum();
    long expected = lost + pairs.stream().mapToLong(PairSample::received).sum();
    return expected == 0 ? Double.NaN : 100.0 * lost / expected;
  }

  private static double meanHeight(List<PairSample> pairs) {
    return pairs.stream().mapToDouble(PairSample::meanHeight).average().orElse(Double.NaN);
  }

  private static double framesPerSecond(List<PairSample> pairs) {
    double seconds = pairs.stream().mapToDouble(PairSample::seconds).sum();
    long frames = pairs.stream().mapToLong(PairSample::framesDecoded).sum();
    return seconds == 0 ? Double.NaN : frames / seconds;
  }
}
