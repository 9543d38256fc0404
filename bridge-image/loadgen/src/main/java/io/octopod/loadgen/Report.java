package io.octopod.loadgen;

import java.util.Locale;
import java.util.Map;

/** The short human report of a {@link BenchResult}, in Markdown. */
final class Report {

  private Report() {}

  static String markdown(BenchResult r) {
    StringBuilder b = new StringBuilder();
    b.append("# Octopod bench, ").append(r.startedAt()).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "CPUs %s (%s), bridge on CPU %s, load generator on CPU %s; %.0f s; load average %s at"
                + " the start, %s at the end (the machine is shared). SRTP (AES-GCM) on both legs;"
                + " one-way latency through the bridge, measured in the payload.%n%n",
            r.machine().get("cpus"),
            r.machine().get("java"),
            r.machine().get("bridgeCpus"),
            r.machine().get("loadgenCpus"),
            r.durationSeconds(),
            r.machine().get("loadAverageAtStart"),
            r.machine().get("loadAverageAtEnd")));
    b.append("## Saturation (highest step under 0.1 % loss)\n\n");
    b.append(
        "| Scenario | egress pkt/s | ingress pkt/s | loss | bridge CPU | egress pkt/s per core |"
            + " ns CPU/pkt | loadgen CPU | B alloc/pkt | GC pause ms | RSS/participant |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (BenchResult.ScenarioResult s : r.scenarios()) {
      saturationRow(b, s.name(), s.saturation(), s.residentBytesPerParticipant());
    }
    if (r.kernel() != null) {
      saturationRow(b, "kernel forwarder", r.kernel().saturation(), -1);
    }
    b.append("\n## Latency at 50 % and 90 % of the saturated load (microseconds)\n\n");
    b.append("| Scenario | load | egress pkt/s | p50 | p99 | p99.9 | max | loss | audio gaps |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    for (BenchResult.ScenarioResult s : r.scenarios()) {
      latencyRow(b, s.name(), "50 %", s.at50());
      latencyRow(b, s.name(), "90 %", s.at90());
    }
    b.append("\n## Ratios\n\n");
    for (Map.Entry<String, Double> e : r.ratios().entrySet()) {
      b.append(String.format(Locale.ROOT, "- %s: %.2f%n", e.getKey(), e.getValue()));
    }
    b.append("\nAnchors (published egress packets/s per core): ");
    r.anchors().forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %,.0f; ", k, v)));
    b.append("\n\n## Where the bridge's CPU goes at saturation (JFR samples)\n");
    for (BenchResult.ScenarioResult s : r.scenarios()) {
      if (s.hottestOwnMethods() == null || s.hottestOwnMethods().isEmpty()) {
        continue;
      }
      b.append("\n### ").append(s.name()).append("\n\nInnermost project method: ");
      s.hottestOwnMethods()
          .forEach(
              (m, share) -> b.append(String.format(Locale.ROOT, "`%s` %.0f %%; ", m, share * 100)));
      b.append("\n\nTop frame: ");
      s.hottestMethods()
          .forEach(
              (m, share) -> b.append(String.format(Locale.ROOT, "`%s` %.0f %%; ", m, share * 100)));
      b.append("\n");
    }
    return b.toString();
  }

  private static void saturationRow(
      StringBuilder b, String name, StepResult t, double residentPerParticipant) {
    if (t == null) {
      b.append("| ").append(name).append(" | no step under 0.1 % loss |||||||||\n");
      return;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %,.0f | %,.0f | %.3f %% | %.0f %% | %,.0f | %,.0f | %.0f %% | %s | %s | %s |%n",
            name,
            t.egressPacketsPerSecond(),
            t.offeredPacketsPerSecond(),
            t.lossFraction() * 100,
            t.bridgeCpuCores() * 100,
            t.egressPerCore(),
            t.bridgeCpuNanosPerPacket(),
            t.loadgenCpuCores() * 100,
            orNa(t.allocatedBytesPerPacket(), "%.0f", 1),
            orNa(t.gcPauseMillis(), "%.1f", 1),
            orNa(residentPerParticipant, "%.0f KiB", 1024)));
  }

  private static String orNa(double value, String format, double unit) {
    return value < 0 ? "n/a" : String.format(Locale.ROOT, format, value / unit);
  }

  private static void latencyRow(StringBuilder b, String name, String load, StepResult s) {
    if (s == null) {
      return;
    }
    b.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.3f %% | %.2f %% |%n",
            name,
            load,
            s.egressPacketsPerSecond(),
            s.latencyP50Micros(),
            s.latencyP99Micros(),
            s.latencyP999Micros(),
            s.latencyMaxMicros(),
            s.lossFraction() * 100,
            s.audioGapFraction() * 100));
  }
}
