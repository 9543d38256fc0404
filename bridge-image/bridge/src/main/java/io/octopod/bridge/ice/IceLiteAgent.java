package io.octopod.bridge.ice;

import io.octopod.protocol.stun.StunMessage;
import io.octopod.protocol.stun.StunMessageIntegrity;
import io.octopod.protocol.stun.StunMessageWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bridge's side of ICE for one endpoint: ICE-lite (RFC 8445 §2.5). It never sends checks; it
 * answers authenticated binding requests from any address (peer-reflexive addresses are normal:
 * Chromium here sends from its host address), follows the controlling agent's nomination
 * (USE-CANDIDATE), and tracks consent freshness (RFC 7675): the selected address must keep sending
 * checks, or the endpoint is reported timed out.
 *
 * <p>Only a fresh transaction moves anything. A binding request has no nonce or time, so a copy of
 * a valid check sent again from another address authenticates as well as the original; followed, it
 * would move the endpoint's media to whoever sent it. So the agent remembers recent transaction ids
 * ({@link RecentTransactions}) and a check that repeats one nominates nothing, teaches no address
 * and gives no consent: it is answered when it comes from an address that passed a fresh check (a
 * retransmission whose answer was lost), else dropped. The alternative, confirming a new address
 * with a check of the bridge's own before switching, is not open to a lite agent (RFC 8445 §2.5: it
 * sends no checks), and would cost a NAT rebinding a round trip of media; a fresh nomination from a
 * new address (ICE restart, NAT rebinding, network change) still switches at once. What is left: a
 * copy older than the last {@link RecentTransactions#CAPACITY} checks, which moves media until the
 * browser's next check moves it back (Chromium sets USE-CANDIDATE on every check of its selected
 * pair when the peer is lite).
 */
public final class IceLiteAgent {

  /** RFC 7675 §5.1: consent expires 30 s after the last check. */
  public static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

  /** What a binding request turned out to be. */
  public enum Outcome {
    /** Authenticated; a success response was written. */
    ANSWERED,
    /** The USERNAME is not for this agent. */
    NOT_FOR_ME,
    /** MESSAGE-INTEGRITY or FINGERPRINT failed; an error response was written. */
    BAD_INTEGRITY,
    /** Not a binding request, or malformed: dropped. */
    IGNORED,
    /**
     * Authenticated, but repeating a recent transaction from an address it could only move or
     * teach: dropped, and nothing learned.
     */
    REPLAYED
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final String localUfrag;
  private final String localPwd;
  private final byte[] ufragBytes;
  private final StunMessageIntegrity integrity;
  private final StunMessageWriter writer = new StunMessageWriter();
  private final LongSupplier nanoClock;
  private final Map<InetSocketAddress, Long> lastCheck = new ConcurrentHashMap<>();
  private final RecentTransactions transactions = new RecentTransactions();
  private volatile InetSocketAddress selected;
  private volatile long selectedAt;

  /** When this agent was made: at the answer, or at an ICE restart. */
  private final long createdAt;

  public IceLiteAgent(LongSupplier nanoClock) {
    this(random(8), random(24), nanoClock);
  }

  public IceLiteAgent(String localUfrag, String localPwd, LongSupplier nanoClock) {
    this.localUfrag = localUfrag;
    this.localPwd = localPwd;
    this.ufragBytes = localUfrag.getBytes(StandardCharsets.US_ASCII);
    this.integrity = new StunMessageIntegrity(localPwd.getBytes(StandardCharsets.US_ASCII));
    this.nanoClock = nanoClock;
    this.createdAt = nanoClock.getAsLong();
  }

  /** ICE ufrag/pwd characters (RFC 8839 §5.4): letters, digits, '+' and '/'. */
  static String random(int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  public String localUfrag() {
    return localUfrag;
  }

  public String localPwd() {
    return localPwd;
  }

  /** Whether the request's USERNAME names this agent (its part before the colon). */
  public boolean addressedToMe(StunMessage request) {
    return request.usernameStartsWith(ufragBytes);
  }

  /**
   * Handles a binding request from {@code from}, writing the response into {@code out}.
   *
   * @return the outcome; for ANSWERED and BAD_INTEGRITY the response is {@link #responseLength()}
   *     bytes in {@code out}
   */
  public Outcome handle(StunMessage request, InetSocketAddress from, byte[] out) {
    if (!request.isBindingRequest()) {
      return Outcome.IGNORED;
    }
    if (!addressedToMe(request)) {
      return Outcome.NOT_FOR_ME;
    }
    if (!request.fingerprintValid() || !integrity.verify(request)) {
      writer
          .begin(
              out,
              0,
              StunMessage.messageType(StunMessage.BINDING, StunMessage.CLASS_ERROR),
              request.buffer(),
              request.transactionIdOffset())
          .errorCode(401, "Unauthorized")
          .fingerprint();
      return Outcome.BAD_INTEGRITY;
    }
    if (!transactions.add(request.buffer(), request.transactionIdOffset())) {
      if (!known(from) || (request.useCandidate() && !from.equals(selected))) {
        return Outcome.REPLAYED;
      }
      return answer(request, from, out);
    }
    long now = nanoClock.getAsLong();
    lastCheck.put(from, now);
    if (request.useCandidate()) {
      // The controlling side nominated this pair; with aggressive or regular nomination alike the
      // latest nominated address is the one media uses.
      selected = from;
      selectedAt = now;
    } else if (from.equals(selected)) {
      selectedAt = now;
    }
    return answer(request, from, out);
  }

  private Outcome answer(StunMessage request, InetSocketAddress from, byte[] out) {
    byte[] address = from.getAddress().getAddress();
    writer
        .begin(
            out,
            0,
            StunMessage.messageType(StunMessage.BINDING, StunMessage.CLASS_SUCCESS),
            request.buffer(),
            request.transactionIdOffset())
        .xorMappedAddress(address, address.length, from.getPort())
        .messageIntegrity(integrity)
        .fingerprint();
    return Outcome.ANSWERED;
  }

  /** Length of the response the last {@link #handle} wrote. */
  public int responseLength() {
    return writer.length();
  }

  /** The nominated remote address, or null before nomination. */
  public InetSocketAddress selected() {
    return selected;
  }

  /** Whether {@code address} has passed a connectivity check (it may send DTLS and media). */
  public boolean known(InetSocketAddress address) {
    return lastCheck.containsKey(address);
  }

  /** True once the selected address has sent no check for {@link #CONSENT_TIMEOUT}. */
  public boolean consentExpired() {
    return selected != null && nanoClock.getAsLong() - selectedAt > CONSENT_TIMEOUT.toNanos();
  }

  /**
   * When consent was last given: the last check from the selected address, or, before any address
   * is nominated (a fresh answer, an ICE restart), when this agent was made. On this agent's clock.
   */
  public long lastConsent() {
    return selected != null ? selectedAt : createdAt;
  }
}
