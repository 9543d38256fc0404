package io.octopod.bridge.conference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.octopod.bridge.conference.Endpoint.State;
import io.octopod.bridge.conference.EndpointExpiry.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The expiry rule on its own, on a made-up clock (seconds written as nanoseconds). */
class EndpointExpiryTest {

  private static final long S = 1_000_000_000L;
  private static final long TIMEOUT = 30 * S;

  @Test
  void anEndpointWhoseClientIsQuietForTheTimeoutNeverConnected() {
    assertNull(EndpointExpiry.due(State.RESERVED, 0, 0, Long.MIN_VALUE, 30 * S, TIMEOUT));
    assertEquals(
        Reason.NEVER_CONNECTED,
        EndpointExpiry.due(State.RESERVED, 0, 0, Long.MIN_VALUE, 31 * S, TIMEOUT));
    // The answer (CONNECTING) restarts the clock, as a check does.
    assertNull(EndpointExpiry.due(State.CONNECTING, 0, 20 * S, 0, 31 * S, TIMEOUT));
    assertEquals(
        Reason.NEVER_CONNECTED,
        EndpointExpiry.due(State.CONNECTING, 0, 20 * S, 0, 51 * S, TIMEOUT));
    assertNull(EndpointExpiry.due(State.CONNECTING, 0, 20 * S, 25 * S, 51 * S, TIMEOUT));
  }

  @Test
  void aClientStillCheckingMayConnectUpToTheLimit() {
    assertNull(EndpointExpiry.due(State.CONNECTING, 0, 1 * S, 119 * S, 120 * S, TIMEOUT));
    assertEquals(
        Reason.NEVER_CONNECTED,
        EndpointExpiry.due(State.CONNECTING, 0, 1 * S, 120 * S, 121 * S, TIMEOUT));
  }

  @Test
  void aConnectedEndpointStaysWhileItsClientChecksConsent() {
    assertNull(EndpointExpiry.due(State.CONNECTED, 0, 5 * S, 50 * S, 79 * S, TIMEOUT));
    assertEquals(
        Reason.CONSENT_EXPIRED,
        EndpointExpiry.due(State.CONNECTED, 0, 5 * S, 50 * S, 81 * S, TIMEOUT));
    // Connecting counts as consent, if the agent saw no check since (a restarted agent).
    assertNull(EndpointExpiry.due(State.CONNECTED, 0, 40 * S, 1 * S, 69 * S, TIMEOUT));
  }

  @Test
  void aFailedTransportGoesAtOnce() {
    assertEquals(
        Reason.TRANSPORT_FAILED, EndpointExpiry.due(State.FAILED, 0, 1 * S, 1 * S, 1 * S, TIMEOUT));
  }

  @Test
  void checksAQuarterOfTheTimeoutWithinBounds() {
    assertEquals(Duration.ofMillis(500), EndpointExpiry.checkPeriod(Duration.ofSeconds(2)));
    assertEquals(Duration.ofSeconds(5), EndpointExpiry.checkPeriod(Duration.ofMinutes(5)));
    assertEquals(Duration.ofMillis(100), EndpointExpiry.checkPeriod(Duration.ofMillis(100)));
  }
}
