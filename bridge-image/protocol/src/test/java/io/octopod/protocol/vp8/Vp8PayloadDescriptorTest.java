package io.octopod.protocol.vp8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Vp8PayloadDescriptorTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void readsALongPictureIdTl0AndTidOnAKeyframeStart() {
    // X=1 S=1 PID=0; I L T K; M=1 picture id 0x1234; TL0PICIDX 7; TID 2 Y=1 KEYIDX 5; P=0 (key)
    byte[] buf = hex("90 f0 9234 07 a5 10 02 00 9d012a");
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    assertTrue(vp8.wrap(buf, 0, buf.length), vp8.invalidReason());
    assertEquals(6, vp8.descriptorLength());
    assertTrue(vp8.startOfFrame());
    assertTrue(vp8.keyframe());
    assertTrue(vp8.longPictureId());
    assertEquals(0x1234, vp8.pictureId());
    assertEquals(7, vp8.tl0PicIdx());
    assertEquals(2, vp8.temporalLayer());
    assertTrue(vp8.layerSync());
    assertEquals(5, vp8.keyIndex());
  }

  @Test
  void readsAShortPictureIdOnADeltaFrameContinuation() {
    byte[] keyless = hex("80 80 45 01 aabb"); // X=1 S=0; I only; 7-bit id 0x45; payload
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    assertTrue(vp8.wrap(keyless, 0, keyless.length));
    assertFalse(vp8.longPictureId());
    assertEquals(0x45, vp8.pictureId());
    assertFalse(vp8.startOfFrame());
    assertFalse(vp8.keyframe(), "not the start of a frame, so not a keyframe");
    assertEquals(Vp8PayloadDescriptor.NO_VALUE, vp8.tl0PicIdx());
    assertEquals(Vp8PayloadDescriptor.NO_VALUE, vp8.temporalLayer());

    byte[] delta = hex("10 01 aabb"); // no X; S=1; P=1 in the payload header
    assertTrue(vp8.wrap(delta, 0, delta.length));
    assertTrue(vp8.startOfFrame());
    assertFalse(vp8.keyframe());
    assertFalse(vp8.hasPictureId());
  }

  @Test
  void rewritesPictureIdAndTl0InPlaceKeepingTheWidth() {
    byte[] buf = hex("90 c0 fffe 09 00");
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    assertTrue(vp8.wrap(buf, 0, buf.length));
    vp8.pictureId(0x8001); // wraps to 15 bits
    vp8.tl0PicIdx(0x1ff); // wraps to 8 bits
    assertTrue(vp8.wrap(buf, 0, buf.length));
    assertEquals(1, vp8.pictureId());
    assertTrue(vp8.longPictureId());
    assertEquals(0xff, vp8.tl0PicIdx());

    byte[] short7 = hex("90 80 7f 00");
    assertTrue(vp8.wrap(short7, 0, short7.length));
    vp8.pictureId(0x80);
    assertTrue(vp8.wrap(short7, 0, short7.length));
    assertFalse(vp8.longPictureId());
    assertEquals(0, vp8.pictureId());
  }

  @Test
  void rejectsTruncatedDescriptors() {
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    assertFalse(vp8.wrap(new byte[0], 0, 0));
    assertEquals(Vp8PayloadDescriptor.EMPTY, vp8.invalidReason());
    assertFalse(vp8.wrap(hex("80"), 0, 1));
    assertEquals(Vp8PayloadDescriptor.TRUNCATED, vp8.invalidReason());
    assertFalse(vp8.wrap(hex("80 80"), 0, 2));
    assertEquals(Vp8PayloadDescriptor.TRUNCATED, vp8.invalidReason());
    assertFalse(vp8.wrap(hex("80 f0 80"), 0, 3));
    assertEquals(Vp8PayloadDescriptor.TRUNCATED, vp8.invalidReason());
    assertFalse(vp8.wrap(hex("90 80 45"), 0, 3));
    assertEquals(Vp8PayloadDescriptor.NO_PAYLOAD, vp8.invalidReason());
  }

  @Test
  void readsTheHeightAKeyframeDeclares() {
    // descriptor 10 (S, partition 0); frame tag 00 00 00 (P=0); start code; width 1280, height 720
    byte[] key = hex("10 000000 9d012a 0005 d002");
    Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    assertTrue(vp8.wrap(key, 0, key.length));
    assertEquals(720, vp8.keyframeHeight());
    byte[] delta = hex("10 010000 9d012a 0005 d002");
    assertTrue(vp8.wrap(delta, 0, delta.length));
    assertEquals(Vp8PayloadDescriptor.NO_VALUE, vp8.keyframeHeight(), "not a keyframe");
    byte[] cut = hex("10 000000 9d01");
    assertTrue(vp8.wrap(cut, 0, cut.length));
    assertEquals(Vp8PayloadDescriptor.NO_VALUE, vp8.keyframeHeight(), "too short to say");
  }
}
