package io.octopod.protocol.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtcpPacketsTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void writesAndReadsASenderReportWithABlockInACompoundWithSdes() {
    byte[] buf = new byte[256];
    int n = SenderReport.write(buf, 0, 0x11223344L, 0xe1f2_0000_8000_0000L, 90000, 42, 4200);
    n += ReportBlock.write(buf, n, 0xaabbccddL, 64, -3, 0x0001_0005L, 17, 0x12345678L, 65536);
    SenderReport.setReportCount(buf, 0, 1, n);
    int sdes = SourceDescription.writeCname(buf, n, 0x11223344L, "octopod@bridge");
    int total = n + sdes;

    CompoundRtcpIterator it = new CompoundRtcpIterator();
    assertTrue(it.wrap(buf, 0, total), it.invalidReason());
    assertFalse(it.reducedSize());
    assertEquals(2, it.packetCount());
    assertTrue(it.next());
    assertEquals(RtcpPacket.SR, it.packetType());
    SenderReport sr = new SenderReport();
    assertTrue(sr.wrap(buf, it.packetOffset(), it.packetLength()), sr.invalidReason());
    assertEquals(0x11223344L, sr.senderSsrc());
    assertEquals(0xe1f2_0000_8000_0000L, sr.ntpTimestamp());
    assertEquals(90000, sr.rtpTimestamp());
    assertEquals(42, sr.packetCount());
    assertEquals(4200, sr.octetCount());
    assertEquals(1, sr.reportCount());
    ReportBlock block = sr.reportBlock(0);
    assertEquals(0xaabbccddL, block.ssrc());
    assertEquals(64, block.fractionLost());
    assertEquals(-3, block.cumulativeLost());
    assertEquals(0x0001_0005L, block.extendedHighestSequence());
    assertEquals(17, block.jitter());
    assertEquals(0x12345678L, block.lastSenderReport());
    assertEquals(65536, block.delaySinceLastSenderReport());

    assertTrue(it.next());
    SourceDescription desc = new SourceDescription();
    assertTrue(desc.wrap(buf, it.packetOffset(), it.packetLength()), desc.invalidReason());
    assertTrue(desc.nextChunk());
    assertEquals(0x11223344L, desc.chunkSsrc());
    assertTrue(desc.nextItem());
    assertEquals(SourceDescription.CNAME, desc.itemType());
    assertEquals("octopod@bridge", desc.itemText());
    assertFalse(desc.nextItem());
    assertFalse(desc.nextChunk());
    assertFalse(it.next());
  }

  @Test
  void rewritesASenderReportInPlace() {
    byte[] buf = new byte[28];
    SenderReport.write(buf, 0, 1, 2, 3, 4, 5);
    SenderReport sr = new SenderReport();
    assertTrue(sr.wrap(buf, 0, 28));
    sr.rewrite(0xdeadbeefL, 0xfffffff0L);
    assertTrue(sr.wrap(buf, 0, 28));
    assertEquals(0xdeadbeefL, sr.senderSsrc());
    assertEquals(0xfffffff0L, sr.rtpTimestamp());
    assertEquals(2, sr.ntpTimestamp());
  }

  @Test
  void readsAReceiverReportAndAGoodbye() {
    byte[] buf = new byte[128];
    int n = ReceiverReport.write(buf, 0, 7);
    n += ReportBlock.write(buf, n, 8, 0, 0, 100, 0, 0, 0);
    n += ReportBlock.write(buf, n, 9, 255, 0x7fffff + 5, 200, 0, 0, 0);
    SenderReport.setReportCount(buf, 0, 2, n);
    ReceiverReport rr = new ReceiverReport();
    assertTrue(rr.wrap(buf, 0, n), rr.invalidReason());
    assertEquals(2, rr.reportCount());
    assertEquals(9, rr.reportBlock(1).ssrc());
    assertEquals(0x7fffff, rr.reportBlock(1).cumulativeLost(), "clamped to 24 bits");

    int bye = Goodbye.write(buf, 0, new long[] {0x01020304L, 0x05060708L}, 2, "camera off");
    Goodbye goodbye = new Goodbye();
    assertTrue(goodbye.wrap(buf, 0, bye), goodbye.invalidReason());
    assertEquals(2, goodbye.sourceCount());
    assertEquals(0x05060708L, goodbye.source(1));
    assertEquals("camera off", goodbye.reason());
  }

  @Test
  void genericNackPacksRunsIntoPidAndBitmask() {
    byte[] buf = new byte[64];
    int[] lost = {65534, 65535, 1, 17, 40};
    int n = GenericNack.write(buf, 0, 1, 2, lost, lost.length);
    GenericNack nack = new GenericNack();
    assertTrue(nack.wrap(buf, 0, n), nack.invalidReason());
    assertEquals(3, nack.entryCount(), "65534..1 share one entry across the wrap; 17, 40 don't");
    assertEquals(65534, nack.packetId(0));
    assertEquals(0b101, nack.lostBitmask(0));
    assertEquals(17, nack.packetId(1));
    int[] out = new int[16];
    assertEquals(5, nack.lostSequenceNumbers(out));
    assertArrayEquals(lost, java.util.Arrays.copyOf(out, 5));
    assertEquals(2, nack.mediaSsrc());
  }

  @Test
  void readsAndWritesPliFirAndRemb() {
    byte[] buf = new byte[64];
    int n = PictureLossIndication.write(buf, 0, 1, 0xabcdefL);
    PictureLossIndication pli = new PictureLossIndication();
    assertTrue(pli.wrap(buf, 0, n));
    assertEquals(0xabcdefL, pli.mediaSsrc());
    assertFalse(new FullIntraRequest().wrap(buf, 0, n), "a PLI is not a FIR");

    n = FullIntraRequest.write(buf, 0, 1, 0x55667788L, 9);
    FullIntraRequest fir = new FullIntraRequest();
    assertTrue(fir.wrap(buf, 0, n), fir.invalidReason());
    assertEquals(1, fir.entryCount());
    assertEquals(0x55667788L, fir.entrySsrc(0));
    assertEquals(9, fir.entrySequence(0));

    n = ReceiverEstimatedMaxBitrate.write(buf, 0, 1, 2_500_000, new long[] {11, 12}, 2);
    ReceiverEstimatedMaxBitrate remb = new ReceiverEstimatedMaxBitrate();
    assertTrue(remb.wrap(buf, 0, n), remb.invalidReason());
    assertEquals(2, remb.ssrcCount());
    assertEquals(12, remb.ssrc(1));
    long bitrate = remb.bitrate();
    assertTrue(bitrate <= 2_500_000 && bitrate > 2_500_000 - 16, "18-bit mantissa: " + bitrate);
  }

  @Test
  void parsesRembBytesAsChromeSendsThem() {
    // PSFB FMT 15, sender 1, media 0, "REMB", 1 SSRC, exp 5 mantissa 0x1f400 (=128000<<5? no:
    // 128000*32)
    byte[] buf = hex("8f ce 0005 00000001 00000000 52454d42 01 15f400 12345678");
    ReceiverEstimatedMaxBitrate remb = new ReceiverEstimatedMaxBitrate();
    assertTrue(remb.wrap(buf, 0, buf.length), remb.invalidReason());
    assertEquals(0x1f400L << 5, remb.bitrate());
    assertEquals(0x12345678L, remb.ssrc(0));
  }

  @Test
  void transportCcRoundTripsLostSmallLargeAndNegativeDeltas() {
    TransportWideFeedbackWriter writer = new TransportWideFeedbackWriter();
    long ref = 10_000_000L; // 10 s
    writer.reset(1, 2, 65530, ref, 7);
    long[] arrivals = new long[12];
    int[] seqs = new int[12];
    int k = 0;
    long t = ref;
    for (int i = 0; i < 30; i++) {
      int seq = (65530 + i) & 0xffff;
      if (i % 7 == 3) {
        continue; // lost
      }
      t += (i == 11 ? 100_000 : i == 20 ? -1_000 : 5_000); // one large, one negative delta
      if (k < seqs.length) {
        seqs[k] = seq;
        arrivals[k++] = t;
      }
      assertTrue(writer.addReceived(seq, t));
    }
    byte[] buf = new byte[writer.maxSize()];
    int n = writer.write(buf, 0);
    assertEquals(0, n % 4);
    TransportWideFeedback fb = new TransportWideFeedback();
    assertTrue(fb.wrap(buf, 0, n), fb.invalidReason());
    assertEquals(65530, fb.baseSequence());
    assertEquals(writer.packetCount(), fb.statusCount());
    assertEquals(7, fb.feedbackCount());
    assertEquals(10_000_000L / 64_000, fb.referenceTime());
    long time = fb.referenceTime() * TransportWideFeedback.REFERENCE_TIME_UNIT_MICROS;
    int i = 0;
    int received = 0;
    int large = 0;
    while (fb.nextPacket()) {
      assertEquals((65530 + i) & 0xffff, fb.sequence());
      assertEquals(i % 7 != 3, fb.received(), "seq index " + i);
      if (fb.received()) {
        time += fb.deltaTicks() * 250L;
        if (received < k) {
          assertEquals(arrivals[received], time, 250, "arrival of " + fb.sequence());
        }
        received++;
        if (fb.status() == TransportWideFeedback.LARGE_DELTA) {
          large++;
        }
      }
      i++;
    }
    assertEquals(30 - 4, received);
    assertTrue(large >= 2, "the 100 ms and the negative delta need 2 bytes");
  }

  @Test
  void transportCcReadsARunLengthChunk() {
    // base 100, 3 packets, ref 1, fb count 0; run-length chunk: symbol 01 run 3; deltas 4,4,4; pad
    byte[] buf = hex("8f cd 0006 00000001 00000002 0064 0003 000001 00 2003 04 04 04 00 0000");
    TransportWideFeedback fb = new TransportWideFeedback();
    assertTrue(fb.wrap(buf, 0, buf.length), fb.invalidReason());
    int count = 0;
    while (fb.nextPacket()) {
      assertEquals(100 + count, fb.sequence());
      assertEquals(4, fb.deltaTicks());
      count++;
    }
    assertEquals(3, count);
  }

  @Test
  void rejectsMalformedTransportCc() {
    TransportWideFeedback fb = new TransportWideFeedback();
    // says 20 statuses in a 1-bit vector (14) and then no more chunks
    byte[] overrun = hex("8f cd 0005 00000001 00000002 0064 0014 000001 00 8000 0000");
    assertFalse(fb.wrap(overrun, 0, overrun.length));
    // reserved symbol 11 in a two-bit vector
    byte[] reserved = hex("8f cd 0005 00000001 00000002 0064 0001 000001 00 f000 0000");
    assertFalse(fb.wrap(reserved, 0, reserved.length));
    assertEquals(TransportWideFeedback.RESERVED_SYMBOL, fb.invalidReason());
    // small delta promised, no delta bytes
    byte[] noDeltas = hex("8f cd 0005 00000001 00000002 0064 0001 000001 00 2001 0000");
    assertTrue(fb.wrap(noDeltas, 0, noDeltas.length), "2 bytes of padding hold the delta");
    byte[] noRoom = hex("8f cd 0005 00000001 00000002 0064 0003 000001 00 2003 0000");
    assertFalse(fb.wrap(noRoom, 0, noRoom.length));
    assertEquals(TransportWideFeedback.DELTAS_OVERRUN, fb.invalidReason());
  }

  @Test
  void reducedSizeAndUnknownTypesAreAcceptedAsRawPackets() {
    byte[] buf = new byte[64];
    int n = PictureLossIndication.write(buf, 0, 1, 2);
    buf[n] = (byte) 0x80;
    buf[n + 1] = (byte) 207; // XR: no view here
    buf[n + 3] = 1;
    int total = n + 8;
    CompoundRtcpIterator it = new CompoundRtcpIterator();
    assertTrue(it.wrap(buf, 0, total), it.invalidReason());
    assertTrue(it.reducedSize(), "RFC 5506: starts with feedback");
    it.next();
    assertTrue(it.next());
    RawRtcpPacket raw = new RawRtcpPacket();
    assertTrue(raw.wrap(buf, it.packetOffset(), it.packetLength()));
    assertEquals(207, raw.packetType());
    assertEquals(4, raw.bodyLength());
  }

  @Test
  void rejectsBrokenCompounds() {
    CompoundRtcpIterator it = new CompoundRtcpIterator();
    byte[] truncated = hex("80c9 0002 00000001");
    assertFalse(it.wrap(truncated, 0, truncated.length));
    assertEquals(CompoundRtcpIterator.TRUNCATED, it.invalidReason());
    byte[] version = hex("40c9 0001 00000001");
    assertFalse(it.wrap(version, 0, version.length));
    assertEquals(CompoundRtcpIterator.BAD_VERSION, it.invalidReason());
    byte[] paddedFirst = hex("a0c9 0001 00000001 81ce 0002 00000001 00000002");
    assertFalse(it.wrap(paddedFirst, 0, paddedFirst.length));
    assertEquals(CompoundRtcpIterator.PADDING_NOT_LAST, it.invalidReason());
    assertFalse(it.wrap(new byte[3], 0, 3));

    SenderReport sr = new SenderReport();
    byte[] shortSr = hex("81c8 0006 00000001 00000000 00000000 00000000 00000000 00000000");
    assertFalse(sr.wrap(shortSr, 0, shortSr.length), "RC=1 without a report block");
    assertEquals(SenderReport.TOO_SHORT_FOR_BLOCKS, sr.invalidReason());
    SourceDescription sdes = new SourceDescription();
    byte[] sdesOverrun = hex("81ca 0002 00000001 01 09 6162");
    assertFalse(sdes.wrap(sdesOverrun, 0, sdesOverrun.length));
    Goodbye bye = new Goodbye();
    byte[] reasonOverrun = hex("81cb 0002 00000001 09 616263");
    assertFalse(bye.wrap(reasonOverrun, 0, reasonOverrun.length));
    assertEquals(Goodbye.REASON_OVERRUN, bye.invalidReason());
  }
}
