package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.control.SlotMapping;
import io.octopod.protocol.demux.Demultiplexer;
import io.octopod.protocol.demux.PacketKind;
import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.octo.OctoSources;
import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.PictureLossIndication;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's side of Octo, with pre-keyed local endpoints and a recording uplink: local media
 * goes to every peer with its layer and number, remote participants fill local slots, NACKs and
 * keyframe requests go to and come from the origin bridge, and garbage from an authenticated peer
 * breaks nothing.
 */
class OctoRouterTest {

  private static final long SLOT = 7000;
  private static final long LOCAL_SSRC = 0x5555;
  private static final long REMOTE_SSRC = 0x7777;
  private static final long PEER = 2;
  private static final long REMOTE_NUMBER = 5;

  /** One datagram the router asked the uplink to send. */
  private record Sent(long relay, int kind, int media, int layer, long endpoint, byte[] bytes) {}

  private final List<Sent> uplinked = new ArrayList<>();
  private final List<byte[]> toSender = new ArrayList<>();
  private final List<byte[]> toReceiver = new ArrayList<>();
  private final byte[] senderKey = PreKeyedEndpoints.key(1);
  private final byte[] receiverKey = PreKeyedEndpoints.key(2);
  private final int[] repair = new int[4];

  private final OctoUplink uplink =
      new OctoUplink() {
        @Override
        public void send(
            long relayNumber,
            int kind,
            int mediaType,
            int layer,
            long endpointNumber,
            byte[] buf,
            int off,
            int len) {
          uplinked.add(
              new Sent(
                  relayNumber,
                  kind,
                  mediaType,
                  layer,
                  endpointNumber,
                  Arrays.copyOfRange(buf, off, off + len)));
        }

        @Override
        public boolean hasPeers() {
          return true;
        }

        @Override
        public void repairCounted(int nacksSent, int nacksReceived, int resent, int misses) {
          repair[0] += nacksSent;
          repair[1] += nacksReceived;
          repair[2] += resent;
          repair[3] += misses;
        }
      };

  private ConferenceRouter router;
  private ConferenceRouter.Participant sender;
  private ConferenceRouter.Participant receiver;

  @BeforeEach
  void conference() {
    router = new ConferenceRouter(true);
    router.octo(uplink);
    sender =
        PreKeyedEndpoints.join(
            router,
            "s",
            senderKey,
            toSender,
            new AnswerBuilder.Negotiated(
                111, 96, 97, Map.of(), List.of(), "AA", List.of(100L), List.of(101L)));
    receiver =
        PreKeyedEndpoints.join(
            router,
            "r",
            receiverKey,
            toReceiver,
            new AnswerBuilder.Negotiated(
                111,
                96,
                97,
                Map.of(),
                List.of(),
                "AA",
                List.of(SLOT, SLOT + 1),
                List.of(SLOT + 10)));
  }

  private void listRemote(long now) {
    router.remoteSources(
        PEER,
        List.of(
            new OctoSources.Source(
                "x", REMOTE_NUMBER, "ap-southeast", 111, 96, 97, Map.of(), List.of())),
        uplink,
        now);
  }

  private void fromRemote(int seq, long now) {
    byte[] p = RouterPackets.vp8(REMOTE_SSRC, seq, seq == 1);
    router.octoRtp(PEER, REMOTE_NUMBER, OctoHeader.NO_LAYER, p, 0, p.length - 32, now);
  }

  private static int rtcpCount(List<byte[]> sink, int packetType) {
    SrtpSession session = PreKeyedEndpoints.session(PreKeyedEndpoints.key(1));
    CompoundRtcpIterator it = new CompoundRtcpIterator();
    int count = 0;
    for (byte[] d : sink) {
      if (Demultiplexer.classify(d, 0, d.length) != PacketKind.RTCP) {
        continue;
      }
      byte[] copy = d.clone();
      int n = session.unprotectRtcp(copy, 0, copy.length);
      if (n > 0 && it.wrap(copy, 0, n)) {
        while (it.next()) {
          count += it.packetType() == packetType ? 1 : 0;
        }
      }
    }
    return count;
  }

  @Test
  void everyLocalPacketGoesToEveryPeerWithTheSendersNumber() {
    long now = System.nanoTime();
    byte[] p = RouterPackets.vp8(LOCAL_SSRC, 1, true);
    router.onRtp(sender, p, 0, p.length - 32, now);
    assertEquals(1, uplinked.size(), "the local receiver's copy is not Octo's business");
    Sent sent = uplinked.get(0);
    assertEquals(OctoUplink.ALL_RELAYS, sent.relay());
    assertEquals(OctoHeader.KIND_RTP, sent.kind());
    assertEquals(OctoHeader.MEDIA_VIDEO, sent.media());
    assertEquals(sender.octoNumber, sent.endpoint());
    assertArrayEquals(Arrays.copyOf(p, p.length - 32), sent.bytes(), "the packet as received");
    assertEquals(1, router.localSources().stream().filter(s -> s.endpointId().equals("s")).count());
  }

  @Test
  void aRemoteParticipantFillsALocalSlotAndItsRtpIsNeverSentBackToOcto() {
    long now = System.nanoTime();
    listRemote(now);
    fromRemote(1, now);
    fromRemote(2, now);
    List<RtpPacket> got = RouterPackets.rtpTo(toReceiver, receiverKey);
    assertEquals(2, got.size(), "both packets reach the local receiver");
    assertTrue(got.get(0).ssrc() == SLOT || got.get(0).ssrc() == SLOT + 1, "on a slot");
    List<SlotMapping> slots = ConferenceRouter.slots(receiver);
    assertTrue(
        slots.stream().anyMatch(m -> m.endpointId().equals("x")), "slot mapping names x " + slots);
    assertTrue(
        uplinked.stream().noneMatch(s -> s.kind() == OctoHeader.KIND_RTP),
        "remote media is not relayed to other bridges");
    assertEquals(List.of("x"), router.remoteParticipants());
  }

  @Test
  void aGapInARemoteStreamIsNackedToItsBridge() {
    long now = System.nanoTime();
    listRemote(now);
    fromRemote(1, now);
    fromRemote(2, now);
    fromRemote(4, now + 1_000_000L);
    fromRemote(5, now + 30_000_000L);
    List<Sent> nacks = uplinked.stream().filter(s -> s.kind() == OctoHeader.KIND_RTCP).toList();
    assertEquals(1, nacks.size(), "one NACK to the origin bridge: " + uplinked);
    assertEquals(PEER, nacks.get(0).relay(), "to the peer the participant is on");
    assertEquals(REMOTE_NUMBER, nacks.get(0).endpoint());
    GenericNack nack = new GenericNack();
    assertTrue(nack.wrap(nacks.get(0).bytes(), 0, nacks.get(0).bytes().length));
    int[] lost = new int[8];
    assertEquals(1, nack.lostSequenceNumbers(lost));
    assertEquals(3, lost[0]);
    assertEquals(REMOTE_SSRC, nack.mediaSsrc());
    assertEquals(1, repair[0], "counted as an Octo NACK sent");
  }

  @Test
  void aPeersNackIsAnsweredFromTheOctoCacheOncePer50Ms() {
    long now = System.nanoTime();
    for (int seq = 1; seq <= 5; seq++) {
      byte[] p = RouterPackets.vp8(LOCAL_SSRC, seq, seq == 1);
      router.onRtp(sender, p, 0, p.length - 32, now);
    }
    uplinked.clear();
    byte[] nack = new byte[64];
    int n = GenericNack.write(nack, 0, 1, LOCAL_SSRC, new int[] {3, 900}, 2);
    router.octoRtcp(PEER, sender.octoNumber, nack, 0, n, now + 1_000_000L);
    router.octoRtcp(PEER, sender.octoNumber, nack, 0, n, now + 2_000_000L);
    assertEquals(1, uplinked.size(), "3 resent once; 900 was never sent: " + uplinked);
    Sent resent = uplinked.get(0);
    assertEquals(PEER, resent.relay(), "only to the peer that asked");
    assertEquals(3, Bytes.u16(resent.bytes(), 2));
    assertEquals(3, resent.bytes()[RouterPackets.MARKER], "the original packet");
    assertEquals(4, repair[1], "four sequence numbers asked for");
    assertEquals(1, repair[2]);
    assertEquals(2, repair[3], "900 missed twice");
    router.octoRtcp(PEER, sender.octoNumber, nack, 0, n, now + 60_000_000L);
    assertEquals(2, uplinked.size(), "asked again after 50 ms: resent again");
  }

  @Test
  void keyframeRequestsCrossInBothDirectionsThrottledPerSender() {
    long now = System.nanoTime();
    byte[] pli = new byte[64];
    int n = PictureLossIndication.write(pli, 0, 1, LOCAL_SSRC);
    router.octoRtcp(PEER, sender.octoNumber, pli, 0, n, now);
    router.octoRtcp(PEER, sender.octoNumber, pli, 0, n, now);
    assertEquals(1, rtcpCount(toSender, RtcpPacket.PSFB), "one PLI to the local sender");

    // The local receiver asks for a keyframe of the slot carrying x: it goes to x's bridge.
    listRemote(now);
    fromRemote(1, now);
    long slot = ConferenceRouter.slots(receiver).get(0).ssrc();
    uplinked.clear();
    int m = PictureLossIndication.write(pli, 0, 9, slot);
    router.onRtcp(receiver, pli, 0, m);
    assertEquals(1, uplinked.size(), "the PLI went to the origin bridge: " + uplinked);
    assertEquals(PEER, uplinked.get(0).relay());
    assertEquals(REMOTE_NUMBER, uplinked.get(0).endpoint());
    assertEquals(REMOTE_SSRC, Bytes.u32(uplinked.get(0).bytes(), 8), "for x's stream");
  }

  @Test
  void remoteParticipantsLeaveWhenUnlistedSilentOrTheirBridgeIsRemoved() {
    long now = System.nanoTime();
    listRemote(now);
    router.remoteSources(PEER, List.of(), uplink, now);
    assertEquals(List.of(), router.remoteParticipants(), "no longer listed");

    listRemote(now);
    router.expireRemote(Set.of(PEER), now + 1_000_000_000L);
    assertEquals(List.of("x"), router.remoteParticipants(), "listed a second ago");
    router.expireRemote(Set.of(PEER), now + ConferenceRouter.REMOTE_TIMEOUT_NANOS + 1);
    assertEquals(List.of(), router.remoteParticipants(), "its bridge went quiet");

    listRemote(now);
    router.expireRemote(Set.of(), now);
    assertEquals(List.of(), router.remoteParticipants(), "its bridge left the configuration");
    assertTrue(!router.isEmpty(), "local participants stay");
  }

  @Test
  void garbageFromAnAuthenticatedPeerBreaksNothing() {
    long now = System.nanoTime();
    listRemote(now);
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(200)];
      random.nextBytes(junk);
      if (junk.length > 1 && random.nextBoolean()) {
        junk[0] = (byte) 0x80; // make it look like RTP or RTCP more often
        junk[1] = (byte) (random.nextBoolean() ? 96 : 200 + random.nextInt(6));
      }
      switch (i % 3) {
        case 0 ->
            router.octoRtp(PEER, REMOTE_NUMBER, random.nextInt(16), junk, 0, junk.length, now + i);
        case 1 -> router.octoRtcp(PEER, random.nextInt(3), junk, 0, junk.length, now + i);
        default ->
            router.remoteSources(
                PEER,
                List.of(
                    new OctoSources.Source(
                        random.nextBoolean() ? "x" : "",
                        random.nextInt(8) - 1,
                        null,
                        random.nextInt(),
                        random.nextInt(),
                        random.nextInt(),
                        Map.of("urn:x", random.nextInt(300)),
                        List.of("a", "b"))),
                uplink,
                now + i);
      }
    }
    // Still forwarding: a fresh listing and a keyframe from x reach the receiver.
    toReceiver.clear();
    listRemote(now + 30_000);
    fromRemote(1, System.nanoTime());
    assertTrue(
        RouterPackets.rtpTo(toReceiver, receiverKey).stream().anyMatch(p -> p.payloadType() == 96),
        "x's keyframe still reaches the receiver");
  }
}
