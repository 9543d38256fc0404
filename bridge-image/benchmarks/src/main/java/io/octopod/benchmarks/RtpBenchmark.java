package io.octopod.benchmarks;

import io.octopod.protocol.rtp.RtpPacket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-packet RTP work of the forwarding path: parsing a packet with header extensions and
 * finding the one the bridge needs, and rewriting SSRC, sequence number and timestamp in place.
 * {@link #copyBaseline} copies the same bytes, the least any forwarder does per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpBenchmark {

  private final byte[] packet = Packets.videoRtp();
  private final byte[] copy = new byte[packet.length];
  private final RtpPacket rtp = new RtpPacket();
  private int sequence;

  @Benchmark
  public void copyBaseline(Blackhole bh) {
    System.arraycopy(packet, 0, copy, 0, packet.length);
    bh.consume(copy);
  }

  @Benchmark
  public int parseAndFindTransportCc() {
    if (!rtp.wrap(packet, 0, packet.length)) {
      return -1;
    }
    int at = rtp.findExtension(Packets.TRANSPORT_CC);
    return at + rtp.sequenceNumber() + (int) rtp.ssrc() + rtp.payloadLength();
  }

  @Benchmark
  public long rewriteSsrcSequenceTimestamp() {
    rtp.wrap(packet, 0, packet.length);
    rtp.ssrc(0x0bad_cafeL);
    rtp.sequenceNumber(++sequence);
    rtp.timestamp(sequence * 3000L);
    return rtp.timestamp();
  }
}
