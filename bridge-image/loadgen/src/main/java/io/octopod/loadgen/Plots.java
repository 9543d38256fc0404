package io.octopod.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The run's two PNG plots, drawn with java.awt (headless): egress against offered load, and latency
 * percentiles against egress, one panel per scenario and one for the kernel forwarder. Steps over
 * the loss threshold are drawn in red.
 */
final class Plots {

  private static final int PANEL_W = 360;
  private static final int PANEL_H = 260;
  private static final int MARGIN = 50;
  private static final Color[] SERIES = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)
  };

  private record Panel(String title, List<StepResult> steps) {}

  private Plots() {}

  static void write(BenchResult r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Panel> panels = new ArrayList<>();
    for (BenchResult.ScenarioResult s : r.scenarios()) {
      List<StepResult> steps = new ArrayList<>(s.search());
      if (s.at50() != null) {
        steps.add(s.at50());
      }
      if (s.at90() != null) {
        steps.add(s.at90());
      }
      panels.add(new Panel(s.name(), steps));
    }
    if (r.kernel() != null) {
      panels.add(new Panel("kernel forwarder", r.kernel().search()));
    }
    draw(
        panels,
        "offered (ingress) packets/s",
        "egress packets/s",
        StepResult::offeredPacketsPerSecond,
        List.of(StepResult::egressPacketsPerSecond),
        List.of("egress"),
        dir.resolve("throughput.png"));
    draw(
        panels,
        "egress packets/s",
        "one-way latency, µs (log)",
        StepResult::egressPacketsPerSecond,
        List.of(
            StepResult::latencyP50Micros,
            StepResult::latencyP99Micros,
            StepResult::latencyP999Micros),
        List.of("p50", "p99", "p99.9"),
        dir.resolve("latency.png"));
  }

  private static void draw(
      List<Panel> panels,
      String xLabel,
      String yLabel,
      ToDoubleFunction<StepResult> x,
      List<ToDoubleFunction<StepResult>> ys,
      List<String> names,
      Path file)
      throws IOException {
    boolean logY = ys.size() > 1;
    int columns = Math.min(3, panels.size());
    int rows = (panels.size() + columns - 1) / columns;
    BufferedImage image =
        new BufferedImage(columns * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      int ox = (i % columns) * PANEL_W;
      int oy = (i / columns) * PANEL_H;
      List<StepResult> steps = new ArrayList<>(p.steps());
      steps.sort(Comparator.comparingDouble(x));
      double xMax = 1;
      double yMin = Double.MAX_VALUE;
      double yMax = 1;
      for (StepResult s : steps) {
        xMax = Math.max(xMax, x.applyAsDouble(s));
        for (ToDoubleFunction<StepResult> y : ys) {
          yMax = Math.max(yMax, y.applyAsDouble(s));
          yMin = Math.min(yMin, Math.max(1, y.applyAsDouble(s)));
        }
      }
      double low = logY ? Math.pow(10, Math.floor(Math.log10(Math.max(1, yMin)))) : 0;
      double high = logY ? Math.pow(10, Math.ceil(Math.log10(yMax))) : yMax * 1.1;
      int left = ox + MARGIN;
      int bottom = oy + PANEL_H - 35;
      int width = PANEL_W - MARGIN - 15;
      int height = PANEL_H - 65;
      g.setColor(Color.BLACK);
      g.drawString(p.title(), left, oy + 18);
      g.drawRect(left, bottom - height, width, height);
      g.drawString(xLabel + " (max " + format(xMax) + ")", left, bottom + 25);
      g.drawString(format(high), ox + 4, bottom - height + 4);
      g.drawString(format(low), ox + 4, bottom);
      g.drawString(yLabel, left + 4, bottom - height + 12);
      for (int k = 0; k < ys.size(); k++) {
        g.setColor(SERIES[k]);
        g.setStroke(new BasicStroke(1.5f));
        int px = -1;
        int py = -1;
        for (StepResult s : steps) {
          int cx = left + (int) (width * x.applyAsDouble(s) / (xMax * 1.05));
          double v = Math.max(low, ys.get(k).applyAsDouble(s));
          double frac = logY ? Math.log(v / low) / Math.log(high / low) : (v - low) / (high - low);
          int cy = bottom - (int) (height * frac);
          if (px >= 0) {
            g.setColor(SERIES[k]);
            g.drawLine(px, py, cx, cy);
          }
          g.setColor(s.sustained() ? SERIES[k] : Color.RED);
          g.fillOval(cx - 3, cy - 3, 6, 6);
          px = cx;
          py = cy;
        }
        g.setColor(SERIES[k]);
        g.drawString(names.get(k), left + width - 45, bottom - height + 14 + 12 * k);
      }
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static String format(double v) {
    return v >= 10_000
        ? String.format(Locale.ROOT, "%.0fk", v / 1000)
        : String.format(Locale.ROOT, "%.0f", v);
  }
}
