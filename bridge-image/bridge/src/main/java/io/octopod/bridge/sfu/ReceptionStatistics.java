package io.octopod.bridge.sfu;

import io.octopod.protocol.rtcp.ReportBlock;
import io.octopod.protocol.rtp.ExtendedSequenceNumber;

/**
 * What the bridge received of one incoming stream, for the report block of its receiver reports to
 * the sender (RFC 3550 §6.4.1 and Appendix A.3): highest sequence number, losses, and the last
 * sender report's time for round-trip measurement. Jitter is not computed yet (0).
 */
final class ReceptionStatistics {

  private final long ssrc;
  private final ExtendedSequenceNumber sequence = new ExtendedSequenceNumber();
  private long base = -1;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private long lastSenderReport;
  private long lastSenderReportAtNanos = -1;

  ReceptionStatistics(long ssrc) {
    this.ssrc = ssrc;
  }

  void received(int seq) {
    long extended = sequence.update(seq);
    if (base < 0) {
      base = extended;
    }
    received++;
  }

  /** Remembers a sender report: the middle 32 bits of its NTP time, and when it came. */
  void senderReport(long ntpTimestamp, long nowNanos) {
    lastSenderReport = (ntpTimestamp >>> 16) & 0xffff_ffffL;
    lastSenderReportAtNanos = nowNanos;
  }

  /** Writes this stream's report block and starts the next interval; returns its length. */
  int writeBlock(byte[] out, int at, long nowNanos) {
    long highest = sequence.highest();
    long expected = highest - base + 1;
    long lost = expected - received;
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval <= 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    long delay =
        lastSenderReportAtNanos < 0
            ? 0
            : ((nowNanos - lastSenderReportAtNanos) * 65536L) / 1_000_000_000L;
    return ReportBlock.write(
        out,
        at,
        ssrc,
        Math.min(fraction, 255),
        (int) Math.max(-0x800000, Math.min(0x7fffff, lost)),
        highest & 0xffff_ffffL,
        0,
        lastSenderReport,
        delay);
  }
}
