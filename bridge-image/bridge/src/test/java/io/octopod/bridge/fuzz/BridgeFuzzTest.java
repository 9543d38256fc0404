package io.octopod.bridge.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.channel.ClientMessages;
import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.ConferenceRegistry;
import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.protocol.control.ConferenceRequest;
import io.octopod.protocol.control.EndpointRequest;
import io.octopod.protocol.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Jazzer fuzz tests for what the bridge does with a participant's bytes once they are past the
 * codecs: SRTP and SRTCP unprotect, and the bridge channel's JSON. Like {@code ProtocolFuzzTest}
 * they run once over the committed inputs in {@code mvn verify}, and explore with {@code
 * JAZZER_FUZZ=1} ({@code make fuzz}). A finding is any exception or a broken round trip.
 */
class BridgeFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The first byte picks the profile; the rest is a datagram. Unprotecting it (as SRTP and as
   * SRTCP) drops it or opens it, never throws; and if it is an RTP packet, protecting it and
   * unprotecting it on the other side gives it back unchanged.
   */
  @FuzzTest(maxDuration = "60s")
  void srtp(byte[] data) throws Exception {
    if (data.length < 1) {
      return;
    }
    SrtpProfile profile =
        (data[0] & 1) == 0 ? SrtpProfile.AES_CM_128_HMAC_SHA1_80 : SrtpProfile.AEAD_AES_128_GCM;
    byte[] packet = Arrays.copyOfRange(data, 1, data.length);
    SrtpSession sender = session(profile);
    SrtpSession receiver = session(profile);
    receiver.limitToSignalledSsrcs(new long[] {0x42, 0x43});

    byte[] copy = packet.clone();
    int opened = receiver.unprotectRtp(copy, 0, copy.length);
    assertTrue(opened == -1 || (opened >= 12 && opened <= copy.length), "rtp " + opened);
    copy = packet.clone();
    opened = receiver.unprotectRtcp(copy, 0, copy.length);
    assertTrue(opened == -1 || (opened >= 8 && opened <= copy.length), "rtcp " + opened);
    assertEquals(
        receiver.counters().dropped() + receiver.counters().unprotected(),
        2,
        "each packet counted once");

    RtpPacket rtp = new RtpPacket();
    if (rtp.wrapHeaderOnly(packet, 0, packet.length)) {
      byte[] buf = Arrays.copyOf(packet, packet.length + profile.tagLength());
      int sent = sender.protectRtp(buf, 0, packet.length);
      SrtpSession open = session(profile);
      assertEquals(packet.length, open.unprotectRtp(buf, 0, sent), "round trip");
      assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
    }
  }

  /**
   * Any text as a bridge-channel message: the bridge answers with nothing or one JSON object (an
   * error, or a pong), never throws, and the other participant is still there.
   */
  @FuzzTest(maxDuration = "60s")
  void channelMessage(byte[] data) throws Exception {
    ConferenceRegistry registry = new ConferenceRegistry(() -> true);
    registry.createOrUpdate("c", new ConferenceRequest("ns/c", 1, null));
    Endpoint from = registry.allocate("c", new EndpointRequest("ann", "us-east", null));
    registry.allocate("c", new EndpointRequest("ben", "us-east", null));
    Conference conference = registry.conference("c");
    String reply =
        ClientMessages.handle(conference, from, new String(data, StandardCharsets.UTF_8));
    if (reply != null) {
      JsonNode node = JSON.readTree(reply);
      assertTrue(node.isObject() && node.has("type"), reply);
    }
    assertTrue(conference.endpoint("ben") != null, "ben is still there");
  }

  private static SrtpSession session(SrtpProfile profile) {
    byte[] key = new byte[profile.keyLength()];
    byte[] salt = new byte[profile.saltLength()];
    Arrays.fill(key, (byte) 1);
    Arrays.fill(salt, (byte) 2);
    return new SrtpSession(profile, key, salt, key, salt);
  }
}
