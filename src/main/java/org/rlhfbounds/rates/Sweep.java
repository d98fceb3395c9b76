package org.rlhfbounds.rates;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.ProgressListener;

/**
 * A deterministic parallel replicate runner.
 *
 * <p>{@code run(params, r, seed, experiment, threads)} evaluates {@code experiment(p_i, s_ij)} for
 * every parameter {@code p_i} (index {@code i}) and replicate {@code j < r}, with the cell seed
 * {@code s_ij = Seeds.derive(seed, i, j)}. The experiment must be a function of its two arguments
 * only (build every generator from the given seed, keep no state between calls), and must be safe
 * to call from several threads at once. Then the results are bit-identical whatever the thread
 * count: each cell's seed depends on its coordinates only, and results are stored at their
 * coordinates, never in completion order.
 *
 * <p>By default the runner uses every core ({@link Runtime#availableProcessors()}); with one
 * thread it runs the cells in the calling thread, in order. The pool is a fixed pool of daemon
 * threads, shut down before {@code run} returns.
 *
 * <p>Progress: {@link #run(List, int, long, BiFunction, int, ProgressListener)} advances its
 * listener by one unit per finished cell, from the thread that ran it; it announces nothing, so a
 * caller made of several sweeps announces their cells ({@code params.size() x replicates} each)
 * once, up front. Without a listener ({@link ProgressListener#NONE}) a cell costs one call to an
 * empty method and allocates nothing more.
 *
 * <p>Errors: an exception of the experiment is rethrown as an {@link IllegalStateException}
 * naming the parameter index, the parameter, the replicate and the cell seed (with the original
 * as cause), so the failing cell can be rerun alone. A {@code null} result or a result with a NaN
 * is reported the same way: NaN is not a measurement (infinities are accepted and left to the
 * fits, which reject them).
 *
 * <p>Thread-safe: stateless.
 */
public final class Sweep {
  private Sweep() {}

  /**
   * The default thread count: the number of available processors.
   *
   * @return {@code Runtime.getRuntime().availableProcessors()}
   */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs the sweep on every core.
   *
   * @param <P> the parameter type
   * @param params the parameters, in order (at least one)
   * @param replicates replicates per parameter, {@code >= 1}
   * @param seed the master seed
   * @param experiment the experiment: parameter and cell seed to measurements
   * @return the results, in the order of {@code params} and replicates
   * @see #run(List, int, long, BiFunction, int)
   */
  public static <P> SweepResult<P> run(
      List<P> params, int replicates, long seed, BiFunction<? super P, Long, double[]> experiment) {
    return run(params, replicates, seed, experiment, defaultThreads());
  }

  /**
   * Runs the sweep on {@code threads} threads.
   *
   * @param <P> the parameter type
   * @param params the parameters, in order (at least one)
   * @param replicates replicates per parameter, {@code >= 1}
   * @param seed the master seed
   * @param experiment the experiment: parameter and cell seed to measurements
   * @param threads the number of threads, {@code >= 1}
   * @return the results, in the order of {@code params} and replicates
   * @throws IllegalArgumentException on an empty parameter list, {@code replicates < 1}, {@code
   *     threads < 1}, or more than {@link Integer#MAX_VALUE} cells
   * @throws IllegalStateException if a cell fails (message names the cell)
   */
  public static <P> SweepResult<P> run(
      List<P> params,
      int replicates,
      long seed,
      BiFunction<? super P, Long, double[]> experiment,
      int threads) {
    return run(params, replicates, seed, experiment, threads, ProgressListener.NONE);
  }

  /**
   * Runs the sweep on {@code threads} threads, telling {@code progress} of each cell done (one
   * unit per cell; the caller announces the {@code params.size() x replicates} cells).
   *
   * @param <P> the parameter type
   * @param params the parameters, in order (at least one)
   * @param replicates replicates per parameter, {@code >= 1}
   * @param seed the master seed
   * @param experiment the experiment: parameter and cell seed to measurements
   * @param threads the number of threads, {@code >= 1}
   * @param progress the listener, called from the worker threads ({@link ProgressListener#NONE}:
   *     no one)
   * @return the results, in the order of {@code params} and replicates
   * @throws IllegalArgumentException on an empty parameter list, {@code replicates < 1}, {@code
   *     threads < 1}, or more than {@link Integer#MAX_VALUE} cells
   * @throws IllegalStateException if a cell fails (message names the cell)
   */
  public static <P> SweepResult<P> run(
      List<P> params,
      int replicates,
      long seed,
      BiFunction<? super P, Long, double[]> experiment,
      int threads,
      ProgressListener progress) {
    if (params.isEmpty()) {
      throw new IllegalArgumentException("sweep: params must not be empty");
    }
    if (replicates < 1) {
      throw new IllegalArgumentException("sweep: replicates must be >= 1, got " + replicates);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("sweep: threads must be >= 1, got " + threads);
    }
    long cells = (long) params.size() * replicates;
    if (cells > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "sweep: " + params.size() + " params x " + replicates + " replicates is too many cells");
    }
    List<P> ps = List.copyOf(params);
    double[][][] out = new double[ps.size()][replicates][];
    if (threads == 1) {
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < out[i].length; j++) {
          out[i][j] = cell(ps, i, j, seed, experiment);
          progress.advance(1);
        }
      }
      return new SweepResult<>(ps, replicates, seed, out);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      List<Future<double[]>> futures = new ArrayList<>((int) cells);
      for (int i = 0; i < ps.size(); i++) {
        for (int j = 0; j < replicates; j++) {
          final int fi = i;
          final int fj = j;
          futures.add(
              pool.submit(
                  () -> {
                    double[] r = cell(ps, fi, fj, seed, experiment);
                    progress.advance(1);
                    return r;
                  }));
        }
      }
      int f = 0;
      for (int i = 0; i < out.length; i++) {
        for (int j = 0; j < out[i].length; j++) {
          out[i][j] = await(futures.get(f++));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new SweepResult<>(ps, replicates, seed, out);
  }

  /**
   * Evaluates one cell of {@link #run(List, int, long, BiFunction, int)} exactly as the run does:
   * {@code experiment(params.get(i), Seeds.derive(seed, i, j))}, with the same checks and
   * messages, for callers that distribute the cells of a sweep themselves (a cluster) and put the
   * results together with {@link SweepResult#of}.
   *
   * @param <P> the parameter type
   * @param params the parameters of the sweep, in order
   * @param i the parameter index
   * @param j the replicate index
   * @param seed the master seed of the sweep
   * @param experiment the experiment: parameter and cell seed to measurements
   * @return a copy of the cell's measurements
   * @throws IndexOutOfBoundsException if {@code i} is not an index of {@code params}
   * @throws IllegalStateException if the experiment fails or returns null or a NaN (the message
   *     names the cell)
   */
  public static <P> double[] cell(
      List<P> params, int i, int j, long seed, BiFunction<? super P, Long, double[]> experiment) {
    if (i < 0 || i >= params.size()) {
      throw new IndexOutOfBoundsException(
          "param index " + i + " outside [0, " + params.size() + ")");
    }
    long s = Seeds.derive(seed, i, j);
    P p = params.get(i);
    double[] r;
    try {
      r = experiment.apply(p, s);
    } catch (RuntimeException | Error e) {
      throw new IllegalStateException(where(p, i, j, s) + " failed: " + e, e);
    }
    if (r == null) {
      throw new IllegalStateException(where(p, i, j, s) + " returned null");
    }
    for (int c = 0; c < r.length; c++) {
      if (Double.isNaN(r[c])) {
        throw new IllegalStateException(where(p, i, j, s) + " returned NaN in column " + c);
      }
    }
    return r.clone();
  }

  private static String where(@Nullable Object p, int i, int j, long s) {
    return "sweep cell (param #" + i + " = " + p + ", replicate " + j + ", seed " + s + ")";
  }

  private static double[] await(Future<double[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IllegalStateException) {
        throw new IllegalStateException(c.getMessage(), c);
      }
      throw new IllegalStateException("sweep cell failed: " + c, c);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "rlhf-sweep-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
