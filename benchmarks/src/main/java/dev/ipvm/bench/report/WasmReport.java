package dev.ipvm.bench.report;

import com.dylibso.chicory.runtime.Instance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ipvm.bench.wasm.WasmHarness;
import dev.ipvm.bench.wasm.WasmHarness.EngineKind;
import dev.ipvm.bench.wasm.WasmKernels;
import dev.ipvm.bench.wasm.WasmKernels.Kernel;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the Wasm runtime tables from the JMH results of {@code WasmBench} and the JSON of {@code
 * benchmarks/wasm/v8-bench.mjs}:
 *
 * <ol>
 *   <li>the kernels: input, result size, fuel per call (computed here, metered module, compiler);
 *   <li>(a) Chicory's compiler against its interpreter;
 *   <li>(b) the cost of fuel metering per kernel and engine;
 *   <li>(c) Chicory (compiler) against V8 on the same bytes, with the goals: at most 1.3 x V8's time
 *       on the integer kernels (fib, fib_rec, sha256), at most 2 x on the byte kernels (blur,
 *       uppercase), metering at most 25 % extra time.
 * </ol>
 *
 * <p>A time ratio is how many times longer one op takes: ops/s of the faster side / ops/s of the
 * slower one. The metering cost is metered time / unmetered time - 1.
 *
 * <p>Usage: {@code WasmReport [--raw] jmh-wasm.json [v8.json]}; {@code --raw} adds every score with
 * JMH's 99.9 % half-width and V8's per-round spread.
 */
public final class WasmReport {
  private static final String BENCH = "dev.ipvm.bench.wasm.WasmBench.";
  static final String FRESH = "run";
  static final String WARM = "run_warmInstance";
  static final double METERING_GOAL = 0.25;

  private WasmReport() {}

  /** A JMH score (ops/s) with its 99.9 % half-width, or a V8 mean with its round min and max. */
  record Score(double opsPerSec, double error, double min, double max) {}

  public static void main(String[] args) throws IOException {
    boolean raw = false;
    String jmh = null;
    String v8 = null;
    for (String a : args) {
      if (a.equals("--raw")) {
        raw = true;
      } else if (jmh == null) {
        jmh = a;
      } else {
        v8 = a;
      }
    }
    if (jmh == null) {
      System.err.println("usage: WasmReport [--raw] <jmh-wasm.json> [v8.json]");
      System.exit(2);
    }
    Map<String, Score> chicory = readJmh(new File(jmh));
    if (chicory.isEmpty()) {
      System.err.println("no WasmBench results in " + jmh);
      System.exit(1);
    }
    Map<String, Score> anchor = new HashMap<>();
    Map<String, String> v8Results = new HashMap<>();
    String v8Version = null;
    if (v8 != null) {
      JsonNode root = new ObjectMapper().readTree(new File(v8));
      v8Version = "node " + root.path("node").asText() + ", V8 " + root.path("v8").asText();
      for (JsonNode r : root.path("results")) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (JsonNode x : r.path("rounds")) {
          min = Math.min(min, x.asDouble());
          max = Math.max(max, x.asDouble());
        }
        String method = r.path("mode").asText().equals("fresh") ? FRESH : WARM;
        anchor.put(key(r.path("kernel").asText(), method, null, false),
            new Score(r.path("opsPerSec").asDouble(), Double.NaN, min, max));
        v8Results.put(r.path("kernel").asText(), r.path("resultSha256").asText());
      }
    }
    PrintStream out = System.out;
    kernels(v8Results, out);
    compilerVsInterpreter(chicory, out);
    metering(chicory, out);
    if (v8 != null) {
      versusV8(chicory, anchor, v8Version, FRESH, out);
      versusV8(chicory, anchor, v8Version, WARM, out);
    }
    if (raw) {
      raw(chicory, anchor, out);
    }
  }

  static String key(String kernel, String method, String engine, boolean metered) {
    return kernel + "/" + method + "/" + engine + "/" + metered;
  }

  static Map<String, Score> readJmh(File file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(file);
    Map<String, Score> out = new HashMap<>();
    for (JsonNode r : root) {
      String bench = r.path("benchmark").asText();
      if (!bench.startsWith(BENCH)) {
        continue;
      }
      JsonNode p = r.path("params");
      JsonNode m = r.path("primaryMetric");
      double perSec = JmhUnits.perSecond(m.path("scoreUnit").asText());
      double min = Double.MAX_VALUE;
      double max = 0;
      for (JsonNode it : m.path("rawData").path(0)) {
        min = Math.min(min, it.asDouble() * perSec);
        max = Math.max(max, it.asDouble() * perSec);
      }
      out.put(key(p.path("kernel").asText(), bench.substring(BENCH.length()), p.path("engine").asText(),
              p.path("metered").asBoolean()),
          new Score(m.path("score").asDouble() * perSec, m.path("scoreError").asDouble() * perSec, min, max));
    }
    return out;
  }


  /** The inputs, with fuel per call from the metered module in the compiler (both engines agree). */
  static void kernels(Map<String, String> v8Results, PrintStream out) {
    out.println("Kernels (fuel per call = instantiation with start function + the call, metered module)");
    out.println();
    out.println("| kernel | call | input bytes | result bytes | fuel per call | V8 result |");
    out.println("|---|---|---:|---:|---:|---|");
    for (String name : WasmKernels.ALL) {
      Kernel k = WasmKernels.kernel(name);
      WasmHarness h = WasmHarness.load(WasmKernels.moduleBytes(k.module()), EngineKind.COMPILER, true);
      Instance i = h.instantiate();
      WasmHarness.resultBytes(i, k);
      long fuel = WasmHarness.fuelUsed(i);
      String v8 = v8Results.get(name);
      String v8Check = v8 == null ? "-" : v8.equals(sha256Hex(k.expected())) ? "same bytes" : "DIFFERENT";
      out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %s |%n", name, k.description(),
          k.bytesAbi() ? String.format(Locale.ROOT, "%,d", k.input().length) : "-",
          k.expected().length, fuel, v8Check);
    }
    out.println();
  }

  /** (a) */
  static void compilerVsInterpreter(Map<String, Score> s, PrintStream out) {
    out.println("(a) Chicory compiler vs interpreter, ops/s; speedup = compiler / interpreter");
    out.println();
    out.println("| kernel | metered | compiler | interpreter | speedup | compiler, warm instance "
        + "| interpreter, warm instance | speedup, warm |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (String k : WasmKernels.ALL) {
      for (boolean m : new boolean[] {false, true}) {
        Score cf = s.get(key(k, FRESH, "compiler", m));
        Score inf = s.get(key(k, FRESH, "interpreter", m));
        Score cw = s.get(key(k, WARM, "compiler", m));
        Score iw = s.get(key(k, WARM, "interpreter", m));
        if (cf == null && inf == null && cw == null && iw == null) {
          continue;
        }
        out.println(String.join(" | ", "| " + k, m ? "yes" : "no", ops(cf), ops(inf), times(cf, inf),
            ops(cw), ops(iw), times(cw, iw) + " |"));
      }
    }
    out.println();
  }

  /** (b) */
  static void metering(Map<String, Score> s, PrintStream out) {
    out.println("(b) Fuel metering: ops/s unmetered vs metered; cost = metered time / unmetered time - 1 "
        + "(goal <= 25%)");
    out.println();
    out.println("| kernel | engine | unmetered | metered | cost | unmetered, warm instance "
        + "| metered, warm instance | cost, warm |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (String k : WasmKernels.ALL) {
      for (String e : new String[] {"compiler", "interpreter"}) {
        Score uf = s.get(key(k, FRESH, e, false));
        Score mf = s.get(key(k, FRESH, e, true));
        Score uw = s.get(key(k, WARM, e, false));
        Score mw = s.get(key(k, WARM, e, true));
        if (uf == null && mf == null && uw == null && mw == null) {
          continue;
        }
        out.println(String.join(" | ", "| " + k, e, ops(uf), ops(mf), cost(uf, mf), ops(uw), ops(mw),
            cost(uw, mw) + " |"));
      }
    }
    out.println();
  }

  /** (c) */
  static void versusV8(Map<String, Score> s, Map<String, Score> v8, String v8Version, String method,
      PrintStream out) {
    boolean fresh = method.equals(FRESH);
    out.println("(c) Chicory compiler vs V8 (" + v8Version + "), "
        + (fresh ? "fresh instance per op (what a task does)" : "warm instance (pure execution)")
        + "; ratio = Chicory time / V8 time");
    out.println();
    out.println("| kernel | V8 ops/s | Chicory ops/s | ratio V8/Chicory | goal | met | "
        + "Chicory metered ops/s | metering cost | metered ratio | metering <= 25% |");
    out.println("|---|---:|---:|---:|---:|---|---:|---:|---:|---|");
    for (String k : WasmKernels.ALL) {
      Score a = v8.get(key(k, method, null, false));
      Score u = s.get(key(k, method, "compiler", false));
      Score m = s.get(key(k, method, "compiler", true));
      if (a == null && u == null) {
        continue;
      }
      double goal = goal(k);
      String met = "-";
      if (a != null && u != null) {
        double r = a.opsPerSec() / u.opsPerSec();
        met = r <= goal ? "yes" : "no";
      }
      String meterMet = "-";
      if (u != null && m != null) {
        meterMet = u.opsPerSec() / m.opsPerSec() - 1 <= METERING_GOAL ? "yes" : "no";
      }
      out.println(String.join(" | ", "| " + k, ops(a), ops(u), times(a, u),
          String.format(Locale.ROOT, "<= %.1fx", goal), met, ops(m), cost(u, m), times(a, m),
          meterMet + " |"));
    }
    out.println();
  }

  /** The goal for a kernel: 1.3 x V8 on integer kernels, 2 x on byte kernels. */
  static double goal(String kernel) {
    return kernel.equals(WasmKernels.BLUR) || kernel.equals(WasmKernels.UPPERCASE) ? 2.0 : 1.3;
  }

  static void raw(Map<String, Score> s, Map<String, Score> v8, PrintStream out) {
    out.println("Raw: JMH ops/s with the 99.9% half-width (min-max over iterations); V8 mean (min-max over rounds)");
    out.println();
    out.println("| kernel | op | engine | metered | ops/s | ± | ± % | min - max |");
    out.println("|---|---|---|---|---:|---:|---:|---|");
    for (String k : WasmKernels.ALL) {
      for (String method : new String[] {FRESH, WARM}) {
        Score a = v8.get(key(k, method, null, false));
        if (a != null) {
          out.printf(Locale.ROOT, "| %s | %s | V8 | no | %s | - | - | %s - %s |%n", k, method, ops(a),
              num(a.min()), num(a.max()));
        }
        for (String e : new String[] {"compiler", "interpreter"}) {
          for (boolean m : new boolean[] {false, true}) {
            Score x = s.get(key(k, method, e, m));
            if (x == null) {
              continue;
            }
            boolean noError = Double.isNaN(x.error());
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s - %s |%n", k, method, e,
                m ? "yes" : "no", ops(x), noError ? "-" : num(x.error()),
                noError ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * x.error() / x.opsPerSec()),
                num(x.min()), num(x.max()));
          }
        }
      }
    }
    out.println();
  }

  private static String ops(Score s) {
    return s == null ? "-" : num(s.opsPerSec());
  }

  private static String num(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
  }

  /** How many times faster {@code fast} is than {@code slow}, i.e. slow's time / fast's time. */
  private static String times(Score fast, Score slow) {
    if (fast == null || slow == null) {
      return "-";
    }
    double r = fast.opsPerSec() / slow.opsPerSec();
    return String.format(Locale.ROOT, r >= 100 ? "%,.0fx" : "%.2fx", r);
  }

  private static String cost(Score unmetered, Score metered) {
    if (unmetered == null || metered == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%+.0f%%", 100 * (unmetered.opsPerSec() / metered.opsPerSec() - 1));
  }

  private static String sha256Hex(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
