package io.octopod.benchmarks;

import io.octopod.protocol.rtcp.CompoundRtcpIterator;
import io.octopod.protocol.rtcp.GenericNack;
import io.octopod.protocol.rtcp.RtcpPacket;
import io.octopod.protocol.rtcp.SenderReport;
import io.octopod.protocol.rtcp.SourceDescription;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** Parsing an RTCP compound (SR with a report block, SDES, NACK) and reading what a bridge uses. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtcpBenchmark {

  private final byte[] compound = Packets.rtcpCompound();
  private final byte[] copy = new byte[compound.length];
  private final CompoundRtcpIterator iterator = new CompoundRtcpIterator();
  private final SenderReport sr = new SenderReport();
  private final SourceDescription sdes = new SourceDescription();
  private final GenericNack nack = new GenericNack();
  private final int[] lost = new int[32];

  @Benchmark
  public void copyBaseline(Blackhole bh) {
    System.arraycopy(compound, 0, copy, 0, compound.length);
    bh.consume(copy);
  }

  @Benchmark
  public long parseCompound() {
    long sum = 0;
    if (!iterator.wrap(compound, 0, compound.length)) {
      return -1;
    }
    while (iterator.next()) {
      int at = iterator.packetOffset();
      int len = iterator.packetLength();
      switch (iterator.packetType()) {
        case RtcpPacket.SR -> {
          if (sr.wrap(compound, at, len)) {
            sum += sr.ntpTimestamp() + sr.reportBlock(0).extendedHighestSequence();
          }
        }
        case RtcpPacket.SDES -> {
          if (sdes.wrap(compound, at, len) && sdes.nextChunk() && sdes.nextItem()) {
            sum += sdes.itemLength();
          }
        }
        case RtcpPacket.RTPFB -> {
          if (nack.wrap(compound, at, len)) {
            sum += nack.lostSequenceNumbers(lost);
          }
        }
        default -> sum++;
      }
    }
    return sum;
  }
}
