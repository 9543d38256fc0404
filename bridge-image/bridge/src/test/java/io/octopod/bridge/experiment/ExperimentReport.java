package io.octopod.bridge.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Turns the experiment's pairs and counters into what the document shows: summary.md (both tables),
 * summary.csv and cascade-vs-star.png. {@link #main} does it again from a results.json, so a table
 * or the plot can be redrawn without running the browsers again.
 */
public final class ExperimentReport {

  /** The panels of the plot, in order. */
  public static final List<Metric> PLOTTED =
      List.of(
          Metric.E2E_RTT,
          Metric.JITTER_BUFFER,
          Metric.FREEZES,
          Metric.FROZEN,
          Metric.NACKS,
          Metric.KEYFRAME_REQUESTS,
          Metric.CHROMIUM_LOST,
          Metric.RECEIVED_HEIGHT,
          Metric.FRAME_RATE);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Long>> MAP_OF_LONGS =
      new TypeReference<>() {};

  private ExperimentReport() {}

  /** The plot's title: the link settings and how much was measured. */
  public static String title(
      long delayMillis,
      double loss,
      long lastMileDelayMillis,
      double lastMileLoss,
      int repetitions,
      int seconds) {
    return String.format(
        "Cascade vs star. Long link %d ms, %.1f %% loss each way; last mile %d ms, %.1f %%;"
            + " %d × %d s per setup",
        delayMillis, loss * 100, lastMileDelayMillis, lastMileLoss * 100, repetitions, seconds);
  }

  /** Writes the three files into {@code out}; returns the tables. */
  public static String write(
      List<PairSample> samples, List<CounterTable.RunCounters> counters, String title, Path out)
      throws Exception {
    ExperimentSummary summary = new ExperimentSummary(samples);
    String tables = summary.markdownTable() + "\n" + CounterTable.markdown(counters);
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.md"), tables);
    Files.writeString(out.resolve("summary.csv"), summary.csv());
    SummaryChart.writePng(
        SummaryChart.render(summary, PLOTTED, 2, title), out.resolve("cascade-vs-star.png"));
    return tables;
  }

  /** {@code results.json [out dir]}: redraws the tables and the plot next to it, or in out. */
  public static void main(String[] args) throws Exception {
    Path results = Path.of(args[0]);
    Path out = args.length > 1 ? Path.of(args[1]) : results.toAbsolutePath().getParent();
    JsonNode root = JSON.readTree(results.toFile());
    List<PairSample> samples = new ArrayList<>();
    for (JsonNode s : root.get("samples")) {
      samples.add(JSON.treeToValue(s, PairSample.class));
    }
    List<CounterTable.RunCounters> counters = new ArrayList<>();
    for (JsonNode run : root.get("runs")) {
      String setup = run.get("setup").asText();
      int repetition = run.get("repetition").asInt();
      double seconds =
          samples.stream()
              .filter(s -> s.setup().equals(setup) && s.repetition() == repetition)
              .mapToDouble(PairSample::seconds)
              .findFirst()
              .orElse(Double.NaN);
      counters.add(
          new CounterTable.RunCounters(
              setup, seconds, JSON.convertValue(run.get("bridgeRepairInWindow"), MAP_OF_LONGS)));
    }
    JsonNode link = root.get("longLink");
    JsonNode lastMile = root.get("lastMile");
    String title =
        title(
            link.get("delayMillisOneWay").asLong(),
            link.get("lossEachWay").asDouble(),
            lastMile.get("delayMillisOneWay").asLong(),
            lastMile.get("lossEachWay").asDouble(),
            root.get("runs").size() / ExperimentSummary.SETUPS.size(),
            link.get("measuredSeconds").asInt());
    System.out.println(write(samples, counters, title, out));
  }
}
