package io.octopod.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole benchmark run: each scenario against fresh bridges (saturation search, then latency at 50
 * % and 90 % of the saturated rate, memory from /proc and the flight recording), then the kernel
 * forwarder, then the result file, the report and the plots.
 */
final class Bench {

  /** How long each part of a step lasts; `make bench` and the tests choose differently. */
  record Timing(
      Duration warmup,
      Duration settle,
      Duration window,
      Duration latencyWindow,
      int refinements,
      int maxSteps) {
    /** Warm-up long enough for the bridge's JIT to finish its hot paths on a busy core. */
    static Timing standard() {
      return new Timing(
          Duration.ofSeconds(12),
          Duration.ofMillis(1500),
          Duration.ofSeconds(4),
          Duration.ofSeconds(6),
          2,
          12);
    }
  }

  /** LiveKit's and Jitsi Videobridge's published figures (egress packets per second per core). */
  static final Map<String, Double> ANCHORS =
      Map.of(
          "livekit-large-meeting", 56_000.0,
          "livekit-audio", 75_000.0,
          "jitsi-stress-threshold", 50_000.0);

  private final List<String> bridgeLaunch;
  private final List<String> forwarderLaunch;
  private final String bridgeCpus;
  private final Path outDir;
  private final Timing timing;

  Bench(
      List<String> bridgeLaunch,
      List<String> forwarderLaunch,
      String bridgeCpus,
      Path outDir,
      Timing timing) {
    this.bridgeLaunch = bridgeLaunch;
    this.forwarderLaunch = forwarderLaunch;
    this.bridgeCpus = bridgeCpus;
    this.outDir = outDir;
    this.timing = timing;
  }

  BenchResult run(List<Scenario> scenarios, boolean kernel) throws Exception {
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    Files.createDirectories(outDir);
    Path jfc = FlightRecording.settings(outDir);
    List<BenchResult.ScenarioResult> results = new ArrayList<>();
    for (Scenario s : scenarios) {
      results.add(scenario(s, jfc));
    }
    BenchResult.KernelResult kernelResult = null;
    if (kernel) {
      progress("kernel forwarder: plain UDP, same Netty socket, fan-out " + KernelLoad.FAN_OUT);
      kernelResult = new KernelLoad(forwarderLaunch, bridgeCpus, outDir, timing).run();
    }
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("cpus", onlineCpus());
    machine.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("bridgeCpus", bridgeCpus == null ? "unpinned" : bridgeCpus);
    machine.put("loadgenCpus", System.getProperty("octopod.loadgen.cpus", "unpinned"));
    // The machine is shared: its load average says how much else was running.
    machine.put("loadAverageAtStart", loadBefore);
    machine.put("loadAverageAtEnd", loadAverage());
    return new BenchResult(
        BenchResult.FORMAT,
        started.toString(),
        Duration.between(started, Instant.now()).toMillis() / 1e3,
        machine,
        results,
        kernelResult,
        ANCHORS,
        ratios(results, kernelResult));
  }

  private BenchResult.ScenarioResult scenario(Scenario s, Path jfc) throws Exception {
    progress("scenario " + s.name() + ": " + s.description());
    List<BridgeNode> bridges = new ArrayList<>();
    List<StepResult> search;
    StepResult best;
    StepResult at50 = null;
    StepResult at90 = null;
    long idle = 0;
    long loaded = 0;
    Map<String, Long> feedback;
    try {
      for (int b = 0; b < s.bridges(); b++) {
        bridges.add(
            BridgeNode.start(s.name() + "-bridge-" + b, bridgeLaunch, bridgeCpus, jfc, outDir));
      }
      Thread.sleep(1000);
      idle = resident(bridges);
      try (ScenarioRun run = new ScenarioRun(s, bridges)) {
        run.connect(s.startFactor());
        progress("  " + s.participants() + " endpoints connected; warming up");
        run.measure(s.startFactor(), timing.warmup(), timing.window());
        loaded = resident(bridges);
        SaturationSearch.Outcome outcome =
            new SaturationSearch(1.5, timing.refinements(), timing.maxSteps(), true)
                .run(
                    s.startFactor(),
                    f -> {
                      StepResult step = run.measure(f, timing.settle(), timing.window());
                      progress("  " + describe(step));
                      return step;
                    });
        search = outcome.steps();
        best = outcome.best();
        if (best != null) {
          at50 = latencyStep(run, best.factor() * 0.5, "50%");
          at90 = latencyStep(run, best.factor() * 0.9, "90%");
        }
        feedback = run.senderFeedback();
      }
    } finally {
      bridges.forEach(BridgeNode::close);
    }
    // The bridges have exited and written their recordings: add allocation and GC to each step.
    List<FlightRecording> recordings = new ArrayList<>();
    for (BridgeNode b : bridges) {
      if (b.flightRecording != null && Files.exists(b.flightRecording)) {
        recordings.add(FlightRecording.read(b.flightRecording));
      }
    }
    search = search.stream().map(step -> withMemory(step, recordings)).toList();
    best = best == null ? null : withMemory(best, recordings);
    at50 = at50 == null ? null : withMemory(at50, recordings);
    at90 = at90 == null ? null : withMemory(at90, recordings);
    Map<String, Double> hottest = Map.of();
    Map<String, Double> hottestOwn = Map.of();
    if (!recordings.isEmpty() && best != null) {
      // The profile of the saturated step: where the CPU goes when it is the limit.
      hottest = recordings.get(0).hottestMethods(start(best), end(best), 12, false);
      hottestOwn = recordings.get(0).hottestMethods(start(best), end(best), 12, true);
    }
    return new BenchResult.ScenarioResult(
        s.name(),
        s.description(),
        s.participants(),
        s.bridges(),
        search,
        best,
        at50,
        at90,
        loaded > 0 && idle > 0 ? (double) (loaded - idle) / s.participants() : -1,
        idle,
        feedback,
        hottest,
        hottestOwn);
  }

  /**
   * A latency step below saturation; measured once more if it was not sustained, since on a shared
   * machine one window can catch a stall of the whole machine (both results are printed).
   */
  private StepResult latencyStep(ScenarioRun run, double factor, String label)
      throws InterruptedException {
    StepResult step = run.measure(factor, timing.settle(), timing.latencyWindow());
    progress("  at " + label + ": " + describe(step));
    if (!step.sustained()) {
      step = run.measure(factor, timing.settle(), timing.latencyWindow());
      progress("  at " + label + ", measured again: " + describe(step));
    }
    return step;
  }

  private static StepResult withMemory(StepResult step, List<FlightRecording> recordings) {
    if (recordings.isEmpty()) {
      return step;
    }
    long allocated = 0;
    double pauses = 0;
    for (FlightRecording r : recordings) {
      long a = r.allocatedBetween(start(step), end(step));
      if (a < 0) {
        return step;
      }
      allocated += a;
      pauses += r.pauseMillisBetween(start(step), end(step));
    }
    double seconds = (step.endEpochMillis() - step.startEpochMillis()) / 1e3;
    double packets = step.egressPacketsPerSecond() * seconds;
    return step.withMemory(packets > 0 ? allocated / packets : -1, pauses);
  }

  private static Instant start(StepResult s) {
    return Instant.ofEpochMilli(s.startEpochMillis());
  }

  private static Instant end(StepResult s) {
    return Instant.ofEpochMilli(s.endEpochMillis());
  }

  private static long resident(List<BridgeNode> bridges) {
    long total = 0;
    for (BridgeNode b : bridges) {
      total += b.process.residentBytes();
    }
    return total;
  }

  /** The machine's CPUs (the JVM's own count is 1 under taskset). */
  private static String onlineCpus() {
    try {
      return Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static Map<String, Double> ratios(
      List<BenchResult.ScenarioResult> scenarios, BenchResult.KernelResult kernel) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    double kernelPerCore =
        kernel == null || kernel.saturation() == null ? 0 : kernel.saturation().egressPerCore();
    for (BenchResult.ScenarioResult s : scenarios) {
      if (s.saturation() == null) {
        continue;
      }
      double perCore = s.saturation().egressPerCore();
      if (kernelPerCore > 0) {
        ratios.put(s.name() + "/kernel-forwarder", perCore / kernelPerCore);
      }
      for (Map.Entry<String, Double> a : ANCHORS.entrySet()) {
        ratios.put(s.name() + "/" + a.getKey(), perCore / a.getValue());
      }
    }
    return ratios;
  }

  static String describe(StepResult s) {
    return String.format(
        "factor %.2f: in %,.0f pkt/s, out %,.0f pkt/s, loss %.3f%% (audio gaps %.2f%%), latency p50/p99/p99.9 %,.0f/%,.0f/%,.0f us,"
            + " bridge %.0f%% CPU (%,.0f ns/pkt, %,.0f pkt/s per core), loadgen %.0f%% CPU",
        s.factor(),
        s.offeredPacketsPerSecond(),
        s.egressPacketsPerSecond(),
        s.lossFraction() * 100,
        s.audioGapFraction() * 100,
        s.latencyP50Micros(),
        s.latencyP99Micros(),
        s.latencyP999Micros(),
        s.bridgeCpuCores() * 100,
        s.bridgeCpuNanosPerPacket(),
        s.egressPerCore(),
        s.loadgenCpuCores() * 100);
  }

  static void progress(String line) {
    System.out.println("[" + Instant.now().toString().substring(11, 19) + "] " + line);
  }
}
