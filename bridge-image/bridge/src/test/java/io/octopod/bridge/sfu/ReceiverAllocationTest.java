package io.octopod.bridge.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.conference.ReceiverConstraints;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.bridge.transport.MediaListener;
import io.octopod.bridge.transport.TransportCounters;
import io.octopod.protocol.Bytes;
import io.octopod.protocol.rtp.RtpPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which layer of each sender a receiver gets: heights by tile, last-N, on-stage, and the bitrate
 * budget, over simulated time with three real-looking layers per sender.
 */
class ReceiverAllocationTest {

  private static final int RID = 10;
  private static final String[] RIDS = {"q", "h", "f"};
  private static final int[] HEIGHTS = {180, 360, 720};
  private static final int[] BYTES_PER_10MS = {100, 300, 900}; // 80, 240, 720 kbit/s

  private ConferenceRouter router;
  private ConferenceRouter.Participant receiver;
  private ConferenceRouter.Participant a;
  private Endpoint receiverEndpoint;
  private long now;

  private static SfuOfferAnswerer.EndpointMedia media(String id, long slot) {
    EndpointTransport transport =
        new EndpointTransport(
            id,
            new IceLiteAgent(System::nanoTime),
            null,
            "AA",
            (b, o, l, to) -> {},
            Runnable::run,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {}
            },
            new TransportCounters());
    transport.useSession(
        new SrtpSession(
            SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[12], new byte[16], new byte[12]),
        new InetSocketAddress("127.0.0.1", 9));
    return new SfuOfferAnswerer.EndpointMedia(
        transport,
        new AnswerBuilder.Negotiated(
            111,
            96,
            97,
            Map.of(AnswerBuilder.RID, RID),
            List.of("q", "h", "f"),
            "AA",
            List.of(slot, slot + 1),
            List.of()));
  }

  /** A VP8 packet of one layer; with {@code keyframe}, its payload header declares the height. */
  private static byte[] layerPacket(long ssrc, int seq, int layer, boolean keyframe) {
    int size = 12 + 8 + 5 + BYTES_PER_10MS[layer];
    byte[] b = new byte[size + 64];
    b[0] = (byte) 0x80;
    b[1] = 96;
    Bytes.putU16(b, 2, seq);
    Bytes.putU32(b, 8, ssrc);
    RtpPacket rtp = new RtpPacket();
    rtp.wrap(b, 0, size - 8);
    rtp.addExtension(RID, RIDS[layer].getBytes(), 0, 1, b.length);
    int p = rtp.payloadOffset();
    b[p] = (byte) 0x10; // S, partition 0, no X
    b[p + 1] = (byte) (keyframe ? 0x00 : 0x01);
    b[p + 4] = (byte) 0x9d;
    b[p + 5] = 0x01;
    b[p + 6] = 0x2a;
    b[p + 7] = 0x00;
    b[p + 8] = 0x05;
    b[p + 9] = (byte) HEIGHTS[layer];
    b[p + 10] = (byte) (HEIGHTS[layer] >> 8);
    return java.util.Arrays.copyOf(b, rtp.length());
  }

  @BeforeEach
  void conference() {
    router = new ConferenceRouter();
    receiverEndpoint = new Endpoint("r", "x", "t");
    receiver = router.add(receiverEndpoint, media("r", 5000));
    a = router.add(new Endpoint("a", "x", "t"), media("a", 6000));
    ConferenceRouter.Participant b = router.add(new Endpoint("b", "x", "t"), media("b", 7000));
    for (int step = 0; step <= 120; step++) { // 1.2 s of all three layers from both senders
      now = step * 10_000_000L;
      for (int layer = 0; layer < 3; layer++) {
        byte[] pa = layerPacket(100 + layer, step, layer, step == 0);
        router.onRtp(a, pa, 0, pa.length, now);
        byte[] pb = layerPacket(200 + layer, step, layer, step == 0);
        router.onRtp(b, pb, 0, pb.length, now);
      }
    }
  }

  @Test
  void withoutConstraintsEverySenderComesAtItsTopLayer() {
    assertEquals(Map.of("a", 102L, "b", 202L), router.allocate(receiver, now));
  }

  @Test
  void theOnStageSenderIsLargeAndTheOthersAreThumbnails() {
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withOnStage("a").withMaxHeight(720));
    assertEquals(Map.of("a", 102L, "b", 200L), router.allocate(receiver, now));
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withMaxHeight(360));
    assertEquals(
        Map.of("a", 101L, "b", 201L), router.allocate(receiver, now), "a 360 px tile everywhere");
  }

  @Test
  void lastNKeepsTheOnStageSenderFirst() {
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withLastN(1).withOnStage("b"));
    assertEquals(Map.of("b", 202L), router.allocate(receiver, now));
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withLastN(0));
    assertEquals(Map.of(), router.allocate(receiver, now));
  }

  @Test
  void theBudgetStepsDownTheLowestPriorityFirst() {
    // Two top layers cost about 1.44 Mbit/s; 0.85 Mbit/s leaves a at f and b at q.
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withMaxBitrate(850_000));
    assertEquals(Map.of("a", 102L, "b", 200L), router.allocate(receiver, now));
    receiverEndpoint.constraints(ReceiverConstraints.DEFAULT.withMaxBitrate(100_000));
    assertEquals(
        Map.of("a", 100L, "b", 200L),
        router.allocate(receiver, now),
        "both at their lowest: nothing lower to take");
  }

  @Test
  void aLayerThatStopsIsDroppedForTheNextOneDown() {
    long start = now;
    for (int step = 1; step <= 120; step++) { // a's top layer stops; q and h go on for 1.2 s
      now = start + step * 10_000_000L;
      for (int layer = 0; layer < 2; layer++) {
        byte[] pa = layerPacket(100 + layer, 200 + step, layer, false);
        router.onRtp(a, pa, 0, pa.length, now);
      }
    }
    assertEquals(101L, router.allocate(receiver, now).get("a"), "a falls back to its h layer");
  }
}
