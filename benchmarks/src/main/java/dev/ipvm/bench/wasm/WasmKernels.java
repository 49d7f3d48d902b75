package dev.ipvm.bench.wasm;

import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.ipld.Ipld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The kernels of {@link WasmBench}: which sample module and export, the exact input, and the
 * result computed independently in Java (so every engine and the fuel-metered modules are checked
 * against one reference, not only against each other).
 *
 * <p>{@code benchmarks/wasm/v8-bench.mjs} builds the same inputs with the same formulas; keep the
 * two in step. Sizes:
 *
 * <ul>
 *   <li>{@code fib}: {@code math.fib(90)}, the iterative loop, 90 iterations (numeric ABI);
 *   <li>{@code fib_rec}: {@code math.fib_rec(25)}, naive double recursion, 242,785 calls;
 *   <li>{@code sha256}: {@code sha256.sha256} of 64 KiB (byte {@code i} = {@code (31 i + 7) mod
 *       256}) through the bytes ABI;
 *   <li>{@code blur}: {@code image.blur} of {@code functions/samples/images/sample.ppm} (256 x 192
 *       P6) with radius 2 through the bytes ABI;
 *   <li>{@code uppercase}: {@code uppercase.uppercase} of 64 KiB of ASCII text (the pangram
 *       {@value #PANGRAM} repeated and cut at 65,536 bytes) through the bytes ABI.
 * </ul>
 */
public final class WasmKernels {
  public static final String FIB = "fib";
  public static final String FIB_REC = "fib_rec";
  public static final String SHA256 = "sha256";
  public static final String BLUR = "blur";
  public static final String UPPERCASE = "uppercase";
  public static final List<String> ALL = List.of(FIB, FIB_REC, SHA256, BLUR, UPPERCASE);

  static final int FIB_N = 90;
  static final int FIB_REC_N = 25;
  static final int BYTES_INPUT = 64 * 1024;
  static final int BLUR_RADIUS = 2;
  static final String PANGRAM = "The quick brown fox jumps over the lazy dog. ";

  /** Where {@code sample.ppm} is read from unless the system property {@code ipvm.bench.ppm} says. */
  static final String PPM_PATH = "functions/samples/images/sample.ppm";

  private WasmKernels() {}

  /**
   * One kernel.
   *
   * @param name the {@code @Param} value
   * @param module the sample module's file name under {@code samples/} on the classpath
   * @param function the export called
   * @param numericArg the i32 argument of a numeric-ABI kernel; unused if {@code input} is set
   * @param input the bytes-ABI input (DAG-CBOR of the params list), or null for the numeric ABI
   * @param expected the expected result: for the numeric ABI the i64 result as 8 big-endian bytes,
   *     for the bytes ABI the DAG-CBOR result bytes
   * @param description what the input is, for the logs and the report
   */
  public record Kernel(String name, String module, String function, int numericArg, byte[] input,
      byte[] expected, String description) {
    public boolean bytesAbi() {
      return input != null;
    }
  }

  public static Kernel kernel(String name) {
    return switch (name) {
      case FIB -> new Kernel(FIB, "math.wasm", "fib", FIB_N, null, longBytes(fib(FIB_N)),
          "math.fib(" + FIB_N + ")");
      case FIB_REC -> new Kernel(FIB_REC, "math.wasm", "fib_rec", FIB_REC_N, null,
          longBytes(fib(FIB_REC_N)), "math.fib_rec(" + FIB_REC_N + ")");
      case SHA256 -> {
        byte[] data = sha256Input();
        yield new Kernel(SHA256, "sha256.wasm", "sha256", 0,
            DagCbor.encode(new Ipld.List(List.of(Ipld.Bytes.of(data)))),
            DagCbor.encode(Ipld.Bytes.of(sha256(data))), "sha256 of " + data.length + " bytes");
      }
      case BLUR -> {
        byte[] ppm = samplePpm();
        yield new Kernel(BLUR, "image.wasm", "blur", 0,
            DagCbor.encode(new Ipld.List(List.of(Ipld.Bytes.of(ppm), Ipld.Int.of(BLUR_RADIUS)))),
            DagCbor.encode(Ipld.Bytes.of(boxBlur(ppm, BLUR_RADIUS))),
            "blur radius " + BLUR_RADIUS + " of sample.ppm (" + ppm.length + " bytes)");
      }
      case UPPERCASE -> {
        String text = uppercaseInput();
        yield new Kernel(UPPERCASE, "uppercase.wasm", "uppercase", 0,
            DagCbor.encode(new Ipld.List(List.of(new Ipld.Text(text)))),
            DagCbor.encode(new Ipld.Text(text.toUpperCase(Locale.ROOT))),
            "uppercase of " + text.length() + " ASCII bytes");
      }
      default -> throw new IllegalArgumentException("unknown kernel " + name);
    };
  }

  /** The original (unmetered) bytes of a sample module, from the ipvm-functions jar. */
  public static byte[] moduleBytes(String module) {
    try (InputStream in = WasmKernels.class.getResourceAsStream("/samples/" + module)) {
      if (in == null) {
        throw new IllegalStateException("samples/" + module + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] sha256Input() {
    byte[] b = new byte[BYTES_INPUT];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (31 * i + 7);
    }
    return b;
  }

  static String uppercaseInput() {
    StringBuilder sb = new StringBuilder(BYTES_INPUT + PANGRAM.length());
    while (sb.length() < BYTES_INPUT) {
      sb.append(PANGRAM);
    }
    sb.setLength(BYTES_INPUT);
    return sb.toString();
  }

  static byte[] samplePpm() {
    String configured = System.getProperty("ipvm.bench.ppm");
    Path path = configured != null ? Path.of(configured) : findUpwards(PPM_PATH);
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample image " + path
          + " (run from the repository root or set -Dipvm.bench.ppm=...)", e);
    }
  }

  private static Path findUpwards(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path p = d.resolve(relative);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return dir.resolve(relative);
  }

  static long fib(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long t = a + b;
      a = b;
      b = t;
    }
    return a;
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The box blur as {@code functions/samples/README.md} specifies it: edge-clamped (2r+1)^2 window,
   * {@code (s + d/2) / d}, canonical P6 header. Only parses the plain header of sample.ppm.
   */
  static byte[] boxBlur(byte[] ppm, int r) {
    int[] pos = {0};
    if (ppm[0] != 'P' || ppm[1] != '6') {
      throw new IllegalArgumentException("not a P6 file");
    }
    pos[0] = 2;
    int w = headerNumber(ppm, pos);
    int h = headerNumber(ppm, pos);
    int max = headerNumber(ppm, pos);
    if (max != 255) {
      throw new IllegalArgumentException("maxval " + max);
    }
    int raster = pos[0] + 1; // exactly one whitespace byte after maxval
    if (ppm.length - raster != w * h * 3) {
      throw new IllegalArgumentException("raster size");
    }
    byte[] header = ("P6\n" + w + " " + h + "\n255\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + w * h * 3];
    System.arraycopy(header, 0, out, 0, header.length);
    int d = (2 * r + 1) * (2 * r + 1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int s = 0;
          for (int dy = -r; dy <= r; dy++) {
            int yy = Math.min(h - 1, Math.max(0, y + dy));
            for (int dx = -r; dx <= r; dx++) {
              int xx = Math.min(w - 1, Math.max(0, x + dx));
              s += ppm[raster + (yy * w + xx) * 3 + c] & 0xFF;
            }
          }
          out[header.length + (y * w + x) * 3 + c] = (byte) ((s + d / 2) / d);
        }
      }
    }
    return out;
  }

  private static int headerNumber(byte[] b, int[] pos) {
    int p = pos[0];
    while (b[p] == ' ' || b[p] == '\n' || b[p] == '\t' || b[p] == '\r') {
      p++;
    }
    int v = 0;
    while (b[p] >= '0' && b[p] <= '9') {
      v = v * 10 + (b[p] - '0');
      p++;
    }
    pos[0] = p;
    return v;
  }
}
