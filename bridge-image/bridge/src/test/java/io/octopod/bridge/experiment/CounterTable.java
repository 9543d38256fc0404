package io.octopod.bridge.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bridges' own repair counters (what they resent, what they could not answer, what Octo
 * carried) as a Markdown table: per counter and setup, the median and range over repetitions of the
 * count per minute of the measured window. The browsers' counters can't tell a resend from the
 * bridge's probing padding, which also travels on the RTX stream; these can.
 */
public final class CounterTable {

  /** One run's counter differences over its measured window. */
  public record RunCounters(String setup, double seconds, Map<String, Long> counts) {}

  private CounterTable() {}

  public static String markdown(List<RunCounters> runs) {
    Set<String> names = new LinkedHashSet<>();
    runs.forEach(r -> names.addAll(r.counts().keySet()));
    StringBuilder out = new StringBuilder("| Bridge counter (/min) |");
    ExperimentSummary.SETUPS.forEach(s -> out.append(' ').append(s).append(" |"));
    out.append("\n|---|");
    ExperimentSummary.SETUPS.forEach(s -> out.append("---|"));
    out.append('\n');
    for (String name : names) {
      out.append("| ").append(name).append(" |");
      for (String setup : ExperimentSummary.SETUPS) {
        List<Double> perMinute = new ArrayList<>();
        for (RunCounters r : runs) {
          if (r.setup().equals(setup) && r.counts().containsKey(name)) {
            perMinute.add(r.counts().get(name) * 60 / r.seconds());
          }
        }
        out.append(' ').append(Spread.of(perMinute).format(0)).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }
}
