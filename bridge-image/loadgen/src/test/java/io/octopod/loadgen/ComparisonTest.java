package io.octopod.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

  private static StepResult step(double egress, double cpu, double p99, double alloc) {
    return new StepResult(
        1,
        1000,
        0,
        egress,
        0,
        0,
        100,
        p99,
        p99 * 2,
        p99 * 3,
        cpu,
        1e9 * cpu / egress,
        0.5,
        alloc,
        0,
        0,
        1,
        0);
  }

  private static BenchResult result(double egress, double cpu, double p99, double alloc) {
    StepResult s = step(egress, cpu, p99, alloc);
    return new BenchResult(
        BenchResult.FORMAT,
        "2026-12-02T13:00:00Z",
        60,
        Map.of("cpus", "0-1"),
        List.of(
            new BenchResult.ScenarioResult(
                "webinar",
                "d",
                100,
                1,
                List.of(s),
                s,
                s,
                s,
                1e6,
                1e8,
                Map.of(),
                Map.of(),
                Map.of())),
        null,
        Bench.ANCHORS,
        Map.of());
  }

  @Test
  void flagsALowerRateAndAHigherTailBeyondNoiseOnly(@TempDir Path dir) throws IOException {
    Path before = dir.resolve("before.json");
    Path after = dir.resolve("after.json");
    result(100_000, 0.8, 500, 300).write(before);
    result(70_000, 0.8, 560, 300).write(after);
    List<Comparison.Row> rows =
        Comparison.compare(BenchResult.read(before), BenchResult.read(after));
    Map<String, Boolean> regressed =
        rows.stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Comparison.Row::figure, Comparison.Row::regression));
    assertTrue(regressed.get("egress pkt/s per core"), rows.toString());
    assertTrue(regressed.get("egress pkt/s sustained"), rows.toString());
    assertFalse(regressed.get("p99 us at 90%"), "12 % is within noise: " + rows);
    assertFalse(regressed.get("B allocated per pkt"), rows.toString());
    assertTrue(Comparison.text(rows).contains("REGRESSION"));
  }

  @Test
  void improvementsAreNotRegressions() {
    List<Comparison.Row> rows =
        Comparison.compare(result(100_000, 1, 500, 300), result(150_000, 1, 300, 0));
    assertEquals(4, rows.size());
    assertTrue(rows.stream().noneMatch(Comparison.Row::regression), rows.toString());
  }

  @Test
  void refusesAFileThatIsNotABenchResult(@TempDir Path dir) throws IOException {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"format\":\"something-else\"}");
    assertThrows(IOException.class, () -> BenchResult.read(other));
  }
}
