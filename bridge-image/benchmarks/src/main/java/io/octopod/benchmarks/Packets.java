package io.octopod.benchmarks;

import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.ReportBlock;
import io.octopod.protocol.rtcp.SenderReport;
import io.octopod.protocol.rtcp.SourceDescription;
import io.octopod.protocol.rtp.RtpPacket;
import java.util.Arrays;

/** Realistic packets for the benchmarks, built with the project's own writers. */
final class Packets {

  private Packets() {}

  static final int AUDIO_LEVEL = 1;
  static final int TRANSPORT_CC = 3;
  static final int MID = 4;

  /**
   * A 1,200-byte video RTP packet with the extensions Chromium sends on every packet: abs-send-time
   * (2), transport-cc (3) and, as at the start of a call, mid (4).
   */
  static byte[] videoRtp() {
    byte[] buf = new byte[1300];
    buf[0] = (byte) 0x80;
    buf[1] = 96;
    buf[3] = 1;
    int length = 12 + 1100;
    RtpPacket rtp = new RtpPacket();
    rtp.wrap(buf, 0, length);
    rtp.addExtension(2, new byte[] {1, 2, 3}, 0, 3, buf.length);
    rtp.addExtension(TRANSPORT_CC, new byte[] {0, 42}, 0, 2, buf.length);
    rtp.addExtension(MID, new byte[] {'1'}, 0, 1, buf.length);
    return Arrays.copyOf(buf, rtp.length());
  }

  /** SR with one report block, SDES CNAME, and a NACK: a typical compound from a receiver leg. */
  static byte[] rtcpCompound() {
    byte[] buf = new byte[256];
    int n = SenderReport.write(buf, 0, 0x1234, 0xe1f2_0000_8000_0000L, 90000, 100, 120_000);
    n += ReportBlock.write(buf, n, 0x5678, 3, 10, 70_000, 12, 0x1111, 65536);
    SenderReport.setReportCount(buf, 0, 1, n);
    n += SourceDescription.writeCname(buf, n, 0x1234, "octopod-bridge-0");
    n += GenericNack.write(buf, n, 0x1234, 0x5678, new int[] {100, 101, 105}, 3);
    return Arrays.copyOf(buf, n);
  }
}
