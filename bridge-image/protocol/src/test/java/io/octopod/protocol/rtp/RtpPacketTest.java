package io.octopod.protocol.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  /** V=2 X=1 CC=1 M=1 PT=96 seq=0xfffe ts=0x01020304 ssrc=0xcafebabe, one CSRC, BEDE block. */
  private static final byte[] WITH_EXTENSIONS =
      hex(
          "91 e0 fffe 01020304 cafebabe"
              + " 11111111"
              + " bede 0003"
              + " 10 aa 00 00 22 bbccdd 41 0102 00 00" // id1 len1, pad, pad, id2 len3, id4 len2,
              // pad
              + " 0000" // one more word of padding inside the block: 12 bytes of data total
              + " deadbeef");

  @Test
  void readsEveryHeaderFieldAndTheBounds() {
    RtpPacket rtp = new RtpPacket();
    byte[] buf = WITH_EXTENSIONS.clone();
    assertTrue(rtp.wrap(buf, 0, buf.length - 2), rtp.invalidReason());
    assertEquals(2, rtp.version());
    assertTrue(rtp.marker());
    assertEquals(96, rtp.payloadType());
    assertEquals(0xfffe, rtp.sequenceNumber());
    assertEquals(0x01020304L, rtp.timestamp());
    assertEquals(0xcafebabeL, rtp.ssrc());
    assertEquals(1, rtp.csrcCount());
    assertEquals(0x11111111L, rtp.csrc(0));
    assertEquals(RtpPacket.ONE_BYTE_PROFILE, rtp.extensionProfile());
    assertEquals(12 + 4 + 4 + 12, rtp.headerLength());
    assertEquals(buf.length - 2 - rtp.headerLength(), rtp.payloadLength());
    assertNull(rtp.invalidReason());
  }

  @Test
  void walksOneByteExtensionsSkippingPadding() {
    RtpPacket rtp = new RtpPacket();
    byte[] buf = WITH_EXTENSIONS.clone();
    assertTrue(rtp.wrap(buf, 0, buf.length));
    HeaderExtensions it = rtp.extensions();
    assertTrue(it.next());
    assertEquals(1, it.id());
    assertEquals(1, it.valueLength());
    assertEquals((byte) 0xaa, buf[it.valueOffset()]);
    assertTrue(it.next());
    assertEquals(2, it.id());
    assertEquals(3, it.valueLength());
    assertTrue(it.next());
    assertEquals(4, it.id());
    assertEquals(2, it.valueLength());
    assertFalse(it.next());
    assertFalse(it.truncated());
    int at = rtp.findExtension(2);
    assertEquals(3, rtp.lastFoundLength());
    assertArrayEquals(hex("bbccdd"), Arrays.copyOfRange(buf, at, at + 3));
    assertEquals(-1, rtp.findExtension(9));
  }

  @Test
  void walksTwoByteExtensionsIncludingEmptyValues() {
    byte[] buf = hex("90 60 0001 00000001 00000002 1000 0002 0500 0702 abcd 00 00 00 00 ff");
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, buf.length), rtp.invalidReason());
    HeaderExtensions it = rtp.extensions();
    assertTrue(it.next());
    assertEquals(5, it.id());
    assertEquals(0, it.valueLength());
    assertTrue(it.next());
    assertEquals(7, it.id());
    assertEquals(2, it.valueLength());
    assertFalse(it.next());
  }

  @Test
  void oneByteIdFifteenStopsTheWalk() {
    byte[] buf = hex("90 60 0001 00000001 00000002 bede 0001 10 aa f0 20");
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, buf.length));
    HeaderExtensions it = rtp.extensions();
    assertTrue(it.next());
    assertEquals(1, it.id());
    assertFalse(it.next(), "id 15 means stop (RFC 8285 4.2)");
  }

  @Test
  void anElementRunningPastTheBlockEndsTheWalkAndIsFlagged() {
    byte[] buf = hex("90 60 0001 00000001 00000002 bede 0001 10 aa 3f 00 99");
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, buf.length));
    HeaderExtensions it = rtp.extensions();
    assertTrue(it.next());
    assertFalse(it.next());
    assertTrue(it.truncated());
  }

  @Test
  void rejectsMalformedHeadersWithTheRuleBroken() {
    RtpPacket rtp = new RtpPacket();
    assertFalse(rtp.wrap(new byte[11], 0, 11));
    assertEquals(RtpPacket.TOO_SHORT, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("40 60 0001 00000001 00000002"), 0, 12));
    assertEquals(RtpPacket.BAD_VERSION, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("82 60 0001 00000001 00000002 00000003"), 0, 16));
    assertEquals(RtpPacket.CSRC_OVERRUN, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("90 60 0001 00000001 00000002 bede 0002 10aa0000"), 0, 20));
    assertEquals(RtpPacket.EXTENSION_OVERRUN, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("90 60 0001 00000001 00000002 bede"), 0, 14));
    assertEquals(RtpPacket.EXTENSION_OVERRUN, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("a0 60 0001 00000001 00000002 aabb00"), 0, 15));
    assertEquals(RtpPacket.BAD_PADDING, rtp.invalidReason());
    assertFalse(rtp.wrap(hex("a0 60 0001 00000001 00000002 aabb04"), 0, 15));
    assertEquals(RtpPacket.BAD_PADDING, rtp.invalidReason());
    assertFalse(rtp.wrap(new byte[20], 10, 12));
    assertEquals(RtpPacket.BAD_BOUNDS, rtp.invalidReason());
  }

  @Test
  void paddingIsOutsideThePayload() {
    byte[] buf = hex("a0 60 0001 00000001 00000002 aabbcc 0000 03");
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, buf.length));
    assertEquals(3, rtp.paddingLength());
    assertEquals(3, rtp.payloadLength());
    assertEquals(12, rtp.payloadOffset());
  }

  @Test
  void rewritesSsrcSequenceTimestampAndPayloadTypeInPlace() {
    byte[] buf = WITH_EXTENSIONS.clone();
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, buf.length));
    rtp.ssrc(0x12345678L);
    rtp.sequenceNumber(0x10000 + 5); // only the low 16 bits are written
    rtp.timestamp(0x1_0000_0007L);
    rtp.payloadType(100);
    rtp.marker(false);
    assertTrue(rtp.wrap(buf, 0, buf.length));
    assertEquals(0x12345678L, rtp.ssrc());
    assertEquals(5, rtp.sequenceNumber());
    assertEquals(7, rtp.timestamp());
    assertEquals(100, rtp.payloadType());
    assertFalse(rtp.marker());
    assertEquals(0x11111111L, rtp.csrc(0), "neighbouring fields are untouched");
  }

  @Test
  void addsAnExtensionBlockToAPacketWithoutOneAndRemovesItAgain() {
    byte[] original = hex("80 60 0001 00000001 00000002 01020304 0506");
    byte[] buf = Arrays.copyOf(original, 64);
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, original.length));
    assertTrue(rtp.addExtension(3, hex("0a0b0c"), 0, 3, buf.length));
    assertTrue(rtp.hasExtension());
    assertEquals(RtpPacket.ONE_BYTE_PROFILE, rtp.extensionProfile());
    assertEquals(original.length + 8, rtp.length());
    assertArrayEquals(hex("01020304 0506"), payload(rtp));
    int at = rtp.findExtension(3);
    assertArrayEquals(hex("0a0b0c"), Arrays.copyOfRange(buf, at, at + 3));

    assertTrue(rtp.removeExtension(3));
    assertFalse(rtp.hasExtension());
    assertArrayEquals(original, Arrays.copyOf(buf, rtp.length()), "back to the original bytes");
  }

  @Test
  void addsReplacesAndRemovesBesideExistingElements() {
    byte[] buf = Arrays.copyOf(WITH_EXTENSIONS, 128);
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, WITH_EXTENSIONS.length));
    byte[] payload = payload(rtp);
    assertTrue(rtp.addExtension(7, hex("77777777"), 0, 4, buf.length));
    assertTrue(rtp.addExtension(2, hex("99"), 0, 1, buf.length), "replaces id 2");
    assertArrayEquals(payload, payload(rtp));
    int at = rtp.findExtension(2);
    assertEquals(1, rtp.lastFoundLength());
    assertEquals((byte) 0x99, buf[at]);
    assertTrue(rtp.findExtension(7) >= 0);
    assertTrue(rtp.findExtension(1) >= 0);
    assertTrue(rtp.findExtension(4) >= 0);
    assertTrue(rtp.removeExtension(1));
    assertEquals(-1, rtp.findExtension(1));
    assertTrue(rtp.findExtension(4) >= 0);
    assertArrayEquals(payload, payload(rtp));
    assertFalse(rtp.removeExtension(1), "nothing left to remove");
  }

  @Test
  void refusesWhatTheFormOrTheCapacityCannotTake() {
    byte[] buf = Arrays.copyOf(WITH_EXTENSIONS, WITH_EXTENSIONS.length + 2);
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(buf, 0, WITH_EXTENSIONS.length));
    byte[] before = buf.clone();
    assertFalse(rtp.addExtension(20, hex("01"), 0, 1, buf.length), "id 20 needs the two-byte form");
    assertFalse(rtp.addExtension(5, new byte[16], 0, 16, buf.length), "no room for 17+ bytes");
    assertFalse(
        rtp.addExtension(2, new byte[16], 0, 16, buf.length), "no room to replace id 2 either");
    assertArrayEquals(before, buf, "a refused change leaves the packet as it was");

    byte[] bare = Arrays.copyOf(hex("80 60 0001 00000001 00000002 ff"), 64);
    assertTrue(rtp.wrap(bare, 0, 13));
    assertTrue(rtp.addExtension(20, new byte[0], 0, 0, bare.length));
    assertEquals(RtpPacket.TWO_BYTE_PROFILE, rtp.extensionProfile());
    assertTrue(rtp.findExtension(20) >= 0);
    assertEquals(0, rtp.lastFoundLength());
  }

  @Test
  void sequenceAndTimestampArithmeticWraps() {
    assertEquals(2, SequenceNumbers.diff(1, 65535));
    assertEquals(-2, SequenceNumbers.diff(65535, 1));
    assertTrue(SequenceNumbers.isNewer(0, 65535));
    assertFalse(SequenceNumbers.isNewer(65535, 0));
    assertEquals(3, SequenceNumbers.add(65534, 5));
    assertEquals(16, RtpTimestamps.diff(10, 0xffff_fffaL));
    assertTrue(RtpTimestamps.isNewer(10, 0xffff_fffaL));
    assertEquals(9, RtpTimestamps.add(0xffff_fffaL, 15));
  }

  @Test
  void extendedSequenceNumbersCountCyclesAndPlaceReorderedPackets() {
    ExtendedSequenceNumber ext = new ExtendedSequenceNumber();
    assertEquals(65534, ext.update(65534));
    assertEquals(65535, ext.update(65535));
    assertEquals(65536 + 1, ext.update(1));
    assertEquals(65535, ext.update(65535), "a late packet stays in the old cycle");
    assertEquals(65536 + 1, ext.highest());
    assertEquals(65536 + 2, ext.update(2));
  }

  private static byte[] payload(RtpPacket rtp) {
    return Arrays.copyOfRange(
        rtp.buffer(), rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength());
  }
}
