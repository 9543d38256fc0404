package io.octopod.protocol.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.Bytes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 4588 §4 layout: OSN first in the payload, the RTX stream's own SSRC, PT and SN. */
class RetransmissionTest {

  /**
   * A VP8-like packet with a one-byte-header extension (mid = "0"), marker set, 4 bytes padding.
   */
  private static byte[] original() {
    byte[] p = new byte[12 + 8 + 6 + 4];
    p[0] = (byte) 0xB0; // V=2, P, X
    p[1] = (byte) (0x80 | 96);
    Bytes.putU16(p, 2, 0xfffe);
    Bytes.putU32(p, 4, 123456);
    Bytes.putU32(p, 8, 0xAABBCCDDL);
    Bytes.putU16(p, 12, 0xBEDE);
    Bytes.putU16(p, 14, 1);
    p[16] = 0x10; // id 1, length 1
    p[17] = '0';
    for (int i = 0; i < 6; i++) {
      p[20 + i] = (byte) (i + 1);
    }
    p[29] = 4;
    return p;
  }

  @Test
  void encapsulatePutsTheOriginalSequenceNumberFirstAndDropsPadding() {
    RtpPacket packet = new RtpPacket();
    assertTrue(packet.wrap(original(), 0, 30));
    byte[] out = new byte[64];
    int n = Retransmission.encapsulate(packet, out, 97, 0x11223344L, 7);
    assertEquals(12 + 8 + 2 + 6, n);
    RtpPacket rtx = new RtpPacket();
    assertTrue(rtx.wrap(out, 0, n), rtx.invalidReason());
    assertEquals(97, rtx.payloadType());
    assertTrue(rtx.marker(), "marker kept");
    assertEquals(7, rtx.sequenceNumber());
    assertEquals(0x11223344L, rtx.ssrc());
    assertEquals(123456, rtx.timestamp());
    assertFalse(rtx.hasPadding());
    assertEquals(0xfffe, Bytes.u16(out, rtx.payloadOffset()), "OSN");
    assertArrayEquals(
        new byte[] {1, 2, 3, 4, 5, 6},
        Arrays.copyOfRange(out, rtx.payloadOffset() + 2, rtx.payloadOffset() + 8));
    assertTrue(rtx.findExtension(1) >= 0, "extensions kept");
  }

  @Test
  void decapsulateRestoresTheOriginal() {
    RtpPacket packet = new RtpPacket();
    assertTrue(packet.wrap(original(), 0, 30));
    byte[] rtxBytes = new byte[64];
    int n = Retransmission.encapsulate(packet, rtxBytes, 97, 0x11223344L, 7);
    RtpPacket rtx = new RtpPacket();
    assertTrue(rtx.wrap(rtxBytes, 0, n));
    byte[] back = new byte[64];
    int m = Retransmission.decapsulate(rtx, back, 96, 0xAABBCCDDL);
    RtpPacket restored = new RtpPacket();
    assertTrue(restored.wrap(back, 0, m));
    assertEquals(0xfffe, restored.sequenceNumber());
    assertEquals(96, restored.payloadType());
    assertEquals(0xAABBCCDDL, restored.ssrc());
    assertEquals(6, restored.payloadLength());
    byte[] expected = original();
    expected[0] &= (byte) ~0x20;
    assertArrayEquals(Arrays.copyOf(expected, 26), Arrays.copyOf(back, m), "byte for byte");
  }

  @Test
  void aPaddingOnlyProbeHasNoOriginal() {
    byte[] probe = new byte[12 + 200];
    probe[0] = (byte) 0xA0;
    probe[1] = 97;
    probe[211] = (byte) 200;
    RtpPacket rtx = new RtpPacket();
    assertTrue(rtx.wrap(probe, 0, probe.length), rtx.invalidReason());
    assertEquals(-1, Retransmission.decapsulate(rtx, new byte[256], 96, 1));
  }
}
