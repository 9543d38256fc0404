package io.octopod.bridge.experiment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The experiment's results reduced to what the document shows: each metric per pair group and
 * setup, computed per run (repetition) and then summarised over the repetitions as median and
 * range, so the spread between runs stays visible.
 */
public final class ExperimentSummary {

  /** The setups in the order they are shown. */
  public static final List<String> SETUPS = List.of("star", "cascade");

  private final Map<Metric, Map<PairGroup, Map<String, Spread>>> spreads =
      new EnumMap<>(Metric.class);

  public ExperimentSummary(List<PairSample> samples) {
    for (Metric metric : Metric.values()) {
      Map<PairGroup, Map<String, Spread>> byGroup = new EnumMap<>(PairGroup.class);
      for (PairGroup group : PairGroup.values()) {
        Map<String, Spread> bySetup = new LinkedHashMap<>();
        for (String setup : SETUPS) {
          bySetup.put(setup, Spread.of(perRun(samples, metric, group, setup)));
        }
        byGroup.put(group, bySetup);
      }
      spreads.put(metric, byGroup);
    }
  }

  /** The metric for each repetition of one setup, over one group's pairs. */
  private static List<Double> perRun(
      List<PairSample> samples, Metric metric, PairGroup group, String setup) {
    TreeSet<Integer> repetitions = new TreeSet<>();
    samples.stream()
        .filter(s -> s.setup().equals(setup))
        .forEach(s -> repetitions.add(s.repetition()));
    List<Double> values = new ArrayList<>();
    for (int repetition : repetitions) {
      List<PairSample> pairs =
          samples.stream()
              .filter(
                  s ->
                      s.setup().equals(setup) && s.repetition() == repetition && s.group() == group)
              .toList();
      if (!pairs.isEmpty()) {
        values.add(metric.of(pairs));
      }
    }
    return values;
  }

  public Spread spread(Metric metric, PairGroup group, String setup) {
    return spreads.get(metric).get(group).get(setup);
  }

  /** A Markdown table: a row per metric and group, a column per setup, "median (min–max)". */
  public String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| Metric | Pairs |");
    SETUPS.forEach(s -> out.append(' ').append(s).append(" |"));
    out.append("\n|---|---|");
    SETUPS.forEach(s -> out.append("---|"));
    out.append('\n');
    for (Metric metric : Metric.values()) {
      for (PairGroup group : PairGroup.values()) {
        out.append("| ").append(metric.label).append(" (").append(metric.unit).append(") | ");
        out.append(group.label).append(" |");
        for (String setup : SETUPS) {
          out.append(' ').append(spread(metric, group, setup).format(metric.decimals)).append(" |");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** One line per metric, group and setup: median, min, max and each run's value. */
  public String csv() {
    StringBuilder out = new StringBuilder("metric,unit,group,setup,median,min,max,runs\n");
    for (Metric metric : Metric.values()) {
      for (PairGroup group : PairGroup.values()) {
        for (String setup : SETUPS) {
          Spread s = spread(metric, group, setup);
          List<String> runs = s.values().stream().map(v -> String.format("%.4f", v)).toList();
          out.append(
              String.format(
                  "%s,%s,%s,%s,%.4f,%.4f,%.4f,%s%n",
                  metric.name(),
                  metric.unit,
                  group.name(),
                  setup,
                  s.median(),
                  s.min(),
                  s.max(),
                  String.join(";", runs)));
        }
      }
    }
    return out.toString();
  }
}
