package dev.ipvm.bench.profile;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A flame graph (PNG) of a JFR recording's CPU samples ({@code jdk.ExecutionSample}) within a
 * time window, drawn with Java2D: one box per frame, its width the share of samples under it,
 * callers below callees, coloured by who owns the code. Also prints the frames with the most
 * samples on top of the stack (self time) and the share of a few owners, for the text beside it.
 *
 * <p>Usage: {@code FlameGraph recording.jfr out.png title [fromEpochMs toEpochMs]}
 */
public final class FlameGraph {
  private static final int WIDTH = 1800;
  private static final int ROW = 17;
  private static final int MAX_DEPTH = 70;

  /** A frame in the merged call tree. */
  private static final class Node {
    final String name;
    final Map<String, Node> children = new LinkedHashMap<>();
    long samples;
    long self;

    Node(String name) {
      this.name = name;
    }

    Node child(String n) {
      return children.computeIfAbsent(n, Node::new);
    }
  }

  private FlameGraph() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: FlameGraph recording.jfr out.png title [fromEpochMs toEpochMs]");
      System.exit(2);
    }
    long from = args.length > 4 ? Long.parseLong(args[3]) : Long.MIN_VALUE;
    long to = args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE;
    render(Path.of(args[0]), Path.of(args[1]), args[2], from, to, System.out);
  }

  /** Renders the samples taken between {@code from} and {@code to} (epoch ms) and prints a summary. */
  public static void render(Path jfr, Path png, String title, long from, long to, PrintStream summary)
      throws IOException {
    Node root = new Node("all");
    Map<String, Long> selfByFrame = new HashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      long t = e.getStartTime().toEpochMilli();
      RecordedStackTrace st = e.getStackTrace();
      if (t < from || t > to || st == null) {
        continue;
      }
      List<RecordedFrame> frames = st.getFrames(); // top of stack first
      root.samples++;
      Node n = root;
      for (int i = Math.min(frames.size(), MAX_DEPTH) - 1; i >= 0; i--) {
        n = n.child(name(frames.get(i)));
        n.samples++;
      }
      n.self++;
      if (!frames.isEmpty()) {
        selfByFrame.merge(name(frames.get(0)), 1L, Long::sum);
      }
    }
    draw(root, png, title + " (" + root.samples + " samples"
        + (from != Long.MIN_VALUE ? ", " + Instant.ofEpochMilli(from) + " + " + (to - from) / 1000 + " s" : "") + ")");
    summary.printf("%s: %d samples%n", title, root.samples);
    summary.println("top frames by self samples:");
    selfByFrame.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
        .forEach(en -> summary.printf("  %5.1f %%  %s%n", 100.0 * en.getValue() / Math.max(1, root.samples), en.getKey()));
    summary.println("samples with a frame of (inclusive):");
    for (String owner : List.of("org.bouncycastle", "dev.ipvm.dagcbor", "dev.ipvm.multibase", "dev.ipvm.ucan",
        "dev.ipvm.job.intake", "dev.ipvm.job.task", "dev.ipvm.job.exec", "com.dylibso.chicory", "org.rocksdb",
        "org.apache.kafka", "org.apache.flink.runtime.checkpoint", "org.apache.flink.api.common.typeutils",
        "org.apache.flink.api.java.typeutils.runtime", "com.esotericsoftware.kryo", "java.security.MessageDigest",
        "sun.security.provider.SHA")) {
      long c = inclusive(root, owner, false);
      summary.printf("  %5.1f %%  %s%n", 100.0 * c / Math.max(1, root.samples), owner);
    }
  }

  /** Samples under the first frame on each path whose name starts with {@code prefix}. */
  private static long inclusive(Node n, String prefix, boolean counted) {
    if (!counted && n.name.startsWith(prefix)) {
      return n.samples;
    }
    long s = 0;
    for (Node c : n.children.values()) {
      s += inclusive(c, prefix, counted);
    }
    return s;
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls + "." + f.getMethod().getName();
  }

  private static void draw(Node root, Path png, String title) throws IOException {
    int depth = depth(root);
    int height = (depth + 3) * ROW;
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(title, 6, ROW - 3);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    drawNode(g, root, 0, WIDTH, height - ROW, root.samples);
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static void drawNode(Graphics2D g, Node n, double x, double w, int y, long total) {
    if (w < 0.5) {
      return;
    }
    g.setColor(colour(n.name));
    g.fillRect((int) x, y - ROW + 1, Math.max(1, (int) w - 1), ROW - 1);
    if (w > 30) {
      g.setColor(Color.BLACK);
      FontMetrics fm = g.getFontMetrics();
      String label = n.name + " " + String.format("%.1f%%", 100.0 * n.samples / Math.max(1, total));
      String shown = label;
      while (shown.length() > 2 && fm.stringWidth(shown) > w - 4) {
        shown = shown.substring(0, shown.length() - 2);
      }
      g.drawString(shown.equals(label) ? label : shown + "…", (int) x + 2, y - 4);
    }
    double cx = x;
    List<Node> kids = new ArrayList<>(n.children.values());
    kids.sort(Comparator.comparing(k -> k.name));
    for (Node c : kids) {
      double cw = w * c.samples / Math.max(1, n.samples);
      drawNode(g, c, cx, cw, y - ROW, total);
      cx += cw;
    }
  }

  private static int depth(Node n) {
    int d = 0;
    for (Node c : n.children.values()) {
      d = Math.max(d, depth(c));
    }
    return d + 1;
  }

  /** Colour by owner, so the eye finds crypto, codec, Flink, Kafka and RocksDB at a glance. */
  private static Color colour(String frame) {
    if (frame.startsWith("org.bouncycastle")) {
      return new Color(0xE8, 0x5C, 0x4A);
    } else if (frame.startsWith("dev.ipvm")) {
      return new Color(0x6C, 0xC0, 0x5A);
    } else if (frame.startsWith("com.dylibso.chicory")) {
      return new Color(0x3F, 0xA7, 0x9A);
    } else if (frame.startsWith("org.rocksdb")) {
      return new Color(0xA0, 0x7C, 0xD8);
    } else if (frame.startsWith("org.apache.kafka")) {
      return new Color(0xF2, 0xA6, 0x3B);
    } else if (frame.startsWith("org.apache.flink")) {
      return new Color(0x6A, 0x9F, 0xE0);
    } else if (frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.")) {
      return new Color(0xE6, 0xD4, 0x5A);
    }
    return new Color(0xC8, 0xC8, 0xC8);
  }
}
