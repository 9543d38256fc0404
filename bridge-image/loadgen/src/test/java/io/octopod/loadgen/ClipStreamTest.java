package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.rtp.RtpPacket;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A video layer playing a {@link Vp8Clip}: how its frames become RTP packets. */
class ClipStreamTest {

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private final byte[] key0 = bytes(2500, 1);
  private final byte[] delta1 = bytes(300, 2);
  private final byte[] key2 = bytes(100, 3);
  private final Vp8Clip clip =
      Vp8Clip.of(
          320,
          180,
          15,
          List.of(
              new Vp8Clip.Frame(key0, true),
              new Vp8Clip.Frame(delta1, false),
              new Vp8Clip.Frame(key2, true)));

  /** One sent packet, read back. */
  private record Sent(long timestamp, boolean marker, boolean start, int pictureId, byte[] vp8) {}

  private static Sent send(OutboundStream stream) {
    byte[] out = new byte[1600];
    int n = stream.next(out, 0);
    RtpPacket rtp = new RtpPacket();
    assertTrue(rtp.wrap(out, 0, n));
    Vp8PayloadDescriptor d = new Vp8PayloadDescriptor();
    assertTrue(d.wrap(out, rtp.payloadOffset(), rtp.payloadLength()));
    int data = rtp.payloadOffset() + d.descriptorLength();
    return new Sent(
        rtp.timestamp(),
        rtp.marker(),
        d.startOfPartition(),
        d.pictureId(),
        Arrays.copyOfRange(out, data, rtp.payloadOffset() + rtp.payloadLength()));
  }

  /** Sends one whole frame and returns its packets. */
  private static List<Sent> frame(OutboundStream stream) {
    List<Sent> packets = new ArrayList<>();
    do {
      packets.add(send(stream));
    } while (!packets.get(packets.size() - 1).marker());
    return packets;
  }

  private static byte[] joined(List<Sent> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    packets.forEach(p -> out.writeBytes(p.vp8()));
    return out.toByteArray();
  }

  @Test
  void aFrameIsFragmentedWithTheStartBitFirstAndTheMarkerLast() {
    OutboundStream stream = new OutboundStream(MediaProfile.Layer.Q, clip, 1, 2, 100);
    List<Sent> first = frame(stream);
    assertEquals(3, first.size(), "2,500 bytes in fragments of at most 1,100");
    assertArrayEquals(key0, joined(first), "the frame's bytes, whole and in order");
    assertTrue(first.get(0).start());
    assertFalse(first.get(1).start());
    assertFalse(first.get(0).marker());
    assertTrue(first.stream().allMatch(p -> p.timestamp() == first.get(0).timestamp()));

    List<Sent> second = frame(stream);
    assertEquals(1, second.size());
    assertArrayEquals(delta1, joined(second));
    assertEquals(first.get(0).timestamp() + 6000, second.get(0).timestamp(), "90 kHz at 15 fps");
    assertEquals((first.get(0).pictureId() + 1) & 0x7fff, second.get(0).pictureId());
    assertEquals(1, stream.keyframesSent);
  }

  @Test
  void aKeyframeRequestJumpsToTheClipsNextKeyframe() {
    OutboundStream stream = new OutboundStream(MediaProfile.Layer.H, clip, 1, 2, 100);
    frame(stream); // key0; the delta frame would be next
    stream.requestKeyframe();
    assertArrayEquals(key2, joined(frame(stream)));
    assertArrayEquals(key0, joined(frame(stream)), "then round the loop");
    assertEquals(3, stream.keyframesSent);
  }

  @Test
  void itPacesAtTheClipsFrameRate() {
    // (3 + 1 + 1) packets over 3 frames at 15 frames per second.
    assertEquals(25.0, clip.packetsPerSecond(), 1e-9);
    assertEquals(
        -1,
        new OutboundStream(MediaProfile.Layer.F, clip, 1, 2, 0).retransmission(new byte[1600], 0));
  }

  @Test
  void aClipStartsWithAKeyframe() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Vp8Clip.of(320, 180, 15, List.of(new Vp8Clip.Frame(delta1, false))));
  }
}
