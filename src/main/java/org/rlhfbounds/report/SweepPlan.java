package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.rlhfbounds.model.ProgressListener;
import org.rlhfbounds.rates.Sweep;
import org.rlhfbounds.rates.SweepResult;

/**
 * One sweep of an experiment as data: the cells {@code (i, j)}, parameter {@code params[i]} and
 * replicate {@code j < replicates}, each the pure function {@code experiment(params[i],
 * Seeds.derive(seed, i, j))} ({@link Sweep}). {@link #run} evaluates every cell on local threads;
 * a cluster evaluates the cells one by one with {@link #cell(int, int)} and puts them together with
 * {@link #collect}; both give the same {@link SweepResult}.
 *
 * <p>Thread-safe: immutable, if {@code experiment} is (as {@link Sweep} requires).
 *
 * @param params the parameters, in order (at least one)
 * @param replicates replicates per parameter, {@code >= 1}
 * @param seed the sweep's seed
 * @param unitsPerCell the progress units one cell stands for ({@code >= 1})
 * @param experiment the experiment: parameter and cell seed to measurements
 */
record SweepPlan(
    List<Integer> params,
    int replicates,
    long seed,
    long unitsPerCell,
    BiFunction<Integer, Long, double[]> experiment) {

  /**
   * The plan, the parameters copied.
   *
   * @param params the parameters
   * @param replicates replicates per parameter
   * @param seed the sweep's seed
   * @param unitsPerCell the progress units one cell stands for
   * @param experiment the experiment
   */
  SweepPlan {
    params = List.copyOf(params);
  }

  /**
   * A sweep over integer parameters, one progress unit per cell.
   *
   * @param params the parameters (e.g. sample sizes)
   * @param replicates replicates per parameter
   * @param seed the sweep's seed
   * @param experiment the experiment
   * @return the plan
   */
  static SweepPlan of(
      int[] params, int replicates, long seed, BiFunction<Integer, Long, double[]> experiment) {
    List<Integer> ps = new ArrayList<>();
    for (int p : params) {
      ps.add(p);
    }
    return new SweepPlan(ps, replicates, seed, 1, experiment);
  }

  /**
   * Returns the number of cells.
   *
   * @return {@code params.size() x replicates}
   */
  int cells() {
    return params.size() * replicates;
  }

  /**
   * Runs every cell on local threads ({@link Sweep#run}), advancing {@code progress} by {@link
   * #unitsPerCell} per cell.
   *
   * @param threads threads, {@code >= 1}
   * @param progress the listener
   * @return the result
   */
  SweepResult<Integer> run(int threads, ProgressListener progress) {
    ProgressListener p =
        unitsPerCell == 1 || progress == ProgressListener.NONE
            ? progress
            : new ProgressListener() {
              @Override
              public void expect(long units) {
                progress.expect(units * unitsPerCell);
              }

              @Override
              public void advance(long units) {
                progress.advance(units * unitsPerCell);
              }
            };
    return Sweep.run(params, replicates, seed, experiment, threads, p);
  }

  /**
   * Evaluates cell {@code (i, j)} as {@link #run} does ({@link Sweep#cell}).
   *
   * @param i the parameter index
   * @param j the replicate index
   * @return the cell's measurements
   */
  double[] cell(int i, int j) {
    return Sweep.cell(params, i, j, seed, experiment);
  }

  /**
   * The result of the cells evaluated one by one.
   *
   * @param cells the measurements of cell {@code (i, j)} at index {@code i * replicates + j}
   * @return the result {@link #run} gives
   */
  SweepResult<Integer> collect(List<double[]> cells) {
    return SweepResult.of(params, replicates, seed, cells);
  }
}
