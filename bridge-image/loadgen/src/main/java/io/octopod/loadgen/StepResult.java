package io.octopod.loadgen;

/**
 * One measuring window at one load factor. Rates are per second of the window; latency is one-way
 * through the bridge, in microseconds; CPU figures are in cores (CPU seconds per second).
 *
 * @param offeredPacketsPerSecond what the simulated senders sent (ingress to the bridge)
 * @param egressPacketsPerSecond what the simulated receivers got and decrypted
 * @param lossFraction lost ÷ expected over the received video slot streams (sequence gaps)
 * @param bridgeCpuNanosPerPacket bridge CPU time (all its threads) per egress packet
 * @param allocatedBytesPerPacket bytes the bridge allocated per egress packet (from its flight
 *     recording; -1 when unknown)
 * @param gcPauseMillis total GC pause time in the window (-1 when unknown)
 * @param startEpochMillis window start (wall clock), to match it with the flight recording
 * @param audioGapFraction sequence gaps ÷ expected on the audio slot streams, reported apart: the
 *     bridge's audio selection leaves gaps there that are not network loss (docs/benchmarks.md)
 */
public record StepResult(
    double factor,
    double offeredPacketsPerSecond,
    double offeredBitsPerSecond,
    double egressPacketsPerSecond,
    double egressBitsPerSecond,
    double lossFraction,
    double latencyP50Micros,
    double latencyP99Micros,
    double latencyP999Micros,
    double latencyMaxMicros,
    double bridgeCpuCores,
    double bridgeCpuNanosPerPacket,
    double loadgenCpuCores,
    double allocatedBytesPerPacket,
    double gcPauseMillis,
    long startEpochMillis,
    long endEpochMillis,
    double audioGapFraction) {

  /**
   * A step from what was counted in a window of {@code seconds}: packets and bytes the senders
   * sent, what the receivers got, and the CPU seconds the forwarding process (bridge or kernel
   * forwarder) and the load generator used.
   */
  static StepResult measured(
      double factor,
      double seconds,
      long sentPackets,
      long sentBytes,
      ReceiveMeter.Window w,
      double forwarderCpuSeconds,
      double loadgenCpuSeconds,
      long startEpochMillis,
      long endEpochMillis) {
    return new StepResult(
        factor,
        sentPackets / seconds,
        sentBytes * 8 / seconds,
        w.packets() / seconds,
        w.bytes() * 8 / seconds,
        w.expected() == 0 ? 1.0 : (double) w.lost() / w.expected(),
        w.latency().percentile(0.5) / 1e3,
        w.latency().percentile(0.99) / 1e3,
        w.latency().percentile(0.999) / 1e3,
        w.latency().max() / 1e3,
        forwarderCpuSeconds / seconds,
        w.packets() == 0 ? 0 : forwarderCpuSeconds * 1e9 / w.packets(),
        loadgenCpuSeconds / seconds,
        -1,
        -1,
        startEpochMillis,
        endEpochMillis,
        w.audioExpected() == 0 ? 0 : (double) w.audioLost() / w.audioExpected());
  }

  /** CPU time this JVM (the load generator) has used, in nanoseconds. */
  static long loadgenCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The loss threshold of the issue: a step is sustained below 0.1 % loss. */
  public static final double MAX_LOSS = 0.001;

  /**
   * A median latency above this means a queue is growing somewhere (the bridge's or the
   * generator's): packets are late though not yet lost, and the step is not sustained either.
   */
  public static final double MAX_MEDIAN_LATENCY_MICROS = 50_000;

  public boolean sustained() {
    return egressPacketsPerSecond > 0
        && lossFraction < MAX_LOSS
        && latencyP50Micros < MAX_MEDIAN_LATENCY_MICROS;
  }

  /** Egress per bridge core: the egress rate divided by the CPU the bridge used for it. */
  public double egressPerCore() {
    return bridgeCpuCores > 0 ? egressPacketsPerSecond / bridgeCpuCores : 0;
  }

  public StepResult withMemory(double bytesPerPacket, double pauseMillis) {
    return new StepResult(
        factor,
        offeredPacketsPerSecond,
        offeredBitsPerSecond,
        egressPacketsPerSecond,
        egressBitsPerSecond,
        lossFraction,
        latencyP50Micros,
        latencyP99Micros,
        latencyP999Micros,
        latencyMaxMicros,
        bridgeCpuCores,
        bridgeCpuNanosPerPacket,
        loadgenCpuCores,
        bytesPerPacket,
        pauseMillis,
        startEpochMillis,
        endEpochMillis,
        audioGapFraction);
  }
}
