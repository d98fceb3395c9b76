package org.rlhfbounds.report;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.common.value.qual.MinLen;
import org.rlhfbounds.bounds.Assumption;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.rates.BootstrapInterval;
import org.rlhfbounds.rates.RateData;
import org.rlhfbounds.rates.SlopeFit;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * What the experiments of the {@code reproduce} report share: the population of an instance,
 * summaries of replicates (the geometric mean; the mean is {@link
 * org.rlhfbounds.stability.Moments#mean}), point lists for plots and the text of cells and captions.
 *
 * <p>Thread-safe: stateless.
 */
final class ExperimentSupport {
  private ExperimentSupport() {}

  /** The failure probability delta of every high-probability bound in the report, as written. */
  static final String DELTA_TEXT = StabilityBounds.DEFAULT_DELTA_TEXT;

  /**
   * A failure probability as written in the report: {@link #DELTA_TEXT} for the project's default,
   * else four significant digits.
   *
   * @param delta the failure probability
   * @return the text
   */
  static String deltaText(double delta) {
    return delta == StabilityBounds.DEFAULT_DELTA ? DELTA_TEXT : fmt(delta);
  }

  /**
   * {@code lo, 2 lo, 4 lo, ..., hi} (the largest power-of-two multiple of {@code lo} that is at
   * most {@code hi}).
   *
   * @param lo the first value, {@code >= 1}
   * @param hi the largest value allowed
   * @return the values
   */
  static int[] doubling(int lo, int hi) {
    List<Integer> v = new ArrayList<>();
    for (int x = lo; x <= hi; x *= 2) {
      v.add(x);
    }
    return v.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The finite population of an instance.
   *
   * @param inst the instance
   * @return its population
   * @throws IllegalArgumentException if the instance has no finite population
   */
  static FiniteDistribution population(Instance inst) {
    FiniteDistribution pop = inst.finiteDistribution();
    if (pop == null) {
      throw new IllegalArgumentException("reproduce needs a finite population");
    }
    return pop;
  }

  /**
   * One cell of a sweep: the finite population of an instance, the instance's objective, and a
   * sample drawn from the population.
   *
   * @param pop the population
   * @param o the objective
   * @param s the sample
   */
  record Draw(FiniteDistribution pop, Objective o, Sample s) {}

  /**
   * Draws the sample of one cell: {@code n} prompts iid from the instance's finite population,
   * with a generator seeded by the cell's seed.
   *
   * @param inst the instance
   * @param n the sample size
   * @param cellSeed the seed of the sample
   * @return the population, the objective and the sample
   * @throws IllegalArgumentException if the instance has no finite population
   */
  static Draw draw(Instance inst, int n, long cellSeed) {
    FiniteDistribution pop = population(inst);
    return new Draw(pop, Objective.of(inst), pop.sample(n, new SplittableRandom(cellSeed)));
  }

  /** The geometric mean of the positive values (0 if there is none). */
  static double geometricMean(double[] v) {
    double s = 0;
    int c = 0;
    for (double x : v) {
      if (x > 0) {
        s += Math.log(x);
        c++;
      }
    }
    return c == 0 ? 0.0 : Math.exp(s / c);
  }

  /** The points (x_k, geometric mean of the replicates at x_k), null if none is positive. */
  static @Nullable PlotSeries geometricMeans(String name, RateData d) {
    double[] xs = d.x();
    List<double[]> pts = new ArrayList<>();
    for (int k = 0; k < xs.length; k++) {
      double g = geometricMean(d.y(k));
      if (g > 0 && Double.isFinite(g)) {
        pts.add(new double[] {xs[k], g});
      }
    }
    if (pts.isEmpty()) {
      return null;
    }
    double[][] c = columns(pts);
    return PlotSeries.points(name, c[0], c[1]);
  }

  /** A list of (x, y) points as the two columns {x}, {y}. */
  static double @MinLen(2) [][] columns(List<double[]> pts) {
    double[][] p = pts.toArray(new double[0][]);
    double[] xs = new double[p.length];
    double[] ys = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double[] q = p[i];
      if (q.length < 2) {
        throw new IllegalArgumentException("point " + i + " has " + q.length + " coordinates, not 2");
      }
      xs[i] = q[0];
      ys[i] = q[1];
    }
    return new double[][] {xs, ys};
  }

  /** Adds the positive finite points as points (or as a bound); nothing if there is none. */
  static void addPositive(
      LogLogPlot.Builder p, String name, double[] x, double[] y, boolean bound) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < x.length && i < y.length; i++) {
      if (y[i] > 0 && Double.isFinite(y[i])) {
        pts.add(new double[] {x[i], y[i]});
      }
    }
    if (pts.isEmpty()) {
      return;
    }
    double[][] c = columns(pts);
    p.add(bound ? PlotSeries.bound(name, c[0], c[1]) : PlotSeries.points(name, c[0], c[1]));
  }

  /** {@code "s [lo, hi]"}: the fitted slope and its interval, four significant digits. */
  static String slopeText(SlopeFit fit) {
    BootstrapInterval ci = fit.interval();
    return fmt(ci.estimate()) + " [" + fmt(ci.lower()) + ", " + fmt(ci.upper()) + "]";
  }

  /** The note on dropped values of a fit, empty when nothing was dropped. */
  static String droppedNote(SlopeFit f) {
    int n = f.dropped().size();
    return n == 0 ? "" : " (" + n + " non-positive values or points dropped from the fit)";
  }

  /** The failed assumptions of a bound, as text. */
  static String failed(BoundResult r) {
    List<String> names = new ArrayList<>();
    for (Assumption a : r.failedAssumptions()) {
      names.add(a.name() + ": " + a.statement());
    }
    return names.isEmpty() ? "no value" : String.join("; ", names);
  }

  /** A table cell: the value, or "-" for none. */
  static Object cell(@Nullable Double v) {
    return v == null ? "-" : (Object) v;
  }

  /** Four significant digits, as in the report's tables. */
  static String fmt(double v) {
    return Cells.number(v);
  }
}
