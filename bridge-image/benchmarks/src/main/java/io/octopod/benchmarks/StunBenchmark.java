package io.octopod.benchmarks;

import io.octopod.protocol.stun.StunMessage;
import io.octopod.protocol.stun.StunMessageIntegrity;
import io.octopod.protocol.stun.StunMessageWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * ICE-lite's per-check work: verifying a binding request (integrity and fingerprint) and building
 * the signed success response.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StunBenchmark {

  private final StunMessageIntegrity integrity =
      new StunMessageIntegrity("0123456789abcdefghijkl".getBytes(StandardCharsets.US_ASCII));
  private final StunMessageWriter writer = new StunMessageWriter();
  private final StunMessage message = new StunMessage();
  private final byte[] transactionId = "0123456789ab".getBytes(StandardCharsets.US_ASCII);
  private final byte[] address = {(byte) 192, 0, 2, 2};
  private final byte[] response = new byte[128];
  private final byte[] request = new byte[128];
  private final int requestLength;

  public StunBenchmark() {
    requestLength =
        writer
            .begin(request, 0, 0x0001, transactionId, 0)
            .username("brdg:clnt")
            .priority(1_845_501_695L)
            .iceControlling(0x1234_5678_9abc_def0L)
            .useCandidate()
            .messageIntegrity(integrity)
            .fingerprint()
            .length();
  }

  @Benchmark
  public int buildSignedBindingResponse() {
    return writer
        .begin(response, 0, 0x0101, transactionId, 0)
        .xorMappedAddress(address, 4, 51234)
        .messageIntegrity(integrity)
        .fingerprint()
        .length();
  }

  @Benchmark
  public boolean parseAndVerifyBindingRequest() {
    return message.wrap(request, 0, requestLength)
        && message.fingerprintValid()
        && integrity.verify(message)
        && message.useCandidate();
  }
}
