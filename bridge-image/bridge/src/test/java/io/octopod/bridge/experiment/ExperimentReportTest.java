package io.octopod.bridge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReportTest {

  @Test
  void redrawsTablesAndPlotFromResultsJson(@TempDir Path dir) throws Exception {
    Map<String, Object> results =
        Map.of(
            "longLink", Map.of("delayMillisOneWay", 80, "lossEachWay", 0.02, "measuredSeconds", 60),
            "lastMile", Map.of("delayMillisOneWay", 0, "lossEachWay", 0.0),
            "runs",
                List.of(
                    Map.of(
                        "setup",
                        "star",
                        "repetition",
                        1,
                        "bridgeRepairInWindow",
                        Map.of("resent", 12)),
                    Map.of(
                        "setup",
                        "cascade",
                        "repetition",
                        1,
                        "bridgeRepairInWindow",
                        Map.of("resent", 0))),
            "samples",
                List.of(
                    PairSamples.sample("star", 1, PairGroup.FAR, 2, 0),
                    PairSamples.sample("cascade", 1, PairGroup.FAR, 1, 0)));
    Path json = dir.resolve("results.json");
    new ObjectMapper().writeValue(json.toFile(), results);

    ExperimentReport.main(new String[] {json.toString()});

    String tables = Files.readString(dir.resolve("summary.md"));
    assertTrue(tables.contains("| freezes (/min) | far (A ↔ B) | 2.00 (2.00–2.00) | 1.00"), tables);
    assertTrue(tables.contains("| resent | 12 (12–12) | 0 (0–0) |"), tables);
    assertEquals(840, ImageIO.read(dir.resolve("cascade-vs-star.png").toFile()).getWidth());
  }
}
