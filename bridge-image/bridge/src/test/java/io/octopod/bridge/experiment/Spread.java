package io.octopod.bridge.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median and range of one figure over repeated runs, with the runs' values kept for plots. */
public record Spread(double median, double min, double max, List<Double> values) {

  public static Spread of(List<Double> values) {
    List<Double> finite = new ArrayList<>();
    values.stream().filter(Double::isFinite).forEach(finite::add);
    if (finite.isEmpty()) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, List.of());
    }
    Collections.sort(finite);
    return new Spread(median(finite), finite.get(0), finite.get(finite.size() - 1), finite);
  }

  /** The median of sorted values: the middle one, or the mean of the two middle ones. */
  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** "12.3 (10.1–15.0)" with the given decimals, or "–" when nothing was measured. */
  public String format(int decimals) {
    if (values.isEmpty()) {
      return "–";
    }
    String f = "%." + decimals + "f";
    return String.format(f + " (" + f + "–" + f + ")", median, min, max);
  }
}
