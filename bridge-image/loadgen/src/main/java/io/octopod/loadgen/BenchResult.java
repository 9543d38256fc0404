package io.octopod.loadgen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of one `make bench` run. Its shape is versioned by {@link #format}:
 * fields are only ever added, so {@link Comparison} can read an older file next to a newer one.
 *
 * @param format always {@link #FORMAT}
 * @param startedAt ISO-8601 UTC time the run started
 * @param machine CPU count, JDK, kernel, and where each process was pinned
 * @param anchors other SFUs' published egress packets per second per core, by name
 * @param ratios the headline ratios (to the kernel forwarder and the anchors)
 */
public record BenchResult(
    String format,
    String startedAt,
    double durationSeconds,
    Map<String, String> machine,
    List<ScenarioResult> scenarios,
    KernelResult kernel,
    Map<String, Double> anchors,
    Map<String, Double> ratios) {

  public static final String FORMAT = "octopod-bench/1";

  /** One scenario's saturation search and the latency steps at 50 % and 90 % of its rate. */
  public record ScenarioResult(
      String name,
      String description,
      int participants,
      int bridges,
      List<StepResult> search,
      StepResult saturation,
      StepResult at50,
      StepResult at90,
      double residentBytesPerParticipant,
      double idleResidentBytes,
      Map<String, Long> senderFeedback,
      Map<String, Double> hottestMethods,
      Map<String, Double> hottestOwnMethods) {}

  /** The plain UDP forwarder's saturation, measured like a scenario. */
  public record KernelResult(
      String description, int fanOut, List<StepResult> search, StepResult saturation) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static BenchResult read(Path file) throws IOException {
    BenchResult r = JSON.readValue(file.toFile(), BenchResult.class);
    if (r.format() == null || !r.format().startsWith("octopod-bench/")) {
      throw new IOException(file + " is not an octopod bench result");
    }
    return r;
  }

  public ScenarioResult scenario(String name) {
    for (ScenarioResult s : scenarios) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}
