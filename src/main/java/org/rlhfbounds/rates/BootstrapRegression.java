package org.rlhfbounds.rates;

import static org.rlhfbounds.stability.Moments.mean;
import static org.rlhfbounds.stability.Moments.standardDeviation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The engine behind the rate fits: least squares of the per-point mean of {@code log y} on one or
 * two transforms of {@code x} (plus an intercept), and a stratified bootstrap of one coefficient.
 *
 * <p><b>Fit.</b> With {@code m_k} the mean of {@code log y_kj} over the replicates of point
 * {@code k}, the fit is ordinary least squares of {@code m_k} on the centred regressors {@code
 * z_ik = g_i(x_k) - mean_k g_i(x_k)}. Every coefficient is then a fixed linear functional of the
 * means, {@code beta_i = sum_k c_ik m_k} with {@code c = (Z Z^T)^-1 Z}; the weights {@code c} are
 * computed once (regressors scaled to unit norm first, so the small Gram matrix is a correlation
 * matrix; a pivot below {@code 1e-10} is reported as a collinear design).
 *
 * <p><b>Bootstrap.</b> Each resample draws, independently at every point, {@code r_k} values with
 * replacement from that point's replicates, recomputes the means and applies the same linear
 * functional. The replicates are first spread about their mean by {@code sqrt(r_k / (r_k - 1))},
 * so that the bootstrap variance of a mean equals the unbiased {@code s_k^2 / r_k} instead of the
 * plug-in {@code (r_k - 1) s_k^2 / r_k^2}; without it, intervals from {@code r_k = 5} replicates
 * cover about 92% instead of 95%. The interval is the percentile interval (sample quantiles of the
 * {@code B} replicated coefficients at {@code (1 -+ level) / 2}, linear interpolation between order
 * statistics). Reference: Davison and Hinkley, Bootstrap Methods and their Application, Cambridge
 * University Press, 1997 (stratified resampling; the percentile interval).
 *
 * <p>The interval reflects replicate noise only: it does not widen when the points do not lie on
 * the fitted curve (lack of fit), which {@link #maxResidual} reports instead.
 *
 * <p>Thread-safe: stateless; each call uses its own {@link SplittableRandom} from the given seed.
 */
final class BootstrapRegression {
  private BootstrapRegression() {}

  /** The points kept by a fit, with their logs, and the report of what was dropped. */
  static final class Levels {
    final double[] x;
    final double[][] logY;
    final List<String> dropped;

    Levels(double[] x, double[][] logY, List<String> dropped) {
      this.x = x;
      this.logY = logY;
      this.dropped = dropped;
    }
  }

  /** The result of one fit, before it is wrapped. */
  static final class Raw {
    final Levels levels;
    final double[] means;
    final double[] coefficients;
    final double intercept;
    final double estimate;
    final double lower;
    final double upper;
    final double standardError;
    final double maxResidual;

    Raw(
        Levels levels,
        double[] means,
        double[] coefficients,
        double intercept,
        double estimate,
        double lower,
        double upper,
        double standardError,
        double maxResidual) {
      this.levels = levels;
      this.means = means;
      this.coefficients = coefficients;
      this.intercept = intercept;
      this.estimate = estimate;
      this.lower = lower;
      this.upper = upper;
      this.standardError = standardError;
      this.maxResidual = maxResidual;
    }
  }

  /**
   * Fits {@code mean log y = alpha + sum_i beta_i g_i(x)} and bootstraps {@code beta_which}.
   *
   * @param data the data
   * @param scales the regressors {@code g_i}
   * @param which the index of the bootstrapped coefficient
   * @param opt the options
   * @return the raw fit
   */
  // reason: w has scales.length + 1 rows of length K; which < scales.length
  @SuppressWarnings("index")
  static Raw fit(RateData data, Scale[] scales, int which, FitOptions opt) {
    Levels lv = prepare(data, opt.policy(), scales.length + 1);
    int k = lv.x.length;
    double[] m = new double[k];
    for (int i = 0; i < k; i++) {
      m[i] = mean(lv.logY[i]);
    }
    double[][] w = weights(data.name(), lv.x, scales);
    double[] coef = new double[scales.length];
    for (int i = 0; i < scales.length; i++) {
      coef[i] = dot(w[i + 1], m);
    }
    double intercept = dot(w[0], m);
    double maxRes = 0;
    for (int i = 0; i < k; i++) {
      double f = intercept;
      for (int s = 0; s < scales.length; s++) {
        f += coef[s] * scales[s].apply(lv.x[i]);
      }
      maxRes = Math.max(maxRes, Math.abs(m[i] - f));
    }
    double[] boot = bootstrap(lv.logY, w[which + 1], opt.resamples(), opt.seed());
    double sd = standardDeviation(boot);
    Arrays.sort(boot);
    double a = (1 - opt.confidence()) / 2;
    double lo = quantile(boot, a);
    double hi = quantile(boot, 1 - a);
    return new Raw(lv, m, coef, intercept, coef[which], lo, hi, sd, maxRes);
  }

  /**
   * Takes logarithms, applying the policy for non-positive values.
   *
   * @param data the data
   * @param policy the policy
   * @param minLevels the number of points the fit needs
   * @return the kept points
   */
  static Levels prepare(RateData data, NonPositivePolicy policy, int minLevels) {
    String what = "rate data '" + data.name() + "'";
    double[] x = data.x();
    List<Double> keptX = new ArrayList<>();
    List<double[]> keptLog = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (int k = 0; k < x.length; k++) {
      double[] y = data.y(k);
      for (int j = 0; j < y.length; j++) {
        if (y[j] > 0) {
          continue;
        }
        if (policy == NonPositivePolicy.REFUSE) {
          throw new IllegalArgumentException(
              what + ": y[" + k + "][" + j + "] = " + y[j] + " at x = " + x[k]
                  + " is not positive, so it has no logarithm (policy REFUSE; use DROP to drop"
                  + " such values with a report)");
        } else {
          dropped.add("y[" + k + "][" + j + "] = " + y[j] + " at x = " + x[k] + ": not positive");
        }
      }
      double[] logs = Arrays.stream(y).filter(v -> v > 0).map(Math::log).toArray();
      int n = logs.length;
      if (n < 2) {
        if (policy == NonPositivePolicy.REFUSE) {
          throw new IllegalArgumentException(
              what + ": x[" + k + "] = " + x[k] + " has " + n
                  + " replicate(s); the bootstrap needs at least 2 per point");
        }
        dropped.add(
            "x[" + k + "] = " + x[k] + ": only " + n + " positive replicate(s) left, need 2");
        continue;
      }
      keptX.add(x[k]);
      keptLog.add(logs);
    }
    if (keptX.size() < minLevels) {
      throw new IllegalArgumentException(
          what + ": the fit needs at least " + minLevels + " design points with 2 or more"
              + " positive replicates, got " + keptX.size()
              + (dropped.isEmpty() ? "" : " (dropped: " + String.join("; ", dropped) + ")"));
    }
    double[] kx = keptX.stream().mapToDouble(Double::doubleValue).toArray();
    double[][] kl = keptLog.toArray(new double[0][]);
    return new Levels(kx, kl, List.copyOf(dropped));
  }

  /**
   * The least-squares weights: row 0 gives the intercept, row {@code i + 1} the coefficient of
   * {@code g_i}, each as {@code sum_k w_k m_k}.
   *
   * @param name the data name, for messages
   * @param x the design points
   * @param scales the regressors
   * @return the weights, {@code (p + 1) x K}
   * @throws IllegalArgumentException if the regressors are collinear on these points
   */
  // reason: z is p x K, a is p x (p + K), w is (p + 1) x K; loops stay inside
  @SuppressWarnings("index")
  static double[][] weights(String name, double[] x, Scale[] scales) {
    int p = scales.length;
    int k = x.length;
    double[][] z = new double[p][k];
    double[] centre = new double[p];
    double[] norm = new double[p];
    for (int i = 0; i < p; i++) {
      for (int l = 0; l < k; l++) {
        z[i][l] = scales[i].apply(x[l]);
      }
      centre[i] = mean(z[i]);
      double ss = 0;
      for (int l = 0; l < k; l++) {
        z[i][l] -= centre[i];
        ss += z[i][l] * z[i][l];
      }
      norm[i] = Math.sqrt(ss);
      if (!(norm[i] > 0)) {
        throw new IllegalArgumentException(
            "rate data '" + name + "': regressor " + scales[i].formula() + " is constant");
      }
      for (int l = 0; l < k; l++) {
        z[i][l] /= norm[i];
      }
    }
    // Gauss-Jordan on [G | Z] with G = Z Z^T (unit diagonal), partial pivoting
    double[][] a = new double[p][p + k];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        a[i][j] = dot(z[i], z[j]);
      }
      System.arraycopy(z[i], 0, a[i], p, k);
    }
    for (int c = 0; c < p; c++) {
      int piv = c;
      for (int r = c + 1; r < p; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      if (!(Math.abs(a[piv][c]) > 1e-10)) {
        throw new IllegalArgumentException(
            "rate data '" + name + "': the regressors " + formulas(scales)
                + " are collinear on these design points; use more or wider-spread points");
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      double d = a[c][c];
      for (int j = 0; j < p + k; j++) {
        a[c][j] /= d;
      }
      for (int r = 0; r < p; r++) {
        if (r != c) {
          double f = a[r][c];
          for (int j = 0; j < p + k; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[][] w = new double[p + 1][k];
    for (int l = 0; l < k; l++) {
      w[0][l] = 1.0 / k;
    }
    for (int i = 0; i < p; i++) {
      for (int l = 0; l < k; l++) {
        w[i + 1][l] = a[i][p + l] / norm[i];
        w[0][l] -= centre[i] * w[i + 1][l];
      }
    }
    return w;
  }

  /**
   * The stratified bootstrap of {@code sum_k c_k mean(logY_k)}, with the variance adjustment of
   * the class comment.
   *
   * @param logY the replicates per point, each with at least 2 values
   * @param c the weights
   * @param b the number of resamples
   * @param seed the seed
   * @return the {@code b} replicated values, in generation order
   */
  // reason: c has one weight per point l < K; nextInt(r) < r = v.length
  @SuppressWarnings("index")
  static double[] bootstrap(double[][] logY, double[] c, int b, long seed) {
    int k = logY.length;
    double[][] adj = new double[k][];
    for (int l = 0; l < k; l++) {
      double[] v = logY[l];
      int r = v.length;
      double mu = mean(v);
      double f = Math.sqrt(r / (r - 1.0));
      adj[l] = new double[r];
      for (int j = 0; j < r; j++) {
        adj[l][j] = mu + f * (v[j] - mu);
      }
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[b];
    for (int s = 0; s < b; s++) {
      double theta = 0;
      for (int l = 0; l < k; l++) {
        double[] v = adj[l];
        int r = v.length;
        double sum = 0;
        for (int j = 0; j < r; j++) {
          sum += v[rng.nextInt(r)];
        }
        theta += c[l] * (sum / r);
      }
      out[s] = theta;
    }
    return out;
  }

  /**
   * The sample quantile of sorted values with linear interpolation between order statistics
   * (Hyndman-Fan type 7): position {@code (n - 1) q}.
   *
   * @param sorted the values, ascending, at least one
   * @param q the level in {@code [0, 1]}
   * @return the quantile
   */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("the quantile of no values");
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo < 0) {
      throw new IllegalArgumentException("quantile level " + q + " is below 0");
    }
    if (lo >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
  }

  static double dot(double[] a, double[] b) {
    if (b.length < a.length) {
      throw new IllegalArgumentException("dot product of lengths " + a.length + " and " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length && i < b.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static String formulas(Scale[] scales) {
    StringBuilder sb = new StringBuilder();
    for (Scale s : scales) {
      sb.append(sb.length() == 0 ? "" : ", ").append(s.formula());
    }
    return sb.toString();
  }
}
