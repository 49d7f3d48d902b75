package dev.ipvm.dagjson;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The canonical text of a float: what JavaScript's {@code Number.prototype.toString} writes,
 * with {@code ".0"} appended when that has neither a point nor an exponent, so it reads back as
 * a float. This is the form {@code @ipld/dag-json} writes and the IPLD codec fixtures hold
 * ({@code 0.5}, {@code 1e-323}, {@code -8.940696716308594e-8}, {@code 1e+300}, {@code 1.0}).
 * One deliberate difference: -0.0 is written {@code "-0.0"}, because JavaScript's {@code "0"}
 * would turn it into +0.0 and DAG-CBOR tells the two apart.
 *
 * <p>Digits are the fewest that parse back to the same double (closest to it when several
 * candidates have that length). Java 17's {@code Double.toString} is not always the shortest,
 * so the digits are searched for here.
 */
final class FloatText {
  private FloatText() {}

  static String of(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite double: " + value);
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) == 0 ? "0.0" : "-0.0";
    }
    BigDecimal shortest = shortestDigits(Math.abs(value)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits * 10^n
    StringBuilder sb = new StringBuilder(k + 8);
    if (value < 0) {
      sb.append('-');
    }
    if (k <= n && n <= 21) { // integral: digits, zeros, ".0"
      sb.append(digits).append("0".repeat(n - k)).append(".0");
    } else if (0 < n && n <= 21) { // point inside the digits
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) { // small: 0.000ddd
      sb.append("0.").append("0".repeat(-n)).append(digits);
    } else { // exponent form: d[.ddd]e±x
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return sb.toString();
  }

  /**
   * The shortest decimal that reads back as {@code positive}. Any p-digit decimal that does is
   * either the nearest p-digit one or one of the two that bracket the value (the rounding
   * interval is uneven at powers of two), so trying those three per length finds it.
   */
  private static BigDecimal shortestDigits(double positive) {
    BigDecimal exact = new BigDecimal(positive);
    for (int p = 1; p < 17; p++) {
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP}) {
        BigDecimal candidate = exact.round(new MathContext(p, mode));
        if (Double.parseDouble(candidate.toString()) == positive) {
          return candidate;
        }
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)); // 17 digits always suffice
  }
}
