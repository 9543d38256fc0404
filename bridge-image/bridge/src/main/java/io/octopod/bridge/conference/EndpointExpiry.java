package io.octopod.bridge.conference;

import io.octopod.protocol.control.ControlApiException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Removes the endpoints nobody is using, so that no participant outlives its client whichever
 * operator replica placed it: one whose client went quiet (no ICE check since the allocation or the
 * answer) for the timeout before it connected, or took more than {@link #CONNECT_LIMIT} timeouts to
 * connect at all; one whose client stopped proving consent (RFC 7675) for the timeout once
 * connected; and one whose transport failed (a DTLS failure is final: an ICE restart keeps the DTLS
 * association). The operator learns of each removal from the endpoint lists in the stats it polls.
 *
 * <p>Runs on the event loop that owns the conferences' media (the media port's loop), so a removal
 * never runs while that loop forwards another participant's packets.
 */
public final class EndpointExpiry implements Runnable {

  private static final Logger LOG = Logger.getLogger(EndpointExpiry.class.getName());

  /** Why an endpoint was removed; the names appear in stats and metrics. */
  public enum Reason {
    /** Allocated, but its client went quiet, or took too long, before ICE and DTLS completed. */
    NEVER_CONNECTED("never-connected"),
    /** Connected, then its selected address sent no consent check for the timeout. */
    CONSENT_EXPIRED("consent-expired"),
    /** Its DTLS handshake failed. */
    TRANSPORT_FAILED("transport-failed");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * However busy its client looks, an endpoint must connect within this many timeouts of its
   * allocation: a client that keeps checking ICE but never completes DTLS is not a participant.
   */
  public static final int CONNECT_LIMIT = 4;

  private final ConferenceRegistry registry;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final Map<Reason, LongAdder> expired = new EnumMap<>(Reason.class);

  public EndpointExpiry(ConferenceRegistry registry, Duration timeout, LongSupplier nanoClock) {
    this.registry = registry;
    this.timeoutNanos = timeout.toNanos();
    this.nanoClock = nanoClock;
    for (Reason reason : Reason.values()) {
      expired.put(reason, new LongAdder());
    }
  }

  /** How often to look: a quarter of the timeout, within 100 ms and 5 s. */
  public static Duration checkPeriod(Duration timeout) {
    long quarter = timeout.toMillis() / 4;
    return Duration.ofMillis(Math.max(100, Math.min(5_000, quarter)));
  }

  /**
   * Why the endpoint should go now, or null while it is in use. A pure rule on the endpoint's
   * times, all on one nanosecond clock.
   */
  public static Reason due(
      Endpoint.State state,
      long allocatedAt,
      long stateSince,
      long lastConsent,
      long now,
      long timeoutNanos) {
    return switch (state) {
      case RESERVED, CONNECTING -> {
        // A client still sending checks is still connecting (a cold DTLS handshake on a busy
        // machine may take seconds), up to the limit; the answer restarts the clock too.
        long heard = Math.max(Math.max(allocatedAt, stateSince), lastConsent);
        boolean quiet = now - heard > timeoutNanos;
        boolean tooLong = now - allocatedAt > CONNECT_LIMIT * timeoutNanos;
        yield quiet || tooLong ? Reason.NEVER_CONNECTED : null;
      }
      case FAILED -> Reason.TRANSPORT_FAILED;
      case CONNECTED -> {
        // Connecting counts as consent: the agent's clock starts at the answer, not at DTLS.
        long consent = Math.max(lastConsent, stateSince);
        yield now - consent > timeoutNanos ? Reason.CONSENT_EXPIRED : null;
      }
    };
  }

  /** One pass over every endpoint; call it on the media loop. */
  @Override
  public void run() {
    long now = nanoClock.getAsLong();
    for (Conference conference : registry.conferencesNow()) {
      for (Endpoint endpoint : conference.endpoints()) {
        Reason reason =
            due(
                endpoint.state(),
                endpoint.allocatedAt(),
                endpoint.stateSince(),
                endpoint.lastConsent(),
                now,
                timeoutNanos);
        if (reason != null) {
          expire(conference, endpoint, reason);
        }
      }
    }
  }

  private void expire(Conference conference, Endpoint endpoint, Reason reason) {
    try {
      registry.expireEndpoint(conference.id(), endpoint.id());
    } catch (ControlApiException e) {
      return; // the operator expired it, or the conference, a moment ago
    }
    expired.get(reason).increment();
    LOG.info(
        () ->
            "expired endpoint "
                + endpoint.id()
                + " of "
                + conference.id()
                + " ("
                + reason.wireName()
                + ", "
                + endpoint.state().wireName()
                + ")");
  }

  /** Endpoints removed so far, by reason (every reason listed, in name order). */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    expired.forEach((reason, count) -> out.put(reason.wireName(), count.sum()));
    return out;
  }
}
