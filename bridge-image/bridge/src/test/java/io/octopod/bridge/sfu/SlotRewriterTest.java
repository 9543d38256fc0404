package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;
import org.junit.jupiter.api.Test;

class SlotRewriterTest {

  private final RtpPacket rtp = new RtpPacket();
  private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();

  /** A VP8 packet with a 15-bit picture ID and TL0PICIDX; P bit 0 makes it a keyframe start. */
  private byte[] packet(long ssrc, int seq, long ts, int pictureId, int tl0, boolean keyframe) {
    byte[] b = new byte[12 + 6 + 10];
    b[0] = (byte) 0x80;
    b[1] = 96;
    Bytes.putU16(b, 2, seq);
    Bytes.putU32(b, 4, ts);
    Bytes.putU32(b, 8, ssrc);
    b[12] = (byte) 0x90; // X, S, partition 0
    b[13] = (byte) 0xc0; // I, L
    b[14] = (byte) (0x80 | (pictureId >> 8));
    b[15] = (byte) pictureId;
    b[16] = (byte) tl0;
    b[17] = (byte) (keyframe ? 0x00 : 0x01);
    return b;
  }

  private boolean feed(SlotRewriter slot, byte[] b, boolean keyframe) {
    assertTrue(rtp.wrap(b, 0, b.length));
    assertTrue(vp8.wrap(b, rtp.payloadOffset(), rtp.payloadLength()));
    return slot.rewrite(rtp, vp8, keyframe);
  }

  @Test
  void aSourceSwitchWaitsForAKeyframeAndKeepsEveryCounterContinuous() {
    SlotRewriter slot = new SlotRewriter(0xabcdL, true);
    assertTrue(feed(slot, packet(1, 65534, 1000, 300, 10, true), true));
    assertTrue(feed(slot, packet(1, 65535, 4000, 301, 11, false), false));
    assertEquals(0xabcdL, rtp.ssrc());
    assertEquals(65535, rtp.sequenceNumber());

    assertFalse(
        feed(slot, packet(2, 100, 777_000, 5000, 200, false), false), "not before a keyframe");
    assertEquals(1, slot.source());
    assertTrue(feed(slot, packet(2, 101, 780_000, 5001, 201, true), true));
    assertEquals(2, slot.source());
    assertEquals(0, rtp.sequenceNumber(), "continues after 65535 across the switch");
    assertEquals(7000, rtp.timestamp(), "one frame after the last timestamp");
    assertEquals(302, vp8.pictureId());
    assertEquals(12, vp8.tl0PicIdx());
    assertTrue(feed(slot, packet(2, 102, 783_000, 5002, 202, false), false));
    assertEquals(1, rtp.sequenceNumber());
    assertEquals(10_000, rtp.timestamp());
    assertEquals(303, vp8.pictureId());
    assertEquals(0xabcdL, rtp.ssrc());
  }

  @Test
  void audioSwitchesAtOnce() {
    SlotRewriter slot = new SlotRewriter(9, false);
    byte[] a = {(byte) 0x80, 111, 0, 5, 0, 0, 0, 100, 0, 0, 0, 1, 1, 2};
    assertTrue(rtp.wrap(a, 0, a.length));
    assertTrue(slot.rewrite(rtp, null, false));
    byte[] b = {(byte) 0x80, 111, 3, 0, 0, 1, 0, 0, 0, 0, 0, 2, 1, 2};
    assertTrue(rtp.wrap(b, 0, b.length));
    assertTrue(slot.rewrite(rtp, null, false));
    assertEquals(6, rtp.sequenceNumber());
    assertEquals(100 + 960, rtp.timestamp());
  }
}
