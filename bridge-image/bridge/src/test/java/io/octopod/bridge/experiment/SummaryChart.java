package io.octopod.bridge.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the summary as a grid of small bar charts, one per metric: for each pair group a bar per
 * setup at the median over repetitions, a whisker from the lowest to the highest repetition and a
 * dot per repetition, so the spread is read off the plot as easily as the medians. Plain java.awt
 * on an off-screen image, so it runs headless and needs no plotting tool.
 */
public final class SummaryChart {

  private static final int PANEL_WIDTH = 420;
  private static final int PANEL_HEIGHT = 260;
  private static final int TITLE_HEIGHT = 56;
  private static final Color[] SETUP_COLORS = {new Color(0xD9822B), new Color(0x2B6CB0)};
  private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  private SummaryChart() {}

  /** The grid of panels, {@code columns} wide, under a title and a legend of the setups. */
  public static BufferedImage render(
      ExperimentSummary summary, List<Metric> metrics, int columns, String title) {
    int rows = (metrics.size() + columns - 1) / columns;
    BufferedImage image =
        new BufferedImage(
            columns * PANEL_WIDTH, TITLE_HEIGHT + rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(Color.BLACK);
      g.setFont(HEADING);
      g.drawString(title, 12, 22);
      drawLegend(g, 12, 40);
      for (int i = 0; i < metrics.size(); i++) {
        int x = (i % columns) * PANEL_WIDTH;
        int y = TITLE_HEIGHT + (i / columns) * PANEL_HEIGHT;
        drawPanel(g, summary, metrics.get(i), x, y);
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  public static void writePng(BufferedImage image, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  private static void drawLegend(Graphics2D g, int x, int y) {
    g.setFont(TEXT);
    List<String> setups = ExperimentSummary.SETUPS;
    for (int i = 0; i < setups.size(); i++) {
      g.setColor(SETUP_COLORS[i]);
      g.fillRect(x, y - 10, 14, 12);
      g.setColor(Color.BLACK);
      g.drawString(setups.get(i), x + 20, y);
      x += 90;
    }
    g.drawString("bar: median of repetitions; whisker: min–max; dots: each repetition", x, y);
  }

  private static void drawPanel(
      Graphics2D g, ExperimentSummary summary, Metric metric, int x, int y) {
    int left = x + 56;
    int right = x + PANEL_WIDTH - 16;
    int top = y + 30;
    int bottom = y + PANEL_HEIGHT - 40;
    g.setColor(Color.BLACK);
    g.setFont(HEADING);
    g.drawString(metric.label + " (" + metric.unit + ")", x + 12, y + 18);
    double max = axisMax(summary, metric);
    g.setFont(TEXT);
    for (int tick = 0; tick <= 4; tick++) {
      double value = max * tick / 4;
      int ty = scale(value, max, top, bottom);
      g.setColor(new Color(0xE2E8F0));
      g.drawLine(left, ty, right, ty);
      g.setColor(Color.DARK_GRAY);
      String label =
          BigDecimal.valueOf(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
      g.drawString(label, left - 6 - g.getFontMetrics().stringWidth(label), ty + 4);
    }
    g.setColor(Color.BLACK);
    g.drawLine(left, bottom, right, bottom);
    PairGroup[] groups = PairGroup.values();
    int groupWidth = (right - left) / groups.length;
    List<String> setups = ExperimentSummary.SETUPS;
    int barWidth = groupWidth / (setups.size() + 1);
    for (int gi = 0; gi < groups.length; gi++) {
      int groupLeft = left + gi * groupWidth;
      for (int si = 0; si < setups.size(); si++) {
        Spread s = summary.spread(metric, groups[gi], setups.get(si));
        int barLeft = groupLeft + barWidth / 2 + si * barWidth;
        drawBar(g, s, max, barLeft, barWidth - 4, top, bottom, SETUP_COLORS[si]);
      }
      g.setColor(Color.BLACK);
      String label = groups[gi].label;
      int w = g.getFontMetrics().stringWidth(label);
      g.drawString(label, groupLeft + (groupWidth - w) / 2, bottom + 16);
    }
  }

  private static void drawBar(
      Graphics2D g, Spread s, double max, int x, int width, int top, int bottom, Color color) {
    if (s.values().isEmpty()) {
      g.setColor(Color.GRAY);
      g.drawString("n/a", x + 2, bottom - 4);
      return;
    }
    int barTop = scale(s.median(), max, top, bottom);
    g.setColor(color);
    g.fillRect(x, barTop, width, Math.max(1, bottom - barTop));
    int mid = x + width / 2;
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    int low = scale(s.min(), max, top, bottom);
    int high = scale(s.max(), max, top, bottom);
    g.drawLine(mid, low, mid, high);
    g.drawLine(mid - 5, low, mid + 5, low);
    g.drawLine(mid - 5, high, mid + 5, high);
    for (double v : s.values()) {
      int vy = scale(v, max, top, bottom);
      g.fillOval(mid - 3, vy - 3, 6, 6);
    }
  }

  /** The axis top: a round number above every repetition's value of the metric. */
  static double axisMax(ExperimentSummary summary, Metric metric) {
    double max = 0;
    for (PairGroup group : PairGroup.values()) {
      for (String setup : ExperimentSummary.SETUPS) {
        for (double v : summary.spread(metric, group, setup).values()) {
          max = Math.max(max, v);
        }
      }
    }
    if (max <= 0) {
      return 1;
    }
    double step = Math.pow(10, Math.floor(Math.log10(max)));
    for (double nice : new double[] {1, 2, 2.5, 5, 10}) {
      if (nice * step >= max * 1.05) {
        return nice * step;
      }
    }
    return 10 * step;
  }

  private static int scale(double value, double max, int top, int bottom) {
    double clamped = Math.max(0, Math.min(value, max));
    return (int) Math.round(bottom - (bottom - top) * clamped / max);
  }
}
