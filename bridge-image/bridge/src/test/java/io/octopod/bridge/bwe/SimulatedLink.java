package io.octopod.bridge.bwe;

import io.octopod.protocol.rtcp.TransportWideFeedback;
import io.octopod.protocol.rtcp.TransportWideFeedbackWriter;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * A sender paced at the estimate, a bottleneck link (rate, queue, delay, random loss) and a
 * receiver sending transport-cc feedback every 50 ms, simulated in 1 ms steps, to drive a {@link
 * BandwidthEstimator} the way a real leg would.
 */
final class SimulatedLink {

  private static final long MS = 1_000_000L;
  private static final int PACKET_BYTES = 1200;

  long capacity;
  double loss;
  final long oneWayNanos = 20 * MS;
  long desired = 5_000_000;

  /**
   * Whether the sender probes as the bridge does: 300 ms at up to twice the estimate, every 3 s.
   */
  boolean probing;

  private long probeStartedAt = -1;
  private long lastProbeEnd;
  private long probeTarget;

  private final SendHistory history = new SendHistory();
  final BandwidthEstimator estimator;
  private final Random random = new Random(7);
  private final TransportWideFeedbackWriter writer = new TransportWideFeedbackWriter();
  private final TransportWideFeedback feedback = new TransportWideFeedback();
  private final ArrayDeque<long[]> arrivals = new ArrayDeque<>(); // {seq, arrival}
  private final ArrayDeque<Object[]> feedbackInFlight = new ArrayDeque<>(); // {bytes, due}
  private long now;
  private long linkFreeAt;
  private double sendBudgetBits;
  private long nextFeedback = 50 * MS;
  private int feedbackCount;
  private int nextBase = -1;

  SimulatedLink(long capacity, long start) {
    this.capacity = capacity;
    this.estimator = new BandwidthEstimator(history, start);
  }

  /** Runs for {@code millis} of simulated time. */
  void run(long millis) {
    for (long step = 0; step < millis; step++) {
      now += MS;
      long estimate = estimator.estimate();
      if (probeStartedAt >= 0 && now - probeStartedAt >= 300 * MS) {
        estimator.probeEnded();
        probeStartedAt = -1;
        lastProbeEnd = now;
      } else if (probing
          && probeStartedAt < 0
          && desired > estimate
          && now - lastProbeEnd >= 3_000 * MS) {
        probeStartedAt = now;
        probeTarget = Math.min(Math.max(desired, estimate * 3 / 2), estimate * 2);
        estimator.probeStarted();
      }
      long rate = probeStartedAt >= 0 ? probeTarget : Math.min(estimate, desired);
      sendBudgetBits += rate / 1000.0;
      while (sendBudgetBits >= PACKET_BYTES * 8) {
        sendBudgetBits -= PACKET_BYTES * 8;
        int seq = history.sent(PACKET_BYTES, now);
        if (random.nextDouble() < loss) {
          continue;
        }
        long serialisation = PACKET_BYTES * 8L * 1_000_000_000L / capacity;
        long leaves = Math.max(now, linkFreeAt) + serialisation;
        if (leaves - now > 300 * MS) {
          continue; // tail drop: the queue holds 300 ms
        }
        linkFreeAt = leaves;
        arrivals.add(new long[] {seq, leaves + oneWayNanos});
      }
      if (now >= nextFeedback) {
        nextFeedback += 50 * MS;
        writeFeedback();
      }
      while (!feedbackInFlight.isEmpty() && (long) feedbackInFlight.peek()[1] <= now) {
        byte[] fb = (byte[]) feedbackInFlight.poll()[0];
        if (feedback.wrap(fb, 0, fb.length)) {
          estimator.onFeedback(feedback, now);
        }
      }
    }
  }

  private void writeFeedback() {
    boolean started = false;
    while (!arrivals.isEmpty() && arrivals.peek()[1] <= now) {
      long[] a = arrivals.poll();
      if (!started) {
        // Like browsers, each feedback starts where the last ended, so losses at the boundary
        // are reported too.
        int base = nextBase < 0 ? (int) a[0] : nextBase;
        writer.reset(1, 2, base, a[1] / 1000, feedbackCount++);
        started = true;
      }
      writer.addReceived((int) a[0], a[1] / 1000);
      nextBase = (int) (a[0] + 1) & 0xffff;
    }
    if (started) {
      byte[] out = new byte[writer.maxSize() + 16];
      int n = writer.write(out, 0);
      feedbackInFlight.add(new Object[] {java.util.Arrays.copyOf(out, n), now + oneWayNanos});
    }
  }
}
