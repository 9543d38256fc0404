package io.octopod.benchmarks;

import io.octopod.protocol.octo.OctoHeader;
import io.octopod.protocol.vp8.Vp8PayloadDescriptor;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The Octo header and the VP8 descriptor, read and rewritten per forwarded packet. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderBenchmark {

  private final byte[] octo = new byte[1200];
  private final byte[] vp8 = HexFormat.of().parseHex("90f0923407a51002009d012a");
  private final OctoHeader header = new OctoHeader();
  private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
  private long sequence;
  private int picture;

  @Benchmark
  public long octoWriteAndParse() {
    OctoHeader.write(
        octo, 0, OctoHeader.KIND_RTP, OctoHeader.MEDIA_VIDEO, 2, 1, 77, 5, 2, ++sequence);
    return header.wrap(octo, 0, octo.length) ? header.sequence() + header.conferenceId() : -1;
  }

  @Benchmark
  public int vp8ParseAndRewrite() {
    if (!descriptor.wrap(vp8, 0, vp8.length)) {
      return -1;
    }
    descriptor.pictureId(++picture);
    descriptor.tl0PicIdx(picture);
    return descriptor.keyframe() ? descriptor.pictureId() : 0;
  }
}
