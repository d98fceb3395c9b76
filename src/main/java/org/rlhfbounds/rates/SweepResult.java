package org.rlhfbounds.rates;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The results of a {@link Sweep}: one measurement vector per (parameter, replicate) cell, stored
 * at the cell's coordinates.
 *
 * <p>Thread-safe: immutable (every accessor returns a copy).
 */
public final class SweepResult<P> {
  private final List<P> params;
  private final int replicates;
  private final long seed;
  private final double[][][] results;

  SweepResult(List<P> params, int replicates, long seed, double[][][] results) {
    this.params = params;
    this.replicates = replicates;
    this.seed = seed;
    this.results = results;
  }

  /**
   * The result of a sweep whose cells were evaluated one by one with {@link Sweep#cell}: the same
   * object {@link Sweep#run} returns for the same cells.
   *
   * @param <P> the parameter type
   * @param params the parameters, in order (at least one)
   * @param replicates replicates per parameter, {@code >= 1}
   * @param seed the master seed of the sweep
   * @param cells the measurements of cell {@code (i, j)} at index {@code i * replicates + j}
   *     (copied)
   * @return the result
   * @throws IllegalArgumentException on an empty parameter list, {@code replicates < 1}, or a
   *     number of cells other than {@code params.size() x replicates}
   */
  public static <P> SweepResult<P> of(
      List<P> params, int replicates, long seed, List<double[]> cells) {
    if (params.isEmpty() || replicates < 1) {
      throw new IllegalArgumentException(
          "sweep result: " + params.size() + " params x " + replicates + " replicates: expected"
              + " at least one of each");
    }
    if ((long) params.size() * replicates != cells.size()) {
      throw new IllegalArgumentException(
          "sweep result: " + params.size() + " params x " + replicates + " replicates, got "
              + cells.size() + " cells");
    }
    double[][][] out = new double[params.size()][replicates][];
    int k = 0;
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = cells.get(k++).clone();
      }
    }
    return new SweepResult<>(List.copyOf(params), replicates, seed, out);
  }

  /**
   * Returns the parameters, in order.
   *
   * @return the parameters
   */
  public List<P> params() {
    return params;
  }

  /**
   * Returns the number of replicates per parameter.
   *
   * @return the replicates
   */
  public int replicates() {
    return replicates;
  }

  /**
   * Returns the master seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the seed the experiment was given for one cell: {@code Seeds.derive(seed, param,
   * replicate)}.
   *
   * @param param the parameter index
   * @param replicate the replicate index
   * @return the cell seed
   */
  public long cellSeed(int param, int replicate) {
    checkCell(param, replicate);
    return Seeds.derive(seed, param, replicate);
  }

  /**
   * Returns a copy of the measurements of one cell.
   *
   * @param param the parameter index
   * @param replicate the replicate index
   * @return the measurements
   * @throws IndexOutOfBoundsException naming the bad index
   */
  public double[] get(int param, int replicate) {
    checkCell(param, replicate);
    return cell(param, replicate).clone();
  }

  /**
   * Returns one column of the measurements of every replicate of one parameter.
   *
   * @param param the parameter index
   * @param column the column
   * @return {@code y[j] = get(param, j)[column]}
   * @throws IndexOutOfBoundsException naming the bad index or the cell whose result is too short
   */
  public double[] column(int param, int column) {
    checkCell(param, 0);
    int count = replicates;
    if (count < 0) {
      throw new IllegalStateException("negative replicate count " + count);
    }
    double[] y = new double[count];
    for (int j = 0; j < y.length; j++) {
      double[] r = cell(param, j);
      if (column < 0 || column >= r.length) {
        throw new IndexOutOfBoundsException(
            "sweep result (param #" + param + ", replicate " + j + ") has " + r.length
                + " columns, asked for column " + column);
      }
      y[j] = r[column];
    }
    return y;
  }

  /**
   * Turns one column of the sweep into rate data: design point {@code x(p_i)}, replicates {@code
   * get(i, j)[column]}.
   *
   * @param name the name of the measured quantity, for messages and plots
   * @param x the design point of a parameter (e.g. {@code p -> p.n()})
   * @param column the column of the measurement vector
   * @return the rate data
   * @throws IllegalArgumentException as {@link RateData#of}
   */
  public RateData toRateData(String name, ToDoubleFunction<? super P> x, int column) {
    double[] xs = new double[params.size()];
    double[][] ys = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = x.applyAsDouble(params.get(i));
      ys[i] = column(i, column);
    }
    return RateData.of(name, xs, ys);
  }

  /** The stored cell (no copy); the indices are those checkCell accepted. */
  private double[] cell(int param, int replicate) {
    if (param < 0 || param >= results.length) {
      throw new IndexOutOfBoundsException("param index " + param + " has no stored results");
    }
    double[][] row = results[param];
    if (replicate < 0 || replicate >= row.length) {
      throw new IndexOutOfBoundsException("replicate index " + replicate + " has no stored result");
    }
    return row[replicate];
  }

  private void checkCell(int param, int replicate) {
    if (param < 0 || param >= params.size()) {
      throw new IndexOutOfBoundsException(
          "param index " + param + " outside [0, " + params.size() + ")");
    }
    if (replicate < 0 || replicate >= replicates) {
      throw new IndexOutOfBoundsException(
          "replicate index " + replicate + " outside [0, " + replicates + ")");
    }
  }
}
