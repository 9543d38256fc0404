package io.octopod.protocol.octo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OctoHeaderTest {

  @Test
  void writesTheDocumentedLayout() {
    byte[] out = new byte[64];
    int n =
        OctoHeader.write(
            out,
            0,
            OctoHeader.KIND_RTP,
            OctoHeader.MEDIA_VIDEO,
            2,
            7,
            0x0102030405060708L,
            0xaabbccddL,
            3,
            0x1122334455667788L);
    assertEquals(28, n);
    assertArrayEquals(
        HexFormat.of()
            .parseHex(
                "11220700" + "0102030405060708" + "aabbccdd" + "00000003" + "1122334455667788"),
        Arrays.copyOf(out, 28));
  }

  @Test
  void readsBackEveryField() {
    byte[] out = new byte[100];
    OctoHeader.write(
        out,
        10,
        OctoHeader.KIND_MESSAGE,
        OctoHeader.MEDIA_NONE,
        OctoHeader.NO_LAYER,
        255,
        -2L,
        0,
        0xffffffffL,
        Long.MAX_VALUE);
    OctoHeader header = new OctoHeader();
    assertTrue(header.wrap(out, 10, 28 + 16 + 5), header.invalidReason());
    assertEquals(1, header.version());
    assertEquals(OctoHeader.KIND_MESSAGE, header.kind());
    assertEquals(OctoHeader.MEDIA_NONE, header.mediaType());
    assertEquals(OctoHeader.NO_LAYER, header.layer());
    assertEquals(255, header.keyId());
    assertEquals(-2L, header.conferenceId());
    assertEquals(0, header.endpointId());
    assertEquals(0xffffffffL, header.relayId());
    assertEquals(Long.MAX_VALUE, header.sequence());
    assertEquals(38, header.payloadOffset());
    assertEquals(21, header.sealedLength(), "payload and tag");
    byte[] nonce = new byte[12];
    header.nonce(nonce, 0);
    assertArrayEquals(HexFormat.of().parseHex("ffffffff7fffffffffffffff"), nonce);
  }

  @Test
  void rejectsBadVersionsKindsAndLengths() {
    byte[] out = new byte[64];
    OctoHeader.write(
        out, 0, OctoHeader.KIND_RTP, OctoHeader.MEDIA_AUDIO, OctoHeader.NO_LAYER, 1, 9, 1, 1, 1);
    OctoHeader header = new OctoHeader();
    assertFalse(header.wrap(out, 0, 43));
    assertEquals(OctoHeader.TOO_SHORT, header.invalidReason());
    byte[] v2 = out.clone();
    v2[0] = (byte) 0x21;
    assertFalse(header.wrap(v2, 0, 64));
    assertEquals(OctoHeader.UNSUPPORTED_VERSION, header.invalidReason());
    byte[] kind = out.clone();
    kind[0] = (byte) 0x15;
    assertFalse(header.wrap(kind, 0, 64));
    assertEquals(OctoHeader.BAD_KIND, header.invalidReason());
    byte[] media = out.clone();
    media[1] = (byte) 0x4f;
    assertFalse(header.wrap(media, 0, 64));
    assertEquals(OctoHeader.BAD_MEDIA, header.invalidReason());
    byte[] conference = out.clone();
    Arrays.fill(conference, 4, 12, (byte) 0);
    assertFalse(header.wrap(conference, 0, 64));
    assertEquals(OctoHeader.ZERO_CONFERENCE, header.invalidReason());
    byte[] relay = out.clone();
    Arrays.fill(relay, 16, 20, (byte) 0);
    assertFalse(header.wrap(relay, 0, 64));
    assertEquals(OctoHeader.ZERO_RELAY, header.invalidReason());
    assertTrue(header.wrap(out, 0, 64));
  }
}
