package io.octopod.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests for every parser. In a normal {@code mvn verify} they run once over the
 * committed inputs in {@code src/test/resources/.../ProtocolFuzzTestInputs/<method>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer explores from there (see docs/build.md). A finding is any exception, and
 * the targets throw on a rejection without a reason or a broken write-back.
 */
class ProtocolFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void rtp(byte[] data) {
    FuzzTargets.rtp(data, 0, data.length);
    FuzzTargets.rtpRewrite(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void rtcp(byte[] data) {
    FuzzTargets.rtcp(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void stun(byte[] data) {
    FuzzTargets.stun(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void vp8(byte[] data) {
    FuzzTargets.vp8(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void octo(byte[] data) {
    FuzzTargets.octo(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void octoFragment(byte[] data) {
    FuzzTargets.octoFragment(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void octoReassembly(byte[] data) {
    FuzzTargets.octoReassembly(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void octoAck(byte[] data) {
    FuzzTargets.octoAck(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void sdp(byte[] data) {
    FuzzTargets.sdp(data, 0, data.length);
  }

  @FuzzTest(maxDuration = "60s")
  void demux(byte[] data) {
    FuzzTargets.demux(data, 0, data.length);
  }
}
