package io.octopod.benchmarks;

import io.octopod.bridge.conference.Endpoint;
import io.octopod.bridge.ice.IceLiteAgent;
import io.octopod.bridge.sfu.AnswerBuilder;
import io.octopod.bridge.sfu.ConferenceRouter;
import io.octopod.bridge.sfu.SfuOfferAnswerer;
import io.octopod.bridge.srtp.SrtpProfile;
import io.octopod.bridge.srtp.SrtpSession;
import io.octopod.bridge.transport.EndpointTransport;
import io.octopod.bridge.transport.MediaListener;
import io.octopod.bridge.transport.TransportCounters;
import io.octopod.protocol.Bytes;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The forwarding path from a decrypted video packet in to encrypted packets out: layer choice, slot
 * rewriting (SSRC, sequence, timestamp, VP8 picture ID), and SRTP (AES-GCM) for each receiver; the
 * sends go to a counting sink instead of a socket. One op is one packet in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingBenchmark {

  @Param({"1", "10"})
  public int receivers;

  private ConferenceRouter router;
  private ConferenceRouter.Participant sender;
  private final byte[] packet = new byte[12 + 8 + 6 + 1000];
  private final byte[] work = new byte[packet.length + 64];
  private int sequence;
  private long sent;

  private static AnswerBuilder.Negotiated negotiated(long slotSsrc) {
    return new AnswerBuilder.Negotiated(
        111, 96, 97, Map.of(), List.of(), "AA", List.of(slotSsrc), List.of(slotSsrc + 1));
  }

  private SfuOfferAnswerer.EndpointMedia media(String id, long slotSsrc) {
    byte[] key = new byte[16];
    byte[] salt = new byte[12];
    Arrays.fill(key, (byte) id.length());
    EndpointTransport transport =
        new EndpointTransport(
            id,
            new IceLiteAgent(System::nanoTime),
            null,
            "AA",
            (b, o, l, to) -> sent += l,
            Runnable::run,
            new MediaListener() {
              @Override
              public void rtp(EndpointTransport from, byte[] buf, int off, int len) {}
            },
            new TransportCounters());
    transport.useSession(
        new SrtpSession(SrtpProfile.AEAD_AES_128_GCM, key, salt, key, salt),
        new InetSocketAddress("127.0.0.1", 9));
    return new SfuOfferAnswerer.EndpointMedia(transport, negotiated(slotSsrc));
  }

  @Setup
  public void setUp() {
    router = new ConferenceRouter();
    sender = router.add(new Endpoint("sender", "r", "t"), media("sender", 100));
    for (int i = 0; i < receivers; i++) {
      router.add(new Endpoint("receiver-" + i, "r", "t"), media("receiver-" + i, 1000 + 10L * i));
    }
    packet[0] = (byte) 0x80;
    packet[1] = 96;
    Bytes.putU32(packet, 8, 0x5555);
    packet[12] = (byte) 0x90; // VP8: X, S, partition 0
    packet[13] = (byte) 0x80; // I
    packet[14] = (byte) 0x80; // 15-bit picture ID
    packet[15] = 1;
    packet[16] = 0x00; // keyframe for the first packet
    send(); // opens every slot with a keyframe
    if (sent == 0) {
      throw new IllegalStateException(
          "the keyframe was not forwarded: the benchmark would measure nothing");
    }
    packet[16] = 0x01; // then delta frames
  }

  private void send() {
    sequence = (sequence + 1) & 0xffff;
    Bytes.putU16(packet, 2, sequence);
    Bytes.putU32(packet, 4, sequence * 3000L);
    packet[15] = (byte) sequence;
    System.arraycopy(packet, 0, work, 0, packet.length);
    router.onRtp(sender, work, 0, packet.length);
  }

  @Benchmark
  public void forwardOnePacket(Blackhole bh) {
    send();
    bh.consume(sent);
  }
}
