package dev.ipvm.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.bench.codec.CodecPayloads;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the codec table from a JMH JSON result file: per shape, our DAG-CBOR and Jackson CBOR
 * encode and decode in MB/s (ops/s × that side's encoded size, MB = 10^6 bytes) with the ratio
 * ours/Jackson, and CIDs/s. The sizes come from {@link CodecPayloads}, which builds the same
 * values the benchmark measured.
 *
 * <p>Usage: {@code CodecReport [--raw] jmh-codec.json}; {@code --raw} adds the ops/s scores
 * with their 99.9% confidence half-widths.
 */
public final class CodecReport {
  private static final String BENCH = "dev.ipvm.bench.codec.DagCborBench.";
  private static final String[] SHAPES = {CodecPayloads.SMALL, CodecPayloads.MEDIUM, CodecPayloads.BYTES};
  private static final String[] METHODS = {"oursEncode", "jacksonEncode", "oursDecode", "jacksonDecode", "oursCid"};

  private CodecReport() {}

  /** One benchmark's score, in ops/s. */
  record Score(double opsPerSec, double errorOpsPerSec) {}

  public static void main(String[] args) throws IOException {
    boolean raw = false;
    String path = null;
    for (String a : args) {
      if (a.equals("--raw")) {
        raw = true;
      } else {
        path = a;
      }
    }
    if (path == null) {
      System.err.println("usage: CodecReport [--raw] <jmh-result.json>");
      System.exit(2);
    }
    Map<String, Map<String, Score>> scores = read(new File(path)); // shape -> method -> score
    if (scores.isEmpty()) {
      System.err.println("no DagCborBench results in " + path);
      System.exit(1);
    }
    print(scores, raw, System.out);
  }

  static Map<String, Map<String, Score>> read(File file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file);
    Map<String, Map<String, Score>> out = new HashMap<>();
    for (JsonNode r : root) {
      String bench = r.path("benchmark").asText();
      if (!bench.startsWith(BENCH)) {
        continue;
      }
      String method = bench.substring(BENCH.length());
      String shape = r.path("params").path("shape").asText();
      JsonNode m = r.path("primaryMetric");
      double perSec = JmhUnits.perSecond(m.path("scoreUnit").asText());
      Score s = new Score(m.path("score").asDouble() * perSec, m.path("scoreError").asDouble() * perSec);
      out.computeIfAbsent(shape, k -> new HashMap<>()).put(method, s);
    }
    return out;
  }


  static void print(Map<String, Map<String, Score>> scores, boolean raw, PrintStream out) {
    List<String> shapes = new ArrayList<>();
    for (String s : SHAPES) {
      if (scores.containsKey(s)) {
        shapes.add(s);
      }
    }
    out.println("Codec (DAG-CBOR): MB/s = ops/s x encoded size / 10^6; ratio = ours / Jackson");
    out.println();
    out.println("| shape | bytes ours / Jackson | encode ours MB/s | encode Jackson MB/s | encode ratio "
        + "| decode ours MB/s | decode Jackson MB/s | decode ratio | CIDs/s | CID MB/s |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String shape : shapes) {
      Map<String, Score> s = scores.get(shape);
      int ours = CodecPayloads.oursBytes(shape).length;
      int jackson = CodecPayloads.jacksonBytes(shape).length;
      Double encO = mbps(s.get("oursEncode"), ours);
      Double encJ = mbps(s.get("jacksonEncode"), jackson);
      Double decO = mbps(s.get("oursDecode"), ours);
      Double decJ = mbps(s.get("jacksonDecode"), jackson);
      Score cid = s.get("oursCid");
      out.println(String.join(" | ",
          "| " + shape,
          String.format(Locale.ROOT, "%,d / %,d", ours, jackson),
          num(encO), num(encJ), ratio(encO, encJ),
          num(decO), num(decJ), ratio(decO, decJ),
          cid == null ? "-" : String.format(Locale.ROOT, "%,.0f", cid.opsPerSec()),
          num(mbps(cid, ours)) + " |"));
    }
    if (raw) {
      out.println();
      out.println("| benchmark | shape | ops/s | ± (99.9% CI) | ± % |");
      out.println("|---|---|---:|---:|---:|");
      for (String shape : shapes) {
        for (String method : METHODS) {
          Score sc = scores.get(shape).get(method);
          if (sc != null) {
            boolean noError = Double.isNaN(sc.errorOpsPerSec()); // a single iteration has none
            out.printf(Locale.ROOT, "| %s | %s | %,.1f | %s | %s |%n", method, shape, sc.opsPerSec(),
                noError ? "-" : String.format(Locale.ROOT, "%,.1f", sc.errorOpsPerSec()),
                noError ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * sc.errorOpsPerSec() / sc.opsPerSec()));
          }
        }
      }
    }
  }

  private static Double mbps(Score s, int size) {
    return s == null ? null : s.opsPerSec() * size / 1e6;
  }

  private static String num(Double v) {
    if (v == null) {
      return "-";
    }
    return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%,.1f", v);
  }

  private static String ratio(Double ours, Double jackson) {
    return ours == null || jackson == null ? "-" : String.format(Locale.ROOT, "%.2f", ours / jackson);
  }
}
