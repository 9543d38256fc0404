package io.octopod.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.octopod.protocol.stun.Rfc5769Access;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutation testing of every parser, in the normal suite (the Jazzer fuzz tests
 * beside it explore further when run with JAZZER_FUZZ=1). For each input it checks that the parser
 * parses or rejects with a reason without throwing, and that placing the same bytes amid different
 * surrounding bytes gives the same result: nothing outside the given range was read.
 */
class ParserPropertyTest {

  private static final long SEED = 0x0c70_70dL;

  @Test
  void rtpNeverThrowsAndStaysInBounds() throws Exception {
    List<byte[]> seeds = new ArrayList<>(Seeds.capture(400));
    int parsed = exercise(FuzzTargets::rtp, seeds, 40_000);
    assertTrue(
        parsed > 1_000, "the mutations keep enough valid RTP to reach the accessors: " + parsed);
  }

  @Test
  void rtpExtensionRewritingKeepsThePayload() throws Exception {
    exercise(FuzzTargets::rtpRewrite, Seeds.capture(400), 20_000);
  }

  @Test
  void rtcpNeverThrowsAndStaysInBounds() {
    int parsed = exercise(FuzzTargets::rtcp, Seeds.rtcp(), 40_000);
    assertTrue(parsed > 1_000, "valid compounds reached: " + parsed);
  }

  @Test
  void stunNeverThrowsAndStaysInBounds() throws Exception {
    List<byte[]> seeds = new ArrayList<>(Rfc5769Access.vectors());
    int parsed = exercise(FuzzTargets::stun, seeds, 30_000);
    assertTrue(parsed > 1_000, "valid STUN reached: " + parsed);
  }

  @Test
  void vp8NeverThrowsAndStaysInBounds() {
    exercise(FuzzTargets::vp8, Seeds.vp8(), 20_000);
  }

  @Test
  void octoNeverThrowsAndStaysInBounds() {
    int parsed = exercise(FuzzTargets::octo, Seeds.octo(), 20_000);
    assertTrue(parsed > 1_000, "valid Octo headers reached: " + parsed);
  }

  @Test
  void octoFragmentNeverThrowsAndStaysInBounds() {
    int parsed = exercise(FuzzTargets::octoFragment, Seeds.octoFragments(), 20_000);
    assertTrue(parsed > 1_000, "valid fragments reached: " + parsed);
  }

  @Test
  void octoReassemblyNeverThrowsStaysBoundedAndAcksParse() {
    exercise(FuzzTargets::octoReassembly, Seeds.octoFragmentRuns(), 5_000);
  }

  @Test
  void octoAckNeverThrowsAndStaysInBounds() {
    int parsed = exercise(FuzzTargets::octoAck, Seeds.octoAcks(), 20_000);
    assertTrue(parsed > 1_000, "valid acks reached: " + parsed);
  }

  @Test
  void demuxNeverThrows() throws Exception {
    exercise(FuzzTargets::demux, Seeds.capture(100), 20_000);
  }

  @Test
  void sdpParsesOrNamesTheLine() throws Exception {
    int parsed = exercise(FuzzTargets::sdp, Seeds.sdp(), 3_000);
    assertTrue(parsed > 100, "valid SDP reached: " + parsed);
  }

  /**
   * Runs {@code iterations} inputs: a third fresh random bytes, the rest mutated seeds.
   *
   * @return how many inputs parsed
   */
  static int exercise(FuzzTargets.Target target, List<byte[]> seeds, int iterations) {
    Random random = new Random(SEED);
    int parsed = 0;
    for (int i = 0; i < iterations; i++) {
      byte[] input =
          i % 3 == 0 || seeds.isEmpty()
              ? randomBytes(random)
              : Mutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
      String first = runEmbedded(target, input, random, (byte) 0x00);
      String second = runEmbedded(target, input, random, (byte) 0xff);
      assertEquals(first, second, "the result depended on bytes outside the input");
      if (!first.startsWith("invalid")) {
        parsed++;
      }
    }
    return parsed;
  }

  private static String runEmbedded(
      FuzzTargets.Target target, byte[] input, Random random, byte fill) {
    int before = random.nextInt(16);
    byte[] buffer = new byte[before + input.length + 16];
    Arrays.fill(buffer, fill);
    System.arraycopy(input, 0, buffer, before, input.length);
    byte[] snapshot = buffer.clone();
    String result;
    try {
      result = target.run(buffer, before, input.length);
    } catch (RuntimeException e) {
      throw new AssertionError("parser threw on " + java.util.HexFormat.of().formatHex(input), e);
    }
    for (int i = 0; i < buffer.length; i++) {
      if ((i < before || i >= before + input.length) && buffer[i] != snapshot[i]) {
        throw new AssertionError("the parser wrote outside its input at " + i);
      }
    }
    return result;
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(200)];
    random.nextBytes(b);
    if (b.length > 0 && random.nextBoolean()) {
      b[0] = (byte) (0x80 | (b[0] & 0x3f)); // RTP/RTCP-looking first byte more often
    }
    return b;
  }
}
