package org.rlhfbounds.report;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Values of table cells and settings: {@link String}, {@link Number} or {@link Boolean}, and their
 * Markdown formatting.
 *
 * <p>Thread-safe: stateless.
 */
public final class Cells {
  private Cells() {}

  /**
   * Checks that a value is a String, Number or Boolean.
   *
   * @param value the value
   * @param where where it is, for the message
   * @throws IllegalArgumentException otherwise
   */
  static void check(Object value, String where) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      throw new IllegalArgumentException(
          where + ": a cell must be a String, Number or Boolean, got "
              + value.getClass().getName());
    }
  }

  /**
   * Formats a value for Markdown, in {@link Locale#ROOT}: integers (Integer, Long, Short, Byte)
   * exactly; other finite numbers with 4 significant digits, trailing zeros removed, in plain
   * notation between {@code 1e-4} and {@code 1e6}, else as {@code 1.234e-7}; non-finite doubles as
   * {@code NaN}, {@code inf}, {@code -inf}; strings as given; booleans as {@code yes}/{@code no}.
   *
   * @param value the value
   * @return the text
   */
  public static String format(Object value) {
    if (value instanceof Boolean) {
      return ((Boolean) value) ? "yes" : "no";
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof Number) {
      return number(((Number) value).doubleValue());
    }
    return value.toString();
  }

  /**
   * Formats a double as in {@link #format}.
   *
   * @param v the value
   * @return the text
   */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    return significant(v, 1e-4, 1e6);
  }

  /**
   * Four significant digits of a finite non-zero value, trailing zeros removed, in {@link
   * Locale#ROOT}: plain notation (e.g. {@code 0.05}, {@code 200}) when {@code lo <= |v| < hi},
   * else {@code 1.234e-7} style. Shared by the table cells ({@link #number}) and the tick labels of
   * the plots, which differ only in the range of plain notation.
   *
   * @param v the value, finite and non-zero
   * @param lo the smallest magnitude written in plain notation
   * @param hi the magnitude from which on scientific notation is used
   * @return the text
   */
  static String significant(double v, double lo, double hi) {
    double a = Math.abs(v);
    if (a >= lo && a < hi) {
      BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros();
      return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
    String s = String.format(Locale.ROOT, "%.3e", v);
    int e = s.indexOf('e');
    if (e < 0) {
      return s;
    }
    BigDecimal mant = new BigDecimal(s.substring(0, e)).stripTrailingZeros();
    return mant.toPlainString() + "e" + Integer.parseInt(s.substring(e + 1));
  }
}
