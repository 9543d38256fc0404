package io.octopod.bridge.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A sender's (SSRC, ROC, SEQ) must never repeat under one key: the roll-over counter of each packet
 * comes from its own sequence number, and a packet that would repeat an index is refused. Both
 * profiles; the payload is zeros, so an AES-CM ciphertext is the keystream itself.
 */
class SrtpSendIndexTest {

  private static final SrtpProfile[] PROFILES = {
    SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM
  };

  @Test
  void aLatePacketFromBeforeAWrapKeepsItsOwnRolloverCounter() throws Exception {
    for (SrtpProfile profile : PROFILES) {
      SrtpSession sender = session(profile);
      SrtpSession receiver = session(profile);
      for (int seq : new int[] {65530, 65531, 65533, 65534, 65535, 0, 1}) {
        assertEquals(112, receiver.unprotectRtp(protect(sender, seq), 0, sent(profile)), "" + seq);
      }
      // 65532 was held back (a late packet, or one a rewriter repaired) and goes out after the
      // wrap. It belongs to counter 0, and the receiver expects exactly that.
      byte[] late = protect(sender, 65532);
      assertEquals(
          112,
          receiver.unprotectRtp(late, 0, sent(profile)),
          profile + ": the late packet opens with its own counter");

      // Then the stream runs on into counter 1 until it reaches 65532 there.
      for (int seq = 0x4000; seq <= 0xC000; seq += 0x4000) {
        protect(sender, seq);
      }
      byte[] sameSeqNextCycle = protect(sender, 65532);
      assertFalse(
          Arrays.equals(
              Arrays.copyOfRange(late, 12, 112), Arrays.copyOfRange(sameSeqNextCycle, 12, 112)),
          profile + ": seq 65532 of counter 1 must not reuse counter 0's keystream");
      assertEquals(0, sender.counters().indexWouldRepeat());
    }
  }

  @Test
  void aPacketWhoseIndexWasSentIsRefusedAndCounted() throws Exception {
    for (SrtpProfile profile : PROFILES) {
      SrtpSession sender = session(profile);
      for (int seq = 100; seq < 110; seq++) {
        protect(sender, seq);
      }
      byte[] again = packet(105);
      byte[] before = again.clone();
      assertEquals(-1, sender.protectRtp(again, 0, 112), profile + ": 105 was sent already");
      assertArrayEquals(before, again, "a refused packet is left as it was");
      assertEquals(1, sender.counters().indexWouldRepeat());
      assertEquals(1, sender.counters().droppedByReason().get("index_would_repeat"));
    }
  }

  @Test
  void aPacketTooOldToTellOrFromBeforeTheFirstIsRefused() throws Exception {
    for (SrtpProfile profile : PROFILES) {
      SrtpSession sender = session(profile);
      protect(sender, 5);
      // 65000 is nearer 5 backwards (across the wrap) than forwards: it would need counter -1.
      assertEquals(-1, sender.protectRtp(packet(65000), 0, 112), profile + ": before the first");
      for (int seq = 6; seq <= 5 + SrtpStream.SENT_WINDOW + 10; seq++) {
        protect(sender, seq);
      }
      // Never sent, but further behind than the sender remembers: it can't tell, so it refuses.
      assertEquals(-1, sender.protectRtp(packet(7), 0, 112), profile + ": older than the window");
      assertEquals(2, sender.counters().indexWouldRepeat());
    }
  }

  @Test
  void aReceiverDropsAPacketFromBeforeItsFirstAcrossAWrap() throws Exception {
    for (SrtpProfile profile : PROFILES) {
      SrtpSession sender = session(profile);
      SrtpSession receiver = session(profile);
      byte[] first = protect(sender, 5);
      assertEquals(112, receiver.unprotectRtp(first, 0, sent(profile)));
      byte[] forged = packet(65000);
      assertEquals(-1, receiver.unprotectRtp(forged, 0, sent(profile)));
      assertEquals(1, receiver.counters().tooOld(), profile + ": no counter fits it");
    }
  }

  private static byte[] protect(SrtpSession sender, int seq) throws Exception {
    byte[] buf = packet(seq);
    assertEquals(sent(sender.profile()), sender.protectRtp(buf, 0, 112), "seq " + seq);
    return buf;
  }

  /** The length of a protected 112-byte packet. */
  private static int sent(SrtpProfile profile) {
    return 112 + profile.tagLength();
  }

  /** A 112-byte RTP packet with a zero payload, and 16 bytes of room for the tag. */
  private static byte[] packet(int seq) {
    byte[] p = new byte[112 + 16];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[11] = 0x42;
    return p;
  }

  private static SrtpSession session(SrtpProfile profile) {
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    Arrays.fill(key, (byte) 3);
    Arrays.fill(salt, (byte) 5);
    return new SrtpSession(profile, key, salt, key, salt);
  }
}
