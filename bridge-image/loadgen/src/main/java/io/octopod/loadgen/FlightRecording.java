package io.octopod.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a bridge's flight recording says about a time window: bytes allocated (from the per-thread
 * allocation counters, sampled every second), GC pause time, and where the CPU samples fell. The
 * recording uses the JDK's "profile" settings with the allocation counters every second instead of
 * once per chunk ({@link #settings}).
 */
final class FlightRecording {

  private record AllocationSample(Instant at, long threadId, long allocated) {}

  private record Pause(Instant at, double millis) {}

  private record Sample(Instant at, String topFrame, String ownFrame) {}

  private final List<AllocationSample> allocations = new ArrayList<>();
  private final List<Pause> pauses = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();

  private FlightRecording() {}

  /** Writes the settings file: the JDK's profile.jfc with per-second allocation counters. */
  static Path settings(Path dir) throws IOException {
    Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
    String jfc = Files.readString(profile);
    int at = jfc.indexOf("\"jdk.ThreadAllocationStatistics\"");
    int period = jfc.indexOf("everyChunk", at);
    if (at < 0 || period < 0) {
      throw new IOException("unexpected " + profile);
    }
    jfc = jfc.substring(0, period) + "1 s" + jfc.substring(period + "everyChunk".length());
    Files.createDirectories(dir);
    Path out = dir.resolve("octopod-bench.jfc");
    Files.writeString(out, jfc);
    return out;
  }

  static FlightRecording read(Path file) throws IOException {
    FlightRecording r = new FlightRecording();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      switch (e.getEventType().getName()) {
        case "jdk.ThreadAllocationStatistics" -> {
          if (e.getThread("thread") != null) {
            r.allocations.add(
                new AllocationSample(
                    e.getStartTime(),
                    e.getThread("thread").getJavaThreadId(),
                    e.getLong("allocated")));
          }
        }
        case "jdk.GarbageCollection" ->
            r.pauses.add(new Pause(e.getStartTime(), e.getDuration("sumOfPauses").toNanos() / 1e6));
        case "jdk.ExecutionSample" -> {
          if (e.getStackTrace() != null && !e.getStackTrace().getFrames().isEmpty()) {
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            String own = "(outside io.octopod)";
            for (RecordedFrame f : frames) {
              if (f.getMethod().getType().getName().startsWith("io.octopod.")) {
                own = name(f);
                break;
              }
            }
            r.samples.add(new Sample(e.getStartTime(), name(frames.get(0)), own));
          }
        }
        default -> {}
      }
    }
    r.allocations.sort(Comparator.comparing(AllocationSample::at));
    return r;
  }

  /**
   * Bytes allocated by all threads between two instants: per thread, its counter at the last sample
   * before {@code to} minus at the last sample before {@code from}; -1 without samples.
   */
  long allocatedBetween(Instant from, Instant to) {
    Map<Long, Long> atStart = new HashMap<>();
    Map<Long, Long> atEnd = new HashMap<>();
    for (AllocationSample s : allocations) {
      if (!s.at().isAfter(from)) {
        atStart.put(s.threadId(), s.allocated());
      }
      if (!s.at().isAfter(to)) {
        atEnd.put(s.threadId(), s.allocated());
      }
    }
    if (atEnd.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<Long, Long> e : atEnd.entrySet()) {
      total += e.getValue() - atStart.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  double pauseMillisBetween(Instant from, Instant to) {
    double total = 0;
    for (Pause p : pauses) {
      if (!p.at().isBefore(from) && p.at().isBefore(to)) {
        total += p.millis();
      }
    }
    return total;
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  /**
   * The methods most often on top of the CPU samples in a window, with their share of the samples;
   * with {@code ownCode}, each sample counts for the innermost io.octopod method on its stack
   * (where the project's code spent it, JDK and Netty work included).
   */
  Map<String, Double> hottestMethods(Instant from, Instant to, int limit, boolean ownCode) {
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    for (Sample s : samples) {
      if (!s.at().isBefore(from) && s.at().isBefore(to)) {
        counts.merge(ownCode ? s.ownFrame() : s.topFrame(), 1, Integer::sum);
        total++;
      }
    }
    Map<String, Double> top = new LinkedHashMap<>();
    int all = total;
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> top.put(e.getKey(), (double) e.getValue() / all));
    return top;
  }
}
