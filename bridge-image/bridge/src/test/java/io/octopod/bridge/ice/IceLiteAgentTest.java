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
    return request(username, password, useCandidate, "abcdefghijkl");
  }

  private StunMessage request(
      String username, String password, boolean useCandidate, String transactionId) {
    byte[] buf = new byte[200];
    StunMessageWriter w =
        new StunMessageWriter()
            .begin(buf, 0, 0x0001, transactionId.getBytes(StandardCharsets.US_ASCII), 0)
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
        request("brdg:cl1", "bridge-password-0123456", false, "consentcheck"),
        browser,
        out); // consent check: a fresh transaction
    now.set(49_000_000_000L);
    assertFalse(agent.consentExpired(), "29 s after the last check");
    now.set(51_000_000_000L);
    assertTrue(agent.consentExpired(), "31 s after the last check");
  }

  private static final String PWD = "bridge-password-0123456";
  private final InetSocketAddress elsewhere = new InetSocketAddress("198.51.100.7", 40000);

  @Test
  void aCheckReplayedFromAnotherAddressMovesNothing() {
    byte[] out = new byte[200];
    StunMessage nominating = request("brdg:cl1", PWD, true, "transaction1");
    assertEquals(IceLiteAgent.Outcome.ANSWERED, agent.handle(nominating, browser, out));
    for (int i = 0; i < 100; i++) {
      agent.handle(request("brdg:cl1", PWD, false, String.format("consent%05d", i)), browser, out);
    }
    assertEquals(
        IceLiteAgent.Outcome.REPLAYED,
        agent.handle(nominating, elsewhere, out),
        "a replayed check was followed");
    assertEquals(browser, agent.selected(), "a replayed check moved the media address");
    assertFalse(agent.known(elsewhere), "a replayed check taught an address");
  }

  @Test
  void aRetransmissionIsAnsweredButRefreshesNoConsent() {
    byte[] out = new byte[200];
    StunMessage check = request("brdg:cl1", PWD, true, "transaction1");
    agent.handle(check, browser, out);
    now.set(20_000_000_000L);
    assertEquals(
        IceLiteAgent.Outcome.ANSWERED,
        agent.handle(check, browser, out),
        "a retransmission from the same address gets its answer");
    now.set(31_000_000_000L);
    assertTrue(agent.consentExpired(), "only a fresh transaction is consent (RFC 7675 5.1)");
  }

  @Test
  void aFreshNominationFromANewAddressStillSwitches() {
    byte[] out = new byte[200];
    agent.handle(request("brdg:cl1", PWD, true, "transaction1"), browser, out);
    assertEquals(
        IceLiteAgent.Outcome.ANSWERED,
        agent.handle(request("brdg:cl1", PWD, true, "transaction2"), elsewhere, out));
    assertEquals(elsewhere, agent.selected(), "a NAT rebinding moves the media address");
  }

  @Test
  void useCandidateAfterMessageIntegrityNominatesNothing() {
    byte[] buf = new byte[200];
    int length =
        new StunMessageWriter()
            .begin(buf, 0, 0x0001, "transaction1".getBytes(StandardCharsets.US_ASCII), 0)
            .username("brdg:cl1")
            .priority(100)
            .iceControlling(7)
            .messageIntegrity(new StunMessageIntegrity(PWD.getBytes(StandardCharsets.US_ASCII)))
            .useCandidate()
            .fingerprint()
            .length();
    StunMessage appended = new StunMessage();
    assertTrue(appended.wrap(buf, 0, length));
    byte[] out = new byte[200];
    assertEquals(IceLiteAgent.Outcome.ANSWERED, agent.handle(appended, browser, out));
    assertNull(agent.selected(), "USE-CANDIDATE after MESSAGE-INTEGRITY nominated an address");
  }
}
