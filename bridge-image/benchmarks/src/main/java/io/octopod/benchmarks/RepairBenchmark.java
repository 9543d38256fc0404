package io.octopod.benchmarks;

import io.octopod.bridge.bwe.BandwidthEstimator;
import io.octopod.bridge.bwe.SendHistory;
import io.octopod.bridge.repair.SentPacketCache;
import io.octopod.protocol.rtcp.TransportWideFeedback;
import io.octopod.protocol.rtcp.TransportWideFeedbackWriter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What loss repair and bandwidth estimation add to each packet a bridge sends: keeping a copy in
 * the sent-packet cache (and finding it again for a NACK), recording it in the send history, and
 * later consuming its entry in a transport-cc feedback. {@link #copyBaseline} copies the same 1,118
 * bytes, the least any forwarder does per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RepairBenchmark {

  /** Packets per feedback: Chromium reports about every 50 ms, ~100 packets at 2.5 Mbit/s. */
  private static final int PER_FEEDBACK = 100;

  private final byte[] packet = Packets.videoRtp();
  private final byte[] copy = new byte[packet.length];
  private final SentPacketCache cache = new SentPacketCache();
  private int sequence;
  private long now = 1_000_000_000L;

  private SendHistory history;
  private BandwidthEstimator estimator;
  private final TransportWideFeedbackWriter writer = new TransportWideFeedbackWriter();
  private final TransportWideFeedback feedback = new TransportWideFeedback();
  private final byte[] feedbackBytes = new byte[2048];
  private int feedbackCount;

  @Setup
  public void setUp() {
    history = new SendHistory();
    estimator = new BandwidthEstimator(history, 1_000_000);
  }

  @Benchmark
  public void copyBaseline(Blackhole bh) {
    System.arraycopy(packet, 0, copy, 0, packet.length);
    bh.consume(copy);
  }

  /** One packet stored in the cache and looked up as a NACK would. */
  @Benchmark
  public int cacheStoreAndFind() {
    int seq = ++sequence & 0xffff;
    now += 400_000; // 2,500 packets per second
    cache.store(seq, packet, 0, packet.length, now);
    return cache.find((seq - 50) & 0xffff, now);
  }

  /**
   * A feedback's worth of packets: each recorded as sent, then one feedback reporting them all
   * (every 20th lost) handed to the estimator. Per op is per packet.
   */
  @Benchmark
  @OperationsPerInvocation(PER_FEEDBACK)
  public long sendHistoryAndFeedback() {
    int first = -1;
    long sentAt = now;
    for (int i = 0; i < PER_FEEDBACK; i++) {
      now += 400_000;
      int seq = history.sent(packet.length, now);
      if (first < 0) {
        first = seq;
      }
    }
    long arrival = sentAt / 1000 + 20_000;
    writer.reset(1, 2, first, arrival, feedbackCount++);
    for (int i = 0; i < PER_FEEDBACK; i++) {
      if (i % 20 != 19) {
        writer.addReceived((first + i) & 0xffff, arrival + i * 400L);
      }
    }
    int n = writer.write(feedbackBytes, 0);
    now += 20_000_000;
    if (feedback.wrap(feedbackBytes, 0, n)) {
      estimator.onFeedback(feedback, now);
    }
    return estimator.estimate();
  }
}
