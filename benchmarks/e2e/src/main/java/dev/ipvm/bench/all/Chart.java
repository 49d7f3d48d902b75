package dev.ipvm.bench.all;

import dev.ipvm.cluster.Recovery;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The harness's plot, drawn with Java2D into a PNG: left, throughput per checkpoint interval
 * (bare anchor, memo hits, executed tasks), each bar labelled with its ratio to the anchor;
 * right, low-rate latency p50 and p99 per phase, with the goal (interval + 50 ms) drawn, and
 * below it the recovery figure when the run measured it.
 */
final class Chart {
  private static final int W = 1500;
  private static final int H = 620;
  private static final Color[] SERIES = {new Color(0x9E, 0x9E, 0x9E), new Color(0x2E, 0x7D, 0x32),
      new Color(0x15, 0x65, 0xC0)};
  private static final Color[] LATENCY = {new Color(0x43, 0xA0, 0x47), new Color(0xFB, 0x8C, 0x00),
      new Color(0x8E, 0x24, 0xAA)};

  private Chart() {}

  static void draw(List<RunAll.Run> runs, Phase direct, Recovery.Result recovery, Path png) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    throughput(g, runs, direct, 60, 60, 640, 470);
    latency(g, runs, 820, 60, 640, 470);
    if (recovery != null) {
      double[] s = recovery.kills().stream().mapToDouble(Recovery.Kill::seconds).toArray();
      double worst = Arrays.stream(s).max().orElse(Double.NaN);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString(String.format(Locale.ROOT, "Recovery after a TaskManager kill -9: receipts flow again after %.1f s",
          Ratios.median(s)), 820, 592);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.drawString(String.format(Locale.ROOT, "median of %d kills (%.1f-%.1f s); goal <= 30 s: %s", s.length,
          Arrays.stream(s).min().orElse(Double.NaN), worst, worst <= RecoveryPhase.GOAL_SECONDS ? "met" : "missed"),
          820, 608);
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static void throughput(Graphics2D g, List<RunAll.Run> runs, Phase direct, int x0, int y0, int w, int h) {
    double max = 1;
    for (RunAll.Run r : runs) {
      max = Math.max(max, Math.max(Ratios.medianRate(r.bare()), Math.max(Ratios.medianRate(r.memo()), Ratios.medianRate(r.executed()))));
    }
    max = niceCeil(max);
    axes(g, x0, y0, w, h, max, "per second", "Throughput, median of rounds (median ratio to the bare anchor in brackets)");
    String[] names = {"bare anchor (verify + sign)", "memo hits", "executed add"};
    int group = w / runs.size();
    int bar = Math.min(60, (group - 40) / 3);
    for (int i = 0; i < runs.size(); i++) {
      RunAll.Run r = runs.get(i);
      double[] v = {Ratios.medianRate(r.bare()), Ratios.medianRate(r.memo()), Ratios.medianRate(r.executed())};
      double[] ratio = {1, r.memoRatio(), r.executedRatio()};
      int gx = x0 + i * group + (group - 3 * bar) / 2;
      for (int s = 0; s < 3; s++) {
        int bh = (int) (h * v[s] / max);
        g.setColor(SERIES[s]);
        g.fillRect(gx + s * bar, y0 + h - bh, bar - 4, bh);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String label = s == 0 ? String.format(Locale.ROOT, "%.0f", v[s])
            : String.format(Locale.ROOT, "%.0f (%.2f)", v[s], ratio[s]);
        g.drawString(label, gx + s * bar - 6, y0 + h - bh - 4);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString("checkpoint " + r.checkpoint().toMillis() + " ms" + (r.variant().isEmpty() ? "" : " " + r.variant()), x0 + i * group + group / 2 - 50, y0 + h + 18);
    }
    legend(g, names, SERIES, x0, y0 + h + 34);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(String.format(Locale.ROOT, "add run directly in the functions module: %.0f /s (off this scale)",
        direct.perSecond()), x0, y0 + h + 70);
  }

  private static void latency(Graphics2D g, List<RunAll.Run> runs, int x0, int y0, int w, int h) {
    double max = 1;
    for (RunAll.Run r : runs) {
      for (Phase p : List.of(r.lowMemo(), r.lowMiss(), r.chains())) {
        max = Math.max(max, p.percentile(1.0));
      }
      max = Math.max(max, r.checkpoint().toMillis() + Report.LATENCY_SLACK_MS);
    }
    max = niceCeil(max);
    axes(g, x0, y0, w, h, max, "ms", "Latency at a low rate: p50 (solid) and p99 (light); dashed: interval + 50 ms");
    String[] names = {"memo hit", "miss", "await chain of 10 (p50, max)"};
    int group = w / runs.size();
    int bar = Math.min(50, (group - 40) / 3);
    for (int i = 0; i < runs.size(); i++) {
      RunAll.Run r = runs.get(i);
      Phase[] ps = {r.lowMemo(), r.lowMiss(), r.chains()};
      int gx = x0 + i * group + (group - 3 * bar) / 2;
      for (int s = 0; s < 3; s++) {
        long hi = s == 2 ? ps[s].percentile(1.0) : ps[s].percentile(0.99);
        long mid = ps[s].percentile(0.5);
        int hh = (int) (h * hi / max);
        int mh = (int) (h * mid / max);
        Color c = LATENCY[s];
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
        g.fillRect(gx + s * bar, y0 + h - hh, bar - 4, hh);
        g.setColor(c);
        g.fillRect(gx + s * bar, y0 + h - mh, bar - 4, mh);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(mid + "/" + hi, gx + s * bar, y0 + h - hh - 4);
      }
      int goal = (int) (h * (r.checkpoint().toMillis() + Report.LATENCY_SLACK_MS) / max);
      g.setColor(Color.RED);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
      g.drawLine(x0 + i * group + 10, y0 + h - goal, x0 + (i + 1) * group - 10, y0 + h - goal);
      g.setStroke(new BasicStroke(1));
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      g.drawString("checkpoint " + r.checkpoint().toMillis() + " ms" + (r.variant().isEmpty() ? "" : " " + r.variant()), x0 + i * group + group / 2 - 50, y0 + h + 18);
    }
    legend(g, names, LATENCY, x0, y0 + h + 34);
  }

  private static void axes(Graphics2D g, int x0, int y0, int w, int h, double max, String unit, String title) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, x0, y0 - 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int t = 0; t <= 5; t++) {
      int y = y0 + h - h * t / 5;
      g.setColor(new Color(0xE0, 0xE0, 0xE0));
      g.drawLine(x0, y, x0 + w, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.0f", max * t / 5), x0 - 45, y + 4);
    }
    g.drawLine(x0, y0, x0, y0 + h);
    g.drawLine(x0, y0 + h, x0 + w, y0 + h);
    g.drawString(unit, x0 - 45, y0 - 8);
  }

  private static void legend(Graphics2D g, String[] names, Color[] colours, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i < names.length; i++) {
      g.setColor(colours[i]);
      g.fillRect(x, y - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(names[i], x + 16, y);
      x += 20 + g.getFontMetrics().stringWidth(names[i]) + 20;
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  private static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
