package org.rlhfbounds.learners;

import org.checkerframework.common.value.qual.MinLen;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The empirical optimum of {@code F_S}, exactly and by a certified Newton-CG solver.
 *
 * <p><b>Exact.</b> {@code w*} maximises every {@code F_S} (proofs/F1.md). When {@code kappa_S =
 * lambda_min(Sigma_S(w*)) > 0} it is the unique maximiser; otherwise {@code F_S} is constant along
 * {@code N_S = ker Sigma_S(w*)} near {@code w*} and the maximiser is not unique. The exact result is
 * then the one Gradient Ascent from {@code w0} converges to (F6: the {@code N_S}-component of
 * {@code w - w*} never changes and the rest tends to zero): {@code w* + P_N (w0 - w*)}. The rank
 * decision is that of {@link Kernels} (made on {@code Sigma_S(0)}, an eigenvalue counting as zero
 * at or below {@code max(1e-10 lambda_max, rounding floor)}); the tolerance, {@code dim N_S},
 * {@code kappa_S} and {@code kappa_S^+} are reported.
 *
 * <p><b>Newton-CG.</b> From {@code w0}: at each iterate, conjugate gradients on {@code -H p =
 * grad F_S} with Hessian-vector products of {@link Objective#hessianVector} (started from {@code p =
 * 0}, so the iterates stay in the Krylov space of the gradient, inside the range of {@code
 * Sigma_S}: CG on the range, the pseudo-inverse step), stopped at a relative residual {@code min(1/2,
 * sqrt(||g|| / ||g_0||))} or on non-positive curvature; a backtracking line search accepts a step
 * that increases {@code F_S} by the Armijo fraction {@code 1e-4}, or that reduces the gradient norm
 * while {@code F_S} stays within rounding ({@code 64 ulp}) of its value (near the optimum the
 * objective no longer resolves the increase); when no step is accepted a Gradient Ascent step with
 * {@code 1/L(||w - w*||)} is taken (it increases {@code F_S} by F3). It stops when the gradient norm,
 * computed in the closed form of F2, is at most the tolerance (certified), or reports why it did
 * not (iteration limit, non-finite values).
 *
 * <p>Thread-safe: stateless (an {@link Objective} is not: one per thread).
 */
public final class EmpiricalOptimum {
  /** Default iteration limit of the Newton solver. */
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  private EmpiricalOptimum() {}

  /**
   * The default gradient tolerance {@code 1e-10 beta B^2 (1 + ||w*|| + ||w0 - w*||)}: about
   * {@code 10^6} times the rounding floor of the closed-form gradient near the optimum.
   *
   * @param instance the instance
   * @param w0 the start
   * @return the tolerance
   */
  public static @PositiveReal double defaultTolerance(Instance instance, double[] w0) {
    double b = instance.featureBound();
    double ws = GradientAscent.norm(instance.wStar());
    return Reals.positive(
        1e-10 * instance.beta() * b * b * (1 + ws + GradientAscent.startDistance(instance, w0)),
        "tolerance");
  }

  /**
   * The exact empirical optimum reached from {@code w0} (see the class comment).
   *
   * @param obj the objective
   * @param sample the sample
   * @param w0 the start
   * @return the result, certified against {@link #defaultTolerance}
   */
  @Theorem("F6")
  public static OptimumResult exact(Objective obj, Sample sample, double[] w0) {
    Instance inst = obj.instance();
    int d = inst.dim();
    GradientAscent.check(w0, d, "w0");
    double[] wStar = inst.wStar();
    Kernels cov = Kernels.of(obj, sample);
    double[] w = wStar.clone();
    Indices.requireLength(w0, d);
    Indices.requireLength(wStar, d);
    Indices.requireLength(w, d);
    String why;
    if (cov.kernelDim() > 0) {
      double[] e = new double[d];
      for (int j = 0; j < d; j++) {
        e[j] = w0[j] - wStar[j];
      }
      double[] pe = cov.kernelPart(e);
      Indices.requireLength(pe, d);
      for (int j = 0; j < d; j++) {
        w[j] = wStar[j] + pe[j];
      }
      why = "dim N_S = " + cov.kernelDim() + " > 0: the Gradient Ascent limit w* + P_N(w0 - w*)";
    } else {
      why = "kappa_S > 0: the unique maximiser w*";
    }
    double gn = gradientNorm(obj, sample, w);
    double tol = defaultTolerance(inst, w0);
    boolean ok = gn <= tol;
    String reason =
        ok
            ? why + "; certified ||grad F_S|| = " + gn + " <= " + tol
            : why
                + "; NOT certified: ||grad F_S|| = "
                + gn
                + " > "
                + tol
                + " (an eigenvalue near the rank tolerance "
                + cov.tolerance()
                + " was counted as zero)";
    return new OptimumResult(
        Algorithm.EXACT,
        w,
        ok,
        reason,
        0,
        gn,
        tol,
        2L * sample.size(),
        cov.kernelDim(),
        cov.tolerance(),
        cov.kappa(),
        cov.kappaPlus());
  }

  /**
   * The Newton-CG solver with the default tolerance and iteration limit.
   *
   * @param obj the objective
   * @param sample the sample
   * @param w0 the start
   * @return the result
   */
  public static OptimumResult newton(Objective obj, Sample sample, double[] w0) {
    return newton(
        obj, sample, w0, defaultTolerance(obj.instance(), w0), DEFAULT_MAX_ITERATIONS);
  }

  /**
   * The Newton-CG solver (see the class comment).
   *
   * @param obj the objective
   * @param sample the sample
   * @param w0 the start (not modified)
   * @param tol the gradient-norm tolerance of the certificate
   * @param maxIterations the iteration limit, {@code >= 0}
   * @return the result; {@link OptimumResult#converged()} false with a reason when not certified
   * @throws IllegalArgumentException if {@code tol} is NaN, infinite or negative, or on a bad
   *     start or iteration limit
   */
  public static OptimumResult newton(
      Objective obj, Sample sample, double[] w0, @NonNegativeReal double tol, int maxIterations) {
    Reals.nonNegative(tol, "tol");
    Instance inst = obj.instance();
    int d = inst.dim();
    GradientAscent.check(w0, d, "w0");
    if (maxIterations < 0) {
      throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
    }
    int n = sample.size();
    double beta = inst.beta();
    double b = inst.featureBound();
    double[] wStar = inst.wStar();
    Kernels cov = Kernels.of(obj, sample);
    double[] w = w0.clone();
    Indices.requireLength(w, d);
    Indices.requireLength(wStar, d);
    double[] g = gradient(obj, sample, w);
    long evals = 2L * n + n;
    double g0 = GradientAscent.norm(g);
    double gn = g0;
    double f = obj.value(sample, w);
    evals += n;
    int it = 0;
    int fallbacks = 0;
    String failure = "";
    while (true) {
      if (!Double.isFinite(gn) || !Double.isFinite(f)) {
        failure = "non-finite gradient or objective at iteration " + it;
        break;
      }
      if (gn <= tol) {
        break;
      }
      if (it >= maxIterations) {
        failure =
            "iteration limit " + maxIterations + " reached with ||grad F_S|| = " + gn + " > " + tol;
        break;
      }
      it++;
      int[] products = new int[1];
      double[] p = cgStep(obj, sample, w, g, gn, g0, beta, b, wStar, products);
      Indices.requireLength(p, d);
      evals += (long) n * products[0];
      double slope = dot(g, p);
      double t = 1;
      boolean accepted = false;
      double[] wt = new double[d];
      while (t >= 0x1p-30) {
        for (int j = 0; j < d; j++) {
          wt[j] = w[j] + t * p[j];
        }
        if (!allFinite(wt)) {
          t *= 0.5;
          continue;
        }
        double ft = obj.value(sample, wt);
        double[] gt = gradient(obj, sample, wt);
        evals += 2L * n;
        double gnt = GradientAscent.norm(gt);
        boolean armijo = ft >= f + 1e-4 * t * slope;
        boolean flat = gnt < gn && ft >= f - 64 * Math.ulp(Math.abs(f) + 1);
        if (armijo || flat) {
          System.arraycopy(wt, 0, w, 0, d);
          g = gt;
          gn = gnt;
          f = ft;
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        double dist = 0;
        for (int j = 0; j < d; j++) {
          dist += (w[j] - wStar[j]) * (w[j] - wStar[j]);
        }
        double eta = 1.0 / (beta * b * b * (1 + 2 * b * Math.sqrt(dist)));
        Indices.requireLength(g, d);
        for (int j = 0; j < d; j++) {
          w[j] += eta * g[j];
        }
        g = gradient(obj, sample, w);
        gn = GradientAscent.norm(g);
        f = obj.value(sample, w);
        evals += 2L * n;
        fallbacks++;
      }
    }
    boolean ok = failure.isEmpty();
    String reason =
        ok
            ? "certified ||grad F_S|| = "
                + gn
                + " <= "
                + tol
                + " after "
                + it
                + " Newton iterations ("
                + fallbacks
                + " gradient fallbacks)"
            : "NOT converged: " + failure;
    return new OptimumResult(
        Algorithm.NEWTON,
        w,
        ok,
        reason,
        it,
        gn,
        tol,
        evals,
        cov.kernelDim(),
        cov.tolerance(),
        cov.kappa(),
        cov.kappaPlus());
  }

  /** CG on (-H) p = g from p = 0; the number of Hessian-vector products goes to count[0]. */
  private static double[] cgStep(
      Objective obj,
      Sample sample,
      double[] w,
      double[] g,
      double gn,
      double g0,
      double beta,
      double b,
      double[] wStar,
      int @MinLen(1) [] count) {
    int d = g.length;
    double[] p = new double[d];
    double[] r = g.clone();
    double[] dir = g.clone();
    Indices.requireLength(w, d);
    Indices.requireLength(wStar, d);
    Indices.requireLength(r, d);
    Indices.requireLength(dir, d);
    double rr = dot(r, r);
    double forcing = Math.min(0.5, Math.sqrt(gn / Math.max(g0, Double.MIN_NORMAL))) * gn;
    int products = 0;
    for (int k = 0; k < 2 * d + 5; k++) {
      double[] hd = obj.hessianVector(sample, w, dir);
      Indices.requireLength(hd, d);
      products++;
      double dAd = -dot(dir, hd);
      if (!(dAd > 0)) {
        if (k == 0) {
          double dist = 0;
          for (int j = 0; j < d; j++) {
            dist += (w[j] - wStar[j]) * (w[j] - wStar[j]);
          }
          double eta = 1.0 / (beta * b * b * (1 + 2 * b * Math.sqrt(dist)));
          for (int j = 0; j < d; j++) {
            p[j] = eta * g[j];
          }
        }
        break;
      }
      double alpha = rr / dAd;
      for (int j = 0; j < d; j++) {
        p[j] += alpha * dir[j];
        r[j] += alpha * hd[j];
      }
      double rrNew = dot(r, r);
      if (Math.sqrt(rrNew) <= forcing) {
        break;
      }
      double ratio = rrNew / rr;
      for (int j = 0; j < d; j++) {
        dir[j] = r[j] + ratio * dir[j];
      }
      rr = rrNew;
    }
    count[0] = products;
    return p;
  }

  static double[] gradient(Objective obj, Sample s, double[] w) {
    double[] ws = obj.wStar();
    if (ws.length != w.length) {
      throw new IllegalArgumentException(
          "w: expected length d = " + ws.length + ", got " + w.length);
    }
    double beta = obj.instance().beta();
    double[] u = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      u[j] = beta * (ws[j] - w[j]);
    }
    return obj.covarianceApply(s, w, u);
  }

  /**
   * {@code ||grad F_S(w)||} in the closed form of F2, {@code ||beta Sigma_S(w) (w* - w)||}.
   *
   * @param obj the objective
   * @param s the sample
   * @param w the point
   * @return the norm
   */
  public static @NonNegativeReal double gradientNorm(Objective obj, Sample s, double[] w) {
    return Reals.nonNegative(GradientAscent.norm(gradient(obj, s, w)), "gradient norm");
  }

  private static double dot(double[] a, double[] c) {
    if (c.length != a.length) {
      throw new IllegalStateException("dot: lengths " + a.length + " and " + c.length + " differ");
    }
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * c[j];
    }
    return s;
  }

  private static boolean allFinite(double[] v) {
    for (double x : v) {
      if (!Double.isFinite(x)) {
        return false;
      }
    }
    return true;
  }
}
