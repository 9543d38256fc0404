package io.octopod.protocol.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.demux.PacketKind;
import io.octopod.protocol.rtcp.RawRtcpPacket;
import io.octopod.protocol.rtp.HeaderExtensions;
import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.stun.StunMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Replays the start of a real call from Chromium 156 (VP8 simulcast q/h/f plus Opus, captured on
 * loopback) through the demultiplexer and the RTP, RTCP and STUN views.
 */
class ChromiumCaptureTest {

  private static final String CAPTURE = "chromium-156-vp8-simulcast-start.pcap";
  private static final String OFFER = "chromium-156-simulcast-offer.sdp";

  /** Header extension ids from the offer's a=extmap lines (checked below). */
  private static final int MID = 4;

  private static final int RID = 10;
  private static final int REPAIRED_RID = 11;

  @Test
  void everyPacketDemultiplexesAndEveryHeaderParses() throws Exception {
    List<CapturedDatagram> datagrams = CaptureReader.udpDatagrams(SharedTestData.chromium(CAPTURE));
    Map<PacketKind, Integer> counts = new EnumMap<>(PacketKind.class);
    Set<Long> rtcpSenders = new TreeSet<>();
    int dtlsPlaintextRecords = 0;
    int dtlsUnifiedHeaderRecords = 0;
    RtpPacket rtp = new RtpPacket();
    RawRtcpPacket rtcp = new RawRtcpPacket();
    StunMessage stun = new StunMessage();
    for (CapturedDatagram d : datagrams) {
      byte[] p = d.payload();
      PacketKind kind = Demultiplexer.classify(p, 0, p.length);
      counts.merge(kind, 1, Integer::sum);
      switch (kind) {
        case STUN ->
            assertTrue(stun.wrap(p, 0, p.length) && stun.fingerprintValid(), stun.invalidReason());
        case RTP -> assertTrue(rtp.wrapHeaderOnly(p, 0, p.length - 10), rtp.invalidReason());
        case RTCP -> {
          // SRTCP: only the first packet's header and sender SSRC are in clear.
          assertTrue(rtcp.wrapHeaderOnly(p, 0, p.length - 14), rtcp.invalidReason());
          int type = rtcp.packetType();
          assertTrue(type >= 200 && type <= 206, "RTCP type " + type);
          rtcpSenders.add(rtcp.senderSsrc());
        }
        case DTLS -> {
          int first = p[0] & 0xff;
          if (first >= 20 && first <= 25) {
            // A DTLS 1.2-style record: content type and version 0xfeXX.
            assertEquals((byte) 0xfe, p[1]);
            dtlsPlaintextRecords++;
          } else {
            // Chromium 156 negotiates DTLS 1.3: after ServerHello the records are encrypted with
            // the unified header of RFC 9147 4, whose first three bits are 001 (0x20-0x3f).
            assertEquals(0x20, first & 0xe0, "first byte " + first);
            dtlsUnifiedHeaderRecords++;
          }
        }
        default -> throw new AssertionError("unexpected " + kind + " datagram of " + p.length);
      }
    }
    assertEquals(2161, datagrams.size());
    assertEquals(28, counts.get(PacketKind.STUN));
    assertEquals(
        3, dtlsPlaintextRecords, "ClientHello (2 fragments) and ServerHello, as tshark sees");
    assertEquals(EXPECTED_DTLS13, dtlsUnifiedHeaderRecords);
    // CHROMIUM.md counts 2,130 SRTP/SRTCP datagrams, as tshark does; tshark leaves the three DTLS
    // 1.3 records undissected, so they landed in that figure. RFC 7983 puts them with DTLS.
    assertEquals(2130 - 3, counts.get(PacketKind.RTP) + counts.get(PacketKind.RTCP));
    assertEquals(EXPECTED_RTP, counts.get(PacketKind.RTP));
    assertEquals(EXPECTED_RTCP, counts.get(PacketKind.RTCP));
    // The sender reports of the audio and the three video layers, plus the receiving side's RTCP
    // (Chromium uses SSRC 1 for a receive-only feedback sender, and one more local SSRC).
    assertEquals(
        new TreeSet<>(Set.of(1L, 541450165L, 2623281435L, 3884879486L, 4195875351L, 4196762218L)),
        rtcpSenders,
        "RTCP senders");
  }

  static final int EXPECTED_RTP = 1942;
  static final int EXPECTED_RTCP = 185;
  static final int EXPECTED_DTLS13 = 3;

  @Test
  void theFirstPacketsMapEachSsrcToItsRid() throws Exception {
    String offer = Files.readString(SharedTestData.chromium(OFFER));
    assertTrue(offer.contains("a=extmap:" + MID + " urn:ietf:params:rtp-hdrext:sdes:mid"));
    assertTrue(
        offer.contains("a=extmap:" + RID + " urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
    assertTrue(
        offer.contains(
            "a=extmap:"
                + REPAIRED_RID
                + " urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"));

    Map<Long, String> ridBySsrc = new TreeMap<>();
    Map<Long, String> repairedRidBySsrc = new TreeMap<>();
    Map<Long, String> midBySsrc = new TreeMap<>();
    RtpPacket rtp = new RtpPacket();
    for (CapturedDatagram d : CaptureReader.udpDatagrams(SharedTestData.chromium(CAPTURE))) {
      byte[] p = d.payload();
      if (Demultiplexer.classify(p, 0, p.length) != PacketKind.RTP
          || !rtp.wrapHeaderOnly(p, 0, p.length - 10)) {
        continue;
      }
      HeaderExtensions it = rtp.extensions();
      while (it.next()) {
        String value = new String(p, it.valueOffset(), it.valueLength(), StandardCharsets.US_ASCII);
        switch (it.id()) {
          case MID -> midBySsrc.putIfAbsent(rtp.ssrc(), value);
          case RID -> ridBySsrc.putIfAbsent(rtp.ssrc(), value);
          case REPAIRED_RID -> repairedRidBySsrc.putIfAbsent(rtp.ssrc(), value);
          default -> {}
        }
      }
    }
    assertEquals(Map.of(541450165L, "q", 2623281435L, "h", 3884879486L, "f"), ridBySsrc);
    assertEquals(
        Map.of(541450165L, "1", 2623281435L, "1", 3884879486L, "1", 4196762218L, "0"),
        midBySsrc,
        "video layers share mid 1; audio is mid 0");
    // No loss at the start of this call, so Chromium sent no RTX and no repaired-rid.
    assertEquals(Map.of(), repairedRidBySsrc);
  }
}
