package io.octopod.bridge.octo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.octopod.bridge.conference.Conference;
import io.octopod.bridge.conference.Conference.RemoteOutcome;
import io.octopod.bridge.net.MediaSocket;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 on two real bridges over loopback: sources and bridge-channel messages larger than a
 * datagram reach the other bridge, whole and in order, even across a lossy link.
 */
class OctoMessagesTest {

  private static final String PREFIX = "{\"type\":\"octo-test\",\"n\":";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Endpoint messages in the loss test: 10 KB each, and a last one of 50 KB. */
  private static final int MESSAGES = 41;

  private OctoPair pair;

  @BeforeEach
  void start() throws Exception {
    pair = new OctoPair();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  private List<String> joinOnA(int count) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add("p" + i);
    }
    pair.configure(ids, List.of("bob"));
    for (String id : ids) {
      OctoPair.join(pair.a, id);
    }
    // B needs a participant of its own to have a router that takes remote sources.
    OctoPair.join(pair.b, "bob");
    return ids;
  }

  private int sourcesBytes() throws Exception {
    return JSON.writeValueAsBytes(OctoSources.of(pair.a.router(OctoPair.CONFERENCE).localSources()))
        .length;
  }

  /**
   * The reported failure: three Chromium participants on one bridge make a sources message longer
   * than the 1,500 bytes the Octo port used to read, so the peer never learnt them.
   */
  @Test
  void threeChromiumParticipantsOnOneBridgeReachThePeer() throws Exception {
    List<String> ids = joinOnA(3);
    int bytes = sourcesBytes();
    System.out.println("sources of 3 Chromium participants: " + bytes + " bytes");
    assertTrue(
        bytes + OctoHeader.LENGTH + OctoHeader.TAG_LENGTH > MediaSocket.MAX_MEDIA_DATAGRAM,
        "the message is longer than the old 1,500-byte read: " + bytes);
    Duration took =
        OctoPair.await(
            "B lists A's three participants, has " + pair.remoteOnB(),
            Duration.ofSeconds(10),
            () -> new HashSet<>(pair.remoteOnB()).containsAll(ids));
    System.out.println("B learnt them after " + took.toMillis() + " ms");
    assertEquals(0, pair.b.octoCounters().dropped(OctoDrop.NOT_AUTHENTIC));
    assertEquals(0, pair.b.octoCounters().dropped(OctoDrop.OVERSIZED));
  }

  /**
   * Twenty participants' sources and forty 10 KB endpoint messages (and one of 50 KB) across a link
   * losing 5 % of datagrams each way: every message arrives whole, once, and in order.
   */
  @Test
  void largeMessagesCrossFivePercentLossWholeAndInOrder() throws Exception {
    pair.loss(0.05);
    List<String> ids = joinOnA(20);
    OctoPair.RecordingChannel bob = new OctoPair.RecordingChannel();
    pair.b.conferences().endpoint(OctoPair.CONFERENCE, "bob").channel(bob);
    int sources = sourcesBytes();

    Random random = new Random(21);
    List<String> sent = new ArrayList<>();
    Conference onA = pair.a.conferences().conference(OctoPair.CONFERENCE);
    for (int n = 0; n < MESSAGES; n++) {
      StringBuilder body = new StringBuilder();
      int length = n == MESSAGES - 1 ? 50_000 : 10_000;
      while (body.length() < length) {
        body.append((char) ('a' + random.nextInt(26)));
      }
      String message = PREFIX + n + ",\"body\":\"" + body + "\"}";
      sent.add(message);
      assertEquals(RemoteOutcome.SENT, onA.deliverRemotely("bob", message));
    }

    Duration sourcesTook =
        OctoPair.await(
            "B lists A's 20 participants, has " + pair.remoteOnB().size(),
            Duration.ofSeconds(20),
            () -> new HashSet<>(pair.remoteOnB()).equals(new HashSet<>(ids)));
    Duration messagesTook =
        OctoPair.await(
            "bob has the " + MESSAGES + " messages, has " + ours(bob).size(),
            Duration.ofSeconds(20),
            () -> ours(bob).size() >= sent.size());
    assertEquals(sent, ours(bob), "each message whole, once, in the order sent");
    Set<String> learnt = new HashSet<>(pair.remoteOnB());
    assertEquals(new HashSet<>(ids), learnt, "exactly A's participants");

    OctoCounters a = pair.a.octoCounters();
    OctoCounters b = pair.b.octoCounters();
    System.out.printf(
        "5 %% loss: sources %d bytes, learnt in %d ms; %d messages delivered %d ms later;"
            + " relay dropped %d A->B and %d B->A datagrams; A sent %d messages, %d acked,"
            + " %d fragments resent, %d abandoned; B delivered %d, sent %d acks, dropped %d"
            + " duplicate fragments and refused %d for room%n",
        sources,
        sourcesTook.toMillis(),
        MESSAGES,
        messagesTook.toMillis(),
        pair.link.droppedUp(),
        pair.link.dropped(),
        a.messagesSent(),
        a.messagesAcked(),
        a.fragmentsResent(),
        a.messagesAbandoned(),
        b.messagesReceived(),
        b.acksSent(),
        b.dropped(OctoDrop.DUPLICATE_FRAGMENT),
        b.dropped(OctoDrop.REASSEMBLY_FULL));
    assertTrue(pair.link.droppedUp() > 0 && a.fragmentsResent() > 0, "the link did lose some");
    assertEquals(0, a.messagesAbandoned(), "nothing given up");
    assertEquals(0, b.dropped(OctoDrop.BAD_FRAGMENT) + b.dropped(OctoDrop.INCONSISTENT_FRAGMENT));
    assertEquals(0, b.dropped(OctoDrop.REASSEMBLY_FULL), "A never sent more than B holds");
    String metrics = pair.metrics(pair.a);
    assertTrue(
        metrics.contains("octopod_bridge_octo_messages_acked_total ")
            && metrics.contains("octopod_bridge_octo_message_fragments_resent_total "),
        "the message counters are in the metrics: " + metrics);
    assertEquals(
        a.fragmentsResent(),
        pair.a.stats().octo().messages().fragmentsResent(),
        "and in the stats");
  }

  /** Too large for Octo: refused to the caller at once, not reported as sent and then lost. */
  @Test
  void anOversizedMessageIsRefusedNotSent() throws Exception {
    joinOnA(1);
    Conference onA = pair.a.conferences().conference(OctoPair.CONFERENCE);
    String huge = PREFIX + "0,\"body\":\"" + "x".repeat(OctoTransport.MAX_MESSAGE_BYTES) + "\"}";
    long sent = pair.a.octoCounters().messagesSent();
    assertEquals(RemoteOutcome.TOO_LARGE, onA.deliverRemotely("bob", huge));
    assertEquals(RemoteOutcome.NOT_FOUND, onA.deliverRemotely("nobody", "{}"));
    assertEquals(1, pair.a.octoCounters().messagesRefused());
    assertEquals(1L, pair.a.stats().octo().messages().refused(), "and the stats say so");
    assertEquals(sent, pair.a.octoCounters().messagesSent(), "nothing was queued");
  }

  private static List<String> ours(OctoPair.RecordingChannel channel) {
    List<String> out = new ArrayList<>();
    synchronized (channel.received) {
      for (String json : channel.received) {
        if (json.startsWith(PREFIX)) {
          out.add(json);
        }
      }
    }
    return out;
  }
}
