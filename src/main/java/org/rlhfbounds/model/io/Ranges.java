package org.rlhfbounds.model.io;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The range check of the quantities every command derives from an instance (and from a start or
 * evaluation vector {@code w}) before computing anything: an input whose derived quantities leave
 * the double range is refused as input, naming the quantity, instead of overflowing inside a
 * computation.
 *
 * <p>Checked, for an instance {@code (beta, theta*, w_ref, B)}:
 *
 * <ul>
 *   <li>every component of {@code w* = w_ref + theta* / beta} is finite;
 *   <li>the largest reward {@code B ||theta*||} and the largest scores {@code B ||w_ref||}, {@code B
 *       ||w*||} are at most {@link #HIGH};
 *   <li>the smoothness constant of the default start, {@code L(D0) = beta B^2 (1 + 2 B D0)} with
 *       {@code D0 = ||w_ref - w*||}, lies in {@code [LOW, HIGH]} (so are its reciprocal, the
 *       default step, and the products the learners form with it);
 * </ul>
 *
 * and for a vector {@code w}: {@code B ||w|| <= HIGH} and {@code L(||w - w*||)} in {@code [LOW,
 * HIGH]}. The limits leave a factor {@code 2^23} of headroom below {@link Double#MAX_VALUE} and
 * above the smallest normal double, for the sums over candidates, prompts and coordinates the
 * objective forms from these quantities. Norms are computed with scaling, so they do not overflow
 * before the comparison. NaN fails every check.
 *
 * <p>Thread-safe: stateless.
 */
public final class Ranges {
  private Ranges() {}

  /** The largest accepted scale, {@code 2^1000} (about {@code 1.07e301}). */
  public static final double HIGH = 0x1p1000;

  /** The smallest accepted smoothness constant, {@code 2^-1000} (about {@code 9.3e-302}). */
  public static final double LOW = 0x1p-1000;

  /**
   * A failed check.
   *
   * @param field the input field to blame
   * @param message the problem, naming the quantity
   */
  record Problem(String field, String message) {}

  /**
   * Checks the derived quantities of an instance.
   *
   * @param beta the KL weight (finite, {@code > 0})
   * @param theta theta* (finite entries)
   * @param wRef w_ref (finite entries, the length of theta)
   * @param bound the feature bound B (finite, {@code > 0})
   * @return null when every quantity is in range, else the first problem
   */
  static @Nullable Problem instance(double beta, double[] theta, double[] wRef, double bound) {
    double[] wStar = optimum(beta, theta, wRef);
    for (int j = 0; j < wStar.length && j < theta.length && j < wRef.length; j++) {
      if (!Double.isFinite(wStar[j])) {
        return new Problem(
            "theta[" + j + "]",
            "the optimum w* = wRef + theta/beta overflows: wStar[" + j + "] = " + wRef[j] + " + "
                + theta[j] + " / " + beta + " is beyond the double range");
      }
    }
    Problem p = scale("theta", "the largest reward B ||theta||", bound, norm(theta));
    if (p == null) {
      p = scale("wRef", "the largest reference score B ||wRef||", bound, norm(wRef));
    }
    if (p == null) {
      p = scale("theta", "the largest optimal score B ||w*|| (w* = wRef + theta/beta)", bound,
          norm(wStar));
    }
    if (p == null) {
      p = smoothness("beta", "the smoothness constant L(D0) = beta B^2 (1 + 2 B ||wRef - w*||)",
          beta, bound, distance(wRef, wStar));
    }
    return p;
  }

  /**
   * Checks a start or evaluation vector against an instance's scales.
   *
   * @param w the vector (finite entries, length d)
   * @param beta the KL weight
   * @param bound B
   * @param wStar the instance's optimum
   * @return null when in range, else the problem (field {@code "w"})
   */
  static @Nullable Problem vector(double[] w, double beta, double bound, double[] wStar) {
    Problem p = scale("w", "the largest score B ||w||", bound, norm(w));
    if (p == null) {
      p = smoothness("w", "the smoothness constant L(D) = beta B^2 (1 + 2 B ||w - w*||)", beta,
          bound, distance(w, wStar));
    }
    return p;
  }

  /**
   * Checks an instance's derived quantities.
   *
   * @param beta the KL weight
   * @param theta theta*
   * @param wRef w_ref
   * @param bound B
   * @return null when in range, else one line naming the input field and the quantity
   */
  public static @Nullable String check(double beta, double[] theta, double[] wRef, double bound) {
    Problem p = instance(beta, theta, wRef, bound);
    return p == null ? null : p.field() + ": " + p.message();
  }

  private static double[] optimum(double beta, double[] theta, double[] wRef) {
    int d = Math.min(theta.length, wRef.length);
    double[] w = new double[d];
    for (int j = 0; j < d && j < theta.length && j < wRef.length; j++) {
      w[j] = wRef[j] + theta[j] / beta;
    }
    return w;
  }

  private static @Nullable Problem scale(String field, String what, double bound, double norm) {
    double v = bound * norm;
    if (!(v <= HIGH)) {
      return new Problem(field, what + " = " + bound + " * " + norm + " = " + v
          + " leaves the range the computations need (at most 2^1000)");
    }
    return null;
  }

  private static @Nullable Problem smoothness(
      String field, String what, double beta, double bound, double dist) {
    double l = beta * bound * bound * (1 + 2 * bound * dist);
    if (!(l >= LOW && l <= HIGH)) {
      return new Problem(field, what + " = " + l + " with beta = " + beta + ", B = " + bound
          + ", distance " + dist + ": leaves the range the computations need [2^-1000, 2^1000]");
    }
    return null;
  }

  /**
   * The Euclidean norm: {@code sqrt} of the plain sum of squares, rescaled by the largest entry
   * when that sum overflows or underflows, so that the result overflows only when the norm does.
   */
  static double norm(double[] v) {
    return norm(v, 0, v.length);
  }

  /**
   * The Euclidean norm of {@code x[start .. start + d)}, scaled like {@link #norm(double[])}.
   *
   * @param x the values
   * @param start the first index
   * @param d the number of values
   * @return the norm (NaN if a value is NaN)
   */
  static double norm(double[] x, int start, int d) {
    int end = start + d;
    if (start < 0 || d < 0 || end > x.length) {
      throw new IllegalArgumentException(
          "norm: values [" + start + ", " + end + ") outside an array of " + x.length);
    }
    // the plain sum of squares first: the rounding every other norm of the project has (a vector
    // normalised to B must not come out above B here); scaled only when that sum overflows or
    // underflows
    double plain = 0;
    for (int j = start; j < end; j++) {
      plain += x[j] * x[j];
    }
    if (plain >= Double.MIN_NORMAL && plain <= Double.MAX_VALUE) {
      return Math.sqrt(plain);
    }
    double m = 0;
    for (int j = start; j < end; j++) {
      double a = Math.abs(x[j]);
      m = a > m || Double.isNaN(a) ? a : m;
    }
    if (m == 0 || !Double.isFinite(m)) {
      return m;
    }
    double s = 0;
    for (int j = start; j < end; j++) {
      double y = x[j] / m;
      s += y * y;
    }
    return m * Math.sqrt(s);
  }

  private static double distance(double[] a, double[] b) {
    int d = Math.min(a.length, b.length);
    double[] diff = new double[d];
    for (int j = 0; j < d && j < a.length && j < b.length; j++) {
      diff[j] = a[j] - b[j];
    }
    return norm(diff);
  }
}
