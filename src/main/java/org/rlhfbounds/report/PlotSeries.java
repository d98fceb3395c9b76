package org.rlhfbounds.report;

import java.util.Arrays;
import org.checkerframework.checker.index.qual.Positive;
import org.rlhfbounds.rates.RateData;
import org.rlhfbounds.rates.SlopeFit;

/**
 * One series of a {@link LogLogPlot}: measured replicates, points, or a line (solid, dashed,
 * dotted).
 *
 * <p>Every plotted value must be finite and {@code > 0} (log axes); a bad value is refused with
 * the series name, index and value. The one exception is {@link #measured}: non-positive
 * replicates cannot be drawn on a log axis, so they are left out and the legend says how many.
 *
 * <p>Thread-safe: immutable (arrays copied in and out).
 */
public final class PlotSeries {
  /** How a series is drawn. */
  public enum Style {
    /**
     * Each replicate as a faint dot, and the geometric mean at each {@code x} as a marker with a
     * bar from the smallest to the largest replicate.
     */
    REPLICATES,
    /** Markers, no line. */
    POINTS,
    /** A solid line (a fit). */
    SOLID,
    /** A dashed line (a claimed slope). */
    DASHED,
    /** A dotted line (a bound). */
    DOTTED
  }

  /** Points on each line made by {@link #fitted}. */
  static final int CURVE_POINTS = 64;

  private final String name;
  private final Style style;
  private final double[] x;
  private final double[][] y;

  private PlotSeries(String name, Style style, double[] x, double[][] y) {
    this.name = name;
    this.style = style;
    this.x = x;
    this.y = y;
  }

  /**
   * Measured replicates: faint dots, geometric mean with a min-max bar.
   *
   * @param name the legend name
   * @param data the measurements
   * @return the series
   */
  public static PlotSeries measured(String name, RateData data) {
    double[] xs = data.x();
    double[][] ys = new double[xs.length][];
    int hidden = 0;
    for (int k = 0; k < xs.length; k++) {
      ys[k] = Arrays.stream(data.y(k)).filter(v -> v > 0).toArray();
      hidden += data.y(k).length - ys[k].length;
    }
    String legend = hidden == 0 ? name : name + " (" + hidden + " non-positive values not shown)";
    return new PlotSeries(legend, Style.REPLICATES, xs, ys);
  }

  /**
   * Markers without a line.
   *
   * @param name the legend name
   * @param x the abscissae, {@code > 0}
   * @param y the ordinates, {@code > 0}
   * @return the series
   */
  public static PlotSeries points(String name, double[] x, double[] y) {
    return xy(name, Style.POINTS, x, y);
  }

  /**
   * A solid line through the points.
   *
   * @param name the legend name
   * @param x the abscissae, {@code > 0}
   * @param y the ordinates, {@code > 0}
   * @return the series
   */
  public static PlotSeries line(String name, double[] x, double[] y) {
    return xy(name, Style.SOLID, x, y);
  }

  /**
   * A dotted line through the points, for a bound.
   *
   * @param name the legend name
   * @param x the abscissae, {@code > 0}
   * @param y the ordinates, {@code > 0}
   * @return the series
   */
  public static PlotSeries bound(String name, double[] x, double[] y) {
    return xy(name, Style.DOTTED, x, y);
  }

  /**
   * A line of a given style.
   *
   * @param name the legend name
   * @param style the style ({@link Style#REPLICATES} is not allowed here)
   * @param x the abscissae, {@code > 0}
   * @param y the ordinates, {@code > 0}
   * @return the series
   * @throws IllegalArgumentException on mismatched lengths, fewer than one point, or a value that
   *     is not finite and positive
   */
  public static PlotSeries xy(String name, Style style, double[] x, double[] y) {
    if (style == Style.REPLICATES) {
      throw new IllegalArgumentException("series '" + name + "': use measured(...) for replicates");
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException(
          "series '" + name + "': need as many x as y values and at least one, got " + x.length
              + " and " + y.length);
    }
    double[][] ys = new double[y.length][];
    for (int i = 0; i < x.length; i++) {
      check(name, "x", i, x[i]);
      check(name, "y", i, y[i]);
      ys[i] = new double[] {y[i]};
    }
    return new PlotSeries(name, style, x.clone(), ys);
  }

  /**
   * The fitted curve of a slope fit, {@code exp(alpha + s g(x))}, on {@value #CURVE_POINTS}
   * log-spaced points of {@code [xMin, xMax]}, as a solid line.
   *
   * @param name the legend name
   * @param fit the fit
   * @param xMin left end, {@code > 0}
   * @param xMax right end, {@code > xMin}
   * @return the series
   * @throws IllegalArgumentException on a bad range or a fitted value that over- or underflows
   */
  public static PlotSeries fitted(String name, SlopeFit fit, double xMin, double xMax) {
    double[] xs = logGrid(name, xMin, xMax, CURVE_POINTS);
    double[] ys = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = fit.fitted(xs[i]);
    }
    return xy(name, Style.SOLID, xs, ys);
  }

  /**
   * A reference line of a claimed slope on log-log axes: {@code y = y0 (x / x0)^slope} on {@code
   * [xMin, xMax]}, dashed.
   *
   * @param name the legend name (e.g. {@code "claimed n^-1/2"})
   * @param slope the slope
   * @param x0 the anchor abscissa, {@code > 0}
   * @param y0 the anchor ordinate, {@code > 0}
   * @param xMin left end, {@code > 0}
   * @param xMax right end, {@code > xMin}
   * @return the series
   */
  public static PlotSeries referenceSlope(
      String name, double slope, double x0, double y0, double xMin, double xMax) {
    check(name, "anchor x", 0, x0);
    check(name, "anchor y", 0, y0);
    double[] xs = logGrid(name, xMin, xMax, 2);
    double[] ys = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ys[i] = y0 * Math.pow(xs[i] / x0, slope);
    }
    return xy(name, Style.DASHED, xs, ys);
  }

  /**
   * A reference line of a claimed slope through a fit's curve at the geometric centre {@code x0 =
   * sqrt(xMin xMax)} of the range, dashed: slopes can be compared by eye where the two lines
   * cross.
   *
   * @param name the legend name
   * @param slope the claimed slope
   * @param fit the fit to anchor at ({@code y0 = fit.fitted(x0)})
   * @param xMin left end, {@code > 0}
   * @param xMax right end, {@code > xMin}
   * @return the series
   */
  public static PlotSeries referenceSlope(
      String name, double slope, SlopeFit fit, double xMin, double xMax) {
    double x0 = Math.sqrt(xMin * xMax);
    return referenceSlope(name, slope, x0, fit.fitted(x0), xMin, xMax);
  }

  /**
   * Returns the legend name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the style.
   *
   * @return the style
   */
  public Style style() {
    return style;
  }

  /**
   * Returns the abscissae.
   *
   * @return a copy of the {@code x} values
   */
  public double[] x() {
    return x.clone();
  }

  /**
   * Returns the values at point {@code i}: the replicates for {@link Style#REPLICATES}, one value
   * otherwise.
   *
   * @param i the point index
   * @return a copy of the values
   */
  public double[] y(int i) {
    if (i < 0 || i >= y.length) {
      throw new IndexOutOfBoundsException("point " + i + " outside [0, " + y.length + ")");
    }
    return y[i].clone();
  }

  /**
   * Returns the value of a line series at point {@code i} (for {@link Style#REPLICATES}: the
   * first replicate).
   *
   * @param i the point index
   * @return the value
   */
  double value(int i) {
    if (i < 0 || i >= y.length) {
      throw new IndexOutOfBoundsException("no value at point " + i);
    }
    double[] row = y[i];
    if (row.length == 0) {
      throw new IndexOutOfBoundsException("no value at point " + i);
    }
    return row[0];
  }

  /**
   * Returns the number of points.
   *
   * @return the size
   */
  public int size() {
    return x.length;
  }

  private static double[] logGrid(String name, double lo, double hi, @Positive int n) {
    check(name, "xMin", 0, lo);
    check(name, "xMax", 0, hi);
    if (!(hi > lo)) {
      throw new IllegalArgumentException(
          "series '" + name + "': need xMin < xMax, got " + lo + " and " + hi);
    }
    double[] g = new double[n];
    double a = Math.log(lo);
    double b = Math.log(hi);
    for (int i = 0; i < n; i++) {
      g[i] = i == 0 ? lo : i == n - 1 ? hi : Math.exp(a + (b - a) * i / (n - 1));
    }
    return g;
  }

  private static void check(String name, String what, int i, double v) {
    if (!(Double.isFinite(v) && v > 0)) {
      throw new IllegalArgumentException(
          "series '" + name + "': " + what + "[" + i + "] must be finite and > 0 on a log axis,"
              + " got " + v);
    }
  }
}
