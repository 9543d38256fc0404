package io.octopod.protocol.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunMessageTest {

  private static final byte[] PASSWORD = Rfc5769Vectors.PASSWORD.getBytes(StandardCharsets.UTF_8);

  @Test
  void rfc5769SampleRequestParsesAndVerifies() {
    byte[] buf = Rfc5769Vectors.REQUEST.clone();
    StunMessage msg = new StunMessage();
    assertTrue(msg.wrap(buf, 0, buf.length), msg.invalidReason());
    assertTrue(msg.isBindingRequest());
    assertEquals(0x6e0001ffL, msg.priority());
    assertFalse(msg.useCandidate());
    assertTrue(msg.usernameStartsWith("evtj".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(msg.usernameStartsWith("evt".getBytes(StandardCharsets.US_ASCII)));
    int controlled = msg.find(StunAttribute.ICE_CONTROLLED);
    assertEquals(8, msg.valueLength());
    assertArrayEquals(
        Rfc5769Vectors.hex("93 2f f9 b1 51 26 3b 36"),
        Arrays.copyOfRange(buf, controlled, controlled + 8));
    assertTrue(msg.fingerprintValid());
    assertTrue(new StunMessageIntegrity(PASSWORD).verify(msg));
    assertArrayEquals(Rfc5769Vectors.REQUEST, buf, "verifying restores the length field");
  }

  @Test
  void rfc5769ResponsesCarryTheMappedAddresses() throws Exception {
    StunMessage msg = new StunMessage();
    StunMessageIntegrity integrity = new StunMessageIntegrity(PASSWORD);
    byte[] address = new byte[16];

    assertTrue(msg.wrap(Rfc5769Vectors.IPV4_RESPONSE, 0, Rfc5769Vectors.IPV4_RESPONSE.length));
    assertEquals(StunMessage.CLASS_SUCCESS, msg.messageClass());
    assertEquals(StunMessage.BINDING, msg.method());
    assertEquals(32853, msg.xorMappedAddress(address));
    assertEquals(
        InetAddress.getByName("192.0.2.1"), InetAddress.getByAddress(Arrays.copyOf(address, 4)));
    assertTrue(msg.fingerprintValid());
    assertTrue(integrity.verify(msg));

    assertTrue(msg.wrap(Rfc5769Vectors.IPV6_RESPONSE, 0, Rfc5769Vectors.IPV6_RESPONSE.length));
    assertEquals(32853, msg.xorMappedAddress(address));
    assertEquals(
        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"),
        InetAddress.getByAddress(address));
    assertTrue(msg.fingerprintValid());
    assertTrue(integrity.verify(msg));
  }

  @Test
  void rebuildsTheRfc5769MessagesByteForByte() throws Exception {
    StunMessageWriter writer = new StunMessageWriter();
    StunMessageIntegrity integrity = new StunMessageIntegrity(PASSWORD);
    byte[] out = new byte[128];

    writer
        .begin(out, 0, 0x0001, Rfc5769Vectors.TRANSACTION_ID, 0)
        .paddingByte(0x20)
        .software("STUN test client")
        .priority(0x6e0001ffL)
        .iceControlled(0x932ff9b151263b36L)
        .username("evtj:h6vY")
        .messageIntegrity(integrity)
        .fingerprint();
    assertArrayEquals(Rfc5769Vectors.REQUEST, Arrays.copyOf(out, writer.length()));

    byte[] v4 = InetAddress.getByName("192.0.2.1").getAddress();
    writer
        .begin(out, 0, 0x0101, Rfc5769Vectors.TRANSACTION_ID, 0)
        .paddingByte(0x20)
        .software("test vector")
        .xorMappedAddress(v4, 4, 32853)
        .messageIntegrity(integrity)
        .fingerprint();
    assertArrayEquals(Rfc5769Vectors.IPV4_RESPONSE, Arrays.copyOf(out, writer.length()));

    byte[] v6 = InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677").getAddress();
    writer
        .begin(out, 0, 0x0101, Rfc5769Vectors.TRANSACTION_ID, 0)
        .paddingByte(0x20)
        .software("test vector")
        .xorMappedAddress(v6, 16, 32853)
        .messageIntegrity(integrity)
        .fingerprint();
    assertArrayEquals(Rfc5769Vectors.IPV6_RESPONSE, Arrays.copyOf(out, writer.length()));
  }

  @Test
  void aTamperedMessageOrAWrongPasswordFailsTheChecks() {
    byte[] buf = Rfc5769Vectors.REQUEST.clone();
    buf[30] ^= 1; // inside SOFTWARE
    StunMessage msg = new StunMessage();
    assertTrue(msg.wrap(buf, 0, buf.length));
    assertFalse(msg.fingerprintValid());
    assertFalse(new StunMessageIntegrity(PASSWORD).verify(msg));
    assertTrue(msg.wrap(Rfc5769Vectors.REQUEST.clone(), 0, Rfc5769Vectors.REQUEST.length));
    assertFalse(new StunMessageIntegrity("wrong".getBytes(StandardCharsets.UTF_8)).verify(msg));
  }

  @Test
  void buildsAnErrorResponseThatParsesBack() {
    byte[] out = new byte[128];
    StunMessageWriter writer = new StunMessageWriter();
    writer
        .begin(
            out,
            4,
            StunMessage.messageType(StunMessage.BINDING, StunMessage.CLASS_ERROR),
            Rfc5769Vectors.TRANSACTION_ID,
            0)
        .errorCode(487, "Role Conflict")
        .fingerprint();
    StunMessage msg = new StunMessage();
    assertTrue(msg.wrap(out, 4, writer.length()), msg.invalidReason());
    assertEquals(0x0111, msg.messageType());
    assertEquals(StunMessage.CLASS_ERROR, msg.messageClass());
    assertEquals(487, msg.errorCode());
    assertTrue(msg.fingerprintValid());
    assertTrue(msg.sameTransaction(Rfc5769Vectors.TRANSACTION_ID, 0));
  }

  @Test
  void messageTypeEncodingRoundTrips() {
    for (int method = 0; method < 0x1000; method += 7) {
      for (int cls = 0; cls < 4; cls++) {
        int type = StunMessage.messageType(method, cls);
        assertEquals(method, StunMessage.method(type));
        assertEquals(cls, StunMessage.messageClass(type));
      }
    }
    assertEquals(0x0001, StunMessage.messageType(1, StunMessage.CLASS_REQUEST));
    assertEquals(0x0101, StunMessage.messageType(1, StunMessage.CLASS_SUCCESS));
  }

  @Test
  void rejectsMalformedMessagesWithTheRuleBroken() {
    StunMessage msg = new StunMessage();
    assertFalse(msg.wrap(new byte[19], 0, 19));
    assertEquals(StunMessage.TOO_SHORT, msg.invalidReason());
    byte[] bad = Rfc5769Vectors.REQUEST.clone();
    bad[0] = (byte) 0x80;
    assertFalse(msg.wrap(bad, 0, bad.length));
    assertEquals(StunMessage.NOT_STUN, msg.invalidReason());
    bad = Rfc5769Vectors.REQUEST.clone();
    bad[4] = 0;
    assertFalse(msg.wrap(bad, 0, bad.length));
    assertEquals(StunMessage.BAD_COOKIE, msg.invalidReason());
    assertFalse(msg.wrap(Rfc5769Vectors.REQUEST, 0, Rfc5769Vectors.REQUEST.length - 4));
    assertEquals(StunMessage.BAD_LENGTH, msg.invalidReason());
    bad = Rfc5769Vectors.REQUEST.clone();
    bad[22] = 0x7f; // SOFTWARE length far beyond the message
    assertFalse(msg.wrap(bad, 0, bad.length));
    assertEquals(StunMessage.ATTRIBUTE_OVERRUN, msg.invalidReason());
  }

  /**
   * RFC 5389 §15.4 (RFC 8489 §14.5): attributes after MESSAGE-INTEGRITY, other than FINGERPRINT,
   * are ignored. The HMAC does not cover them, so anyone on the path could append them to a valid
   * check; here USE-CANDIDATE and a second USERNAME ride after a valid MESSAGE-INTEGRITY.
   */
  @Test
  void attributesAfterMessageIntegrityAreNotHonoured() {
    byte[] buf = new byte[160];
    StunMessageIntegrity integrity = new StunMessageIntegrity(PASSWORD);
    int length =
        new StunMessageWriter()
            .begin(buf, 0, 0x0001, Rfc5769Vectors.TRANSACTION_ID, 0)
            .priority(0x6e0001ffL)
            .messageIntegrity(integrity)
            .useCandidate()
            .username("evtj:h6vY")
            .fingerprint()
            .length();
    StunMessage msg = new StunMessage();
    assertTrue(msg.wrap(buf, 0, length), msg.invalidReason());
    assertTrue(integrity.verify(msg), "the HMAC covers the message up to MESSAGE-INTEGRITY only");
    assertTrue(msg.fingerprintValid(), "FINGERPRINT after MESSAGE-INTEGRITY still counts");
    assertFalse(msg.useCandidate(), "USE-CANDIDATE after MESSAGE-INTEGRITY was honoured");
    assertFalse(
        msg.usernameStartsWith("evtj".getBytes(StandardCharsets.US_ASCII)),
        "USERNAME after MESSAGE-INTEGRITY was honoured");
    assertEquals(0x6e0001ffL, msg.priority(), "what precedes MESSAGE-INTEGRITY still counts");
    int walked = 0;
    msg.restart();
    while (msg.nextAttribute()) {
      walked++;
    }
    assertEquals(3, walked, "PRIORITY, MESSAGE-INTEGRITY and FINGERPRINT only");
  }
}
