package io.octopod.bridge.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.stun.StunMessage;
import io.octopod.protocol.stun.StunMessageIntegrity;
import io.octopod.protocol.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {

  private final AtomicLong now = new AtomicLong();
  private final IceLiteAgent agent = new IceLiteAgent("brdg", "bridge-password-0123456", now::get);
  private final InetSocketAddress browser = new InetSocketAddress("192.0.2.2", 50000);

  private StunMessage request(String username, String password, boolean useCandidate) {
    byte[] buf = new byte[200];
    StunMessageWriter w =
        new StunMessageWriter()
            .begin(buf, 0, 0x0001, "abcdefghijkl".getBytes(StandardCharsets.US_ASCII), 0)
            .username(username)
            .priority(100)
            .iceControlling(7);
    if (useCandidate) {
      w.useCandidate();
    }
    w.messageIntegrity(new StunMessageIntegrity(password.getBytes(StandardCharsets.US_ASCII)))
        .fingerprint();
    StunMessage m = new StunMessage();
    assertTrue(m.wrap(buf, 0, w.length()));
    return m;
  }

  @Test
  void answersAnAuthenticatedCheckFromAPeerReflexiveAddressWithItsMappedAddress() {
    byte[] out = new byte[200];
    assertEquals(
        IceLiteAgent.Outcome.ANSWERED,
        agent.handle(request("brdg:cl1", "bridge-password-0123456", false), browser, out));
    StunMessage response = new StunMessage();
    assertTrue(response.wrap(out, 0, agent.responseLength()));
    assertEquals(StunMessage.CLASS_SUCCESS, response.messageClass());
    byte[] address = new byte[16];
    assertEquals(50000, response.xorMappedAddress(address));
    assertEquals(2, address[3]);
    assertTrue(
        new StunMessageIntegrity("bridge-password-0123456".getBytes(StandardCharsets.US_ASCII))
            .verify(response));
    assertTrue(agent.known(browser));
    assertNull(agent.selected(), "not nominated yet");
  }

  @Test
  void refusesWrongCredentialsAndOtherUfrags() {
    byte[] out = new byte[200];
    assertEquals(
        IceLiteAgent.Outcome.BAD_INTEGRITY,
        agent.handle(request("brdg:cl1", "wrong", true), browser, out));
    StunMessage response = new StunMessage();
    assertTrue(response.wrap(out, 0, agent.responseLength()));
    assertEquals(401, response.errorCode());
    assertFalse(agent.known(browser), "a forged check teaches nothing");
    assertEquals(
        IceLiteAgent.Outcome.NOT_FOR_ME,
        agent.handle(request("other:cl1", "bridge-password-0123456", true), browser, out));
  }

  @Test
  void followsNominationAndTimesOutWithoutConsent() {
    byte[] out = new byte[200];
    agent.handle(request("brdg:cl1", "bridge-password-0123456", true), browser, out);
    assertEquals(browser, agent.selected());
    now.set(20_000_000_000L);
    agent.handle(
        request("brdg:cl1", "bridge-password-0123456", false), browser, out); // consent check
    now.set(49_000_000_000L);
    assertFalse(agent.consentExpired(), "29 s after the last check");
    now.set(51_000_000_000L);
    assertTrue(agent.consentExpired(), "31 s after the last check");
  }
}
