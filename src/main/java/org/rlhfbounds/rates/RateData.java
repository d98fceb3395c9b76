package org.rlhfbounds.rates;

import java.util.Arrays;

/**
 * Replicated measurements for a rate fit: design points {@code x_k} (e.g. sample sizes {@code n}
 * or iteration counts {@code T}) and, at each, one or more replicate values {@code y_kj} (e.g. the
 * generalisation gap of independent samples).
 *
 * <p>Checked at construction: at least one design point; every {@code x_k} finite and {@code > 0};
 * the {@code x_k} pairwise distinct; at least one replicate per point; every {@code y_kj} finite.
 * Zero and negative {@code y_kj} are accepted here and handled by the fits according to their
 * {@link NonPositivePolicy}. The order of the points is kept as given (messages name points by
 * their index in that order).
 *
 * <p>Thread-safe: immutable (arrays are copied in and out).
 */
public final class RateData {
  private final String name;
  private final double[] x;
  private final double[][] y;

  private RateData(String name, double[] x, double[][] y) {
    this.name = name;
    this.x = x;
    this.y = y;
  }

  /**
   * Creates rate data.
   *
   * @param name the name of the quantity (used in messages, tables and plot legends)
   * @param x the design points
   * @param y {@code y[k]} are the replicate values at {@code x[k]} (ragged arrays allowed)
   * @return the data (deep copies of the arrays)
   * @throws IllegalArgumentException naming the data set, the index and the value of the first bad
   *     entry
   */
  public static RateData of(String name, double[] x, double[][] y) {
    String what = "rate data '" + name + "'";
    if (x.length == 0) {
      throw new IllegalArgumentException(what + ": no design points");
    }
    if (x.length != y.length) {
      throw new IllegalArgumentException(
          what + ": " + x.length + " design points but " + y.length + " replicate rows");
    }
    double[] xs = x.clone();
    double[][] ys = new double[y.length][];
    for (int k = 0; k < xs.length && k < ys.length && k < y.length; k++) {
      if (!(Double.isFinite(xs[k]) && xs[k] > 0)) {
        throw new IllegalArgumentException(
            what + ": x[" + k + "] must be finite and > 0, got " + xs[k]);
      }
      for (int l = 0; l < k; l++) {
        if (xs[l] == xs[k]) {
          throw new IllegalArgumentException(
              what + ": x[" + l + "] and x[" + k + "] are both " + xs[k]
                  + " (merge their replicates into one point)");
        }
      }
      double[] row = y[k].clone();
      if (row.length == 0) {
        throw new IllegalArgumentException(what + ": no replicates at x[" + k + "] = " + xs[k]);
      }
      ys[k] = row;
      for (int j = 0; j < row.length; j++) {
        if (!Double.isFinite(row[j])) {
          throw new IllegalArgumentException(
              what + ": y[" + k + "][" + j + "] at x = " + xs[k] + " must be finite, got "
                  + row[j]);
        }
      }
    }
    return new RateData(name, xs, ys);
  }

  /**
   * Returns the name of the quantity.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the number of design points.
   *
   * @return the number of points
   */
  public int size() {
    return x.length;
  }

  /**
   * Returns a copy of the design points.
   *
   * @return the {@code x_k}
   */
  public double[] x() {
    return x.clone();
  }

  /**
   * Returns a copy of the replicate values at one design point.
   *
   * @param k the point index
   * @return the {@code y_kj}
   * @throws IndexOutOfBoundsException if {@code k} is out of range
   */
  public double[] y(int k) {
    if (k < 0 || k >= y.length) {
      throw new IndexOutOfBoundsException("point index " + k + " outside [0, " + y.length + ")");
    }
    return y[k].clone();
  }

  /**
   * Returns a deep copy of all replicate values.
   *
   * @return {@code y[k][j]}
   */
  public double[][] y() {
    double[][] c = new double[y.length][];
    for (int k = 0; k < y.length; k++) {
      c[k] = y[k].clone();
    }
    return c;
  }

  /**
   * Returns the total number of replicate values.
   *
   * @return {@code sum_k |y_k|}
   */
  public int count() {
    int c = 0;
    for (double[] r : y) {
      c += r.length;
    }
    return c;
  }

  @Override
  public String toString() {
    return "RateData[" + name + ", x=" + Arrays.toString(x) + ", " + count() + " values]";
  }
}
