package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short whole run: three simulated endpoints (real ICE, DTLS, SRTP) against a real bridge process
 * on loopback, then the kernel forwarder, with steps of a second; the result file is written, read
 * back and compared with itself.
 */
class BenchRunTest {

  @Test
  void aShortRunForwardsDecryptsTimesAndWritesAResultThatReadsBack() throws Exception {
    Path out = Path.of("target", "bench-run-test");
    List<String> forwarder =
        List.of("-cp", System.getProperty("java.class.path"), KernelForwarder.class.getName());
    Bench.Timing quick =
        new Bench.Timing(
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            0,
            2);
    BenchResult result =
        new Bench(BridgeNode.fromClassPath(), forwarder, null, out, quick)
            .run(List.of(Scenario.tiny(3)), true);

    BenchResult.ScenarioResult tiny = result.scenario("tiny");
    // The first step is measured whatever the machine's load; whether it counts as sustained
    // depends on the load, so the test does not ask.
    StepResult step = tiny.search().get(0);
    // Three senders of 216 packets/s; each receiver gets the two others' video and audio.
    assertTrue(step.offeredPacketsPerSecond() > 300, "offered: " + step);
    assertTrue(step.egressPacketsPerSecond() > 300, "forwarded and decrypted: " + step);
    assertTrue(step.lossFraction() < 0.05, "loss: " + step);
    assertTrue(step.latencyP50Micros() > 0, "latency recorded: " + step);
    assertTrue(step.latencyP999Micros() >= step.latencyP50Micros(), "percentiles: " + step);
    assertTrue(step.bridgeCpuNanosPerPacket() > 0, "bridge CPU from /proc: " + step);
    assertTrue(step.allocatedBytesPerPacket() >= 0, "allocation from the recording: " + step);
    assertTrue(tiny.senderFeedback().get("keyframesSent") > 0, "keyframes: " + tiny);
    assertTrue(tiny.residentBytesPerParticipant() != 0, "memory: " + tiny);
    StepResult kernel = result.kernel().search().get(0);
    assertTrue(kernel.egressPacketsPerSecond() > 1000, "kernel forwarder: " + result.kernel());

    Path json = LoadgenMain.write(result, out, null);
    BenchResult back = BenchResult.read(json);
    assertEquals(BenchResult.FORMAT, back.format());
    assertEquals(step, back.scenario("tiny").search().get(0));
    assertTrue(Files.size(out.resolve("throughput.png")) > 1000);
    assertTrue(Files.size(out.resolve("latency.png")) > 1000);
    assertTrue(
        Comparison.compare(back, result).stream().noneMatch(Comparison.Row::regression),
        "a run compared with itself has no regression");
  }
}
