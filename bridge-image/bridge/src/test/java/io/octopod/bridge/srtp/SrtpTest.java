package io.octopod.bridge.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SrtpTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  private static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");

  @Test
  void rfc3711AppendixB2KeystreamMatches() {
    byte[] stream =
        SrtpKeys.keystream(
            hex("2B7E151628AED2A6ABF7158809CF4F3C"), hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), 48);
    assertArrayEquals(
        hex(
            "E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
        stream);
  }

  @Test
  void rfc3711AppendixB3KeyDerivationMatches() {
    SrtpKeys rtp = SrtpKeys.forRtp(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
    assertArrayEquals(hex("C61E7A93744F39EE10734AFE3FF7A087"), rtp.encryptionKey());
    assertArrayEquals(hex("30CBBC08863D8C85D49DB34A9AE1"), rtp.salt());
    assertArrayEquals(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), rtp.authenticationKey());
    // The same master key with the SRTCP labels 3, 4, 5.
    SrtpKeys rtcp = SrtpKeys.forRtcp(SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);
    assertArrayEquals(hex("4c1aa45a81f73d61c800bbb00fbb1eaa"), rtcp.encryptionKey());
    assertArrayEquals(hex("8d54534feb49ae8e7993a6bd0b844fc323a93dfd"), rtcp.authenticationKey());
    assertArrayEquals(hex("9581c7ad87b3e530bf3e4454a8b3"), rtcp.salt());
  }

  /** The known-answer packets of libsrtp's test driver, keyed with the RFC 3711 master key. */
  @Test
  void aesCmProtectsAndUnprotectsTheReferencePackets() throws Exception {
    SrtpSession sender =
        new SrtpSession(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, MASTER_KEY, MASTER_SALT);
    byte[] plain = hex("800f1234decafbad cafebabe abababababababababababababababab");
    byte[] buf = Arrays.copyOf(plain, 64);
    int n = sender.protectRtp(buf, 0, plain.length);
    assertArrayEquals(
        hex("800f1234decafbad cafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb"),
        Arrays.copyOf(buf, n));

    SrtpSession receiver =
        new SrtpSession(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, MASTER_KEY, MASTER_SALT);
    assertEquals(plain.length, receiver.unprotectRtp(buf, 0, n));
    assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));

    byte[] rtcpPlain = hex("81c8000bcafebabe abababababababababababababababab");
    byte[] rtcp = Arrays.copyOf(rtcpPlain, 64);
    SrtpSession rtcpSender =
        new SrtpSession(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT, MASTER_KEY, MASTER_SALT);
    rtcpSender.protectRtcp(rtcp, 0, rtcpPlain.length); // index 0
    rtcp = Arrays.copyOf(rtcpPlain, 64);
    int m = rtcpSender.protectRtcp(rtcp, 0, rtcpPlain.length); // index 1, as in the reference
    assertArrayEquals(
        hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798"),
        Arrays.copyOf(rtcp, m));
    assertEquals(rtcpPlain.length, receiver.unprotectRtcp(rtcp, 0, m));
    assertArrayEquals(rtcpPlain, Arrays.copyOf(rtcp, rtcpPlain.length));
  }

  /** RFC 7714 §16.1.1: AEAD_AES_128_GCM with the session key and salt given directly. */
  @Test
  void rfc7714GcmSrtpVector() throws Exception {
    SrtpKeys keys =
        new SrtpKeys(
            hex("000102030405060708090a0b0c0d0e0f"), new byte[0], hex("517569642070726f2071756f"));
    byte[] plain =
        hex(
            "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");
    byte[] buf = Arrays.copyOf(plain, 128);
    int n = new SrtpStream(SrtpProfile.AEAD_AES_128_GCM, keys).protect(buf, 0, plain.length);
    assertArrayEquals(
        hex(
            "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833"
                + "899d7f27 beb16a91 52cf765e e4390cce"),
        Arrays.copyOf(buf, n));
    assertEquals(
        plain.length, new SrtpStream(SrtpProfile.AEAD_AES_128_GCM, keys).unprotect(buf, 0, n));
    assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
  }

  /** RFC 7714 §17.2: AEAD_AES_256_GCM SRTCP, SRTCP index 0x5d4. */
  @Test
  void rfc7714GcmSrtcpVector() throws Exception {
    SrtpKeys keys =
        new SrtpKeys(
            hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            new byte[0],
            hex("517569642070726f2071756f"));
    byte[] plain =
        hex(
            "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
    byte[] buf = Arrays.copyOf(plain, 128);
    SrtcpStream sender = new SrtcpStream(SrtpProfile.AEAD_AES_256_GCM, keys);
    sender.nextIndex(0x5d4);
    int n = sender.protect(buf, 0, plain.length);
    assertArrayEquals(
        hex(
            "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4"),
        Arrays.copyOf(buf, n));
    assertEquals(
        plain.length, new SrtcpStream(SrtpProfile.AEAD_AES_256_GCM, keys).unprotect(buf, 0, n));
    assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
  }

  @Test
  void bothProfilesRoundTripAcrossASequenceWrapAndRejectReplaysAndTampering() throws Exception {
    for (SrtpProfile profile :
        new SrtpProfile[] {SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM}) {
      byte[] key = new byte[profile.keyLength()];
      byte[] salt = new byte[profile.saltLength()];
      Arrays.fill(key, (byte) 7);
      Arrays.fill(salt, (byte) 9);
      SrtpSession a = new SrtpSession(profile, key, salt, key, salt);
      SrtpSession b = new SrtpSession(profile, key, salt, key, salt);
      byte[] last = null;
      int lastLength = 0;
      for (int i = 0; i < 40; i++) {
        int seq = (65520 + i) & 0xffff; // crosses 65535 -> 0: the ROC must follow
        byte[] plain = rtp(seq, i);
        byte[] buf = Arrays.copyOf(plain, plain.length + 16);
        int n = a.protectRtp(buf, 0, plain.length);
        last = Arrays.copyOf(buf, buf.length);
        lastLength = n;
        assertEquals(plain.length, b.unprotectRtp(buf, 0, n), profile + " seq " + seq);
        assertArrayEquals(plain, Arrays.copyOf(buf, plain.length));
      }
      assertEquals(-1, b.unprotectRtp(last, 0, lastLength), "a replay is dropped");
      assertEquals(1, b.counters().replayed());
      byte[] tampered = rtp(30, 99);
      byte[] buf = Arrays.copyOf(tampered, tampered.length + 16);
      int n = a.protectRtp(buf, 0, tampered.length);
      buf[20] ^= 1;
      assertEquals(-1, b.unprotectRtp(buf, 0, n));
      assertEquals(1, b.counters().authenticationFailed());
      assertEquals(-1, b.unprotectRtp(new byte[5], 0, 5));
      assertEquals(1, b.counters().tooShort());
      assertEquals(40, b.counters().unprotected());
    }
  }

  @Test
  void keyingMaterialSplitsIntoClientAndServerSides() throws Exception {
    SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    byte[] material = new byte[profile.keyingMaterialLength()];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) i;
    }
    SrtpSession client = SrtpSession.fromKeyingMaterial(profile, material, true);
    SrtpSession server = SrtpSession.fromKeyingMaterial(profile, material, false);
    byte[] plain = rtp(1, 1);
    byte[] buf = Arrays.copyOf(plain, plain.length + 16);
    int n = client.protectRtp(buf, 0, plain.length);
    assertEquals(
        plain.length, server.unprotectRtp(buf, 0, n), "what the client sends, the server opens");
    byte[] back = Arrays.copyOf(plain, plain.length + 16);
    int m = server.protectRtp(back, 0, plain.length);
    assertTrue(client.unprotectRtp(back, 0, m) > 0, "and the other way round");
  }

  private static byte[] rtp(int seq, int fill) {
    byte[] p = new byte[12 + 100];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[11] = 0x42;
    Arrays.fill(p, 12, p.length, (byte) fill);
    return p;
  }
}
