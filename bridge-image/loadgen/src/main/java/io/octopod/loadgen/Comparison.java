package io.octopod.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Compares two result files, scenario by scenario, on the figures that matter: egress per core and
 * sustained egress at saturation (higher is better), p99 latency at 90 % load and allocation per
 * packet (lower is better). A change worse than {@link #TOLERANCE} is flagged as a regression: the
 * shared machine's noise is about that large.
 */
final class Comparison {

  static final double TOLERANCE = 0.15;

  /** One compared figure: its values before and after, and whether it got worse beyond noise. */
  record Row(String scenario, String figure, double before, double after, boolean regression) {}

  private record Figure(String name, boolean higherIsBetter, ToDoubleFunction<StepResult> value) {}

  private static final List<Figure> SATURATION =
      List.of(
          new Figure("egress pkt/s per core", true, StepResult::egressPerCore),
          new Figure("egress pkt/s sustained", true, StepResult::egressPacketsPerSecond),
          new Figure("B allocated per pkt", false, StepResult::allocatedBytesPerPacket));
  private static final Figure P99 =
      new Figure("p99 us at 90%", false, StepResult::latencyP99Micros);

  private Comparison() {}

  static List<Row> compare(BenchResult before, BenchResult after) {
    List<Row> rows = new ArrayList<>();
    for (BenchResult.ScenarioResult b : before.scenarios()) {
      BenchResult.ScenarioResult a = after.scenario(b.name());
      if (a == null) {
        continue;
      }
      for (Figure f : SATURATION) {
        add(rows, b.name(), f, b.saturation(), a.saturation());
      }
      add(rows, b.name(), P99, b.at90(), a.at90());
    }
    if (before.kernel() != null && after.kernel() != null) {
      add(
          rows,
          "kernel forwarder",
          SATURATION.get(0),
          before.kernel().saturation(),
          after.kernel().saturation());
    }
    return rows;
  }

  private static void add(
      List<Row> rows, String scenario, Figure f, StepResult before, StepResult after) {
    if (before == null || after == null) {
      return;
    }
    double b = f.value().applyAsDouble(before);
    double a = f.value().applyAsDouble(after);
    if (b < 0 || a < 0) {
      return;
    }
    boolean worse =
        f.higherIsBetter() ? a < b * (1 - TOLERANCE) : a > b * (1 + TOLERANCE) && a - b > 1;
    rows.add(new Row(scenario, f.name(), b, a, worse));
  }

  static String text(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append(
        "| Scenario | figure | before | after | after/before | |\n|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,.1f | %,.1f | %.2f | %s |%n",
              r.scenario(),
              r.figure(),
              r.before(),
              r.after(),
              r.before() == 0 ? 0 : r.after() / r.before(),
              r.regression() ? "REGRESSION" : ""));
    }
    return s.toString();
  }
}
