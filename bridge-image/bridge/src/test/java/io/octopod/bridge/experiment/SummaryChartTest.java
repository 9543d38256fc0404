package io.octopod.bridge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryChartTest {

  @Test
  void writesAPngWithAPanelPerMetricThatReadsBack(@TempDir Path dir) throws Exception {
    ExperimentSummary summary =
        new ExperimentSummary(
            List.of(
                PairSamples.sample("star", 1, PairGroup.FAR, 2, 0),
                PairSamples.sample("star", 2, PairGroup.FAR, 4, 0),
                PairSamples.sample("cascade", 1, PairGroup.FAR, 1, 0),
                PairSamples.sample("cascade", 1, PairGroup.NEAR_A, 0, 0)));
    Path png = dir.resolve("plot.png");
    SummaryChart.writePng(
        SummaryChart.render(summary, List.of(Metric.E2E_RTT, Metric.FREEZES, Metric.NACKS), 2, "t"),
        png);
    BufferedImage read = ImageIO.read(png.toFile());
    assertEquals(840, read.getWidth(), "two panels wide");
    assertEquals(56 + 2 * 260, read.getHeight(), "two rows for three panels");
    assertTrue(Files.size(png) > 2_000, "something was drawn");
    assertTrue(colours(read) > 5, "bars, text and grid in several colours");
  }

  @Test
  void axisEndsAtARoundNumberAboveEveryRun() {
    ExperimentSummary summary =
        new ExperimentSummary(List.of(PairSamples.sample("star", 1, PairGroup.FAR, 0, 0)));
    assertEquals(200, SummaryChart.axisMax(summary, Metric.E2E_RTT), "pings 160–200 ms: 170");
    assertEquals(
        1, SummaryChart.axisMax(summary, Metric.CHROMIUM_LOST), "nothing lost: a unit axis");
  }

  private static int colours(BufferedImage image) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
