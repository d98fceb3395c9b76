package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.stability.StabilityBounds;

/**
 * The constants of the bounds (proofs/MODEL.md#constants, proofs/LEMMA-K.md; seed: Li, Yi, Wang, Cui, Liu,
 * "Towards a Theoretical Understanding to the Generalization of RLHF", arXiv:2601.16403, 2026),
 * each a static method evaluated with directed rounding: a constant that enters a bound as an upper
 * bound (B, the diameter, L, G, D0, eps_n, the Hoeffding term, lambda_max) is rounded up with
 * {@link Up}; one that enters as a lower bound or a denominator (the curvature {@code c}, kappa) is
 * rounded down with {@link Down} or certified ({@link VerifiedSpd}).
 *
 * <p>"Rounded up" means: never below the real value of the formula at the doubles passed in. Inputs
 * that are themselves the output of floating-point computations (a covariance matrix, a kernel
 * projector from an eigen-solver, an iterate) are taken as given; where a quantity is an eigenvalue
 * the Javadoc says whether it is certified.
 *
 * <p>NaN or infinite inputs are rejected with {@link IllegalArgumentException} by the range
 * qualifiers' runtime checks. Thread-safe: stateless.
 */
@Theorem("ROUNDING")
public final class Constants {
  private Constants() {}

  // ---------------------------------------------------------------------------------------------
  // features

  /**
   * Higham's {@code gamma_k = k u / (1 - k u)}, {@code u = 2^-53}, rounded up: a sum of {@code k}
   * roundings of relative size at most u each compounds to at most {@code gamma_k} (N. J. Higham,
   * <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., SIAM 2002,
   * doi:10.1137/1.9780898718027, Lemma 3.1).
   *
   * @param k the number of roundings, {@code >= 0}
   * @return gamma_k rounded up; infinity when {@code k u >= 1/2} or k is NaN
   */
  public static double gamma(double k) {
    if (!(k >= 0)) {
      return Double.POSITIVE_INFINITY;
    }
    double ku = Up.mul(k, 0x1p-53);
    if (!(ku < 0.5)) {
      return Double.POSITIVE_INFINITY;
    }
    return Up.div(ku, Down.sub(1, ku));
  }

  /**
   * {@code B = max_{x, a} ||phi(x, a)||} over a block of prompts, rounded up.
   *
   * @param f the prompts
   * @return the largest feature norm, rounded up
   */
  public static @NonNegativeReal double maxFeatureNorm(Features f) {
    int d = f.dim();
    double[] scratch = f.rowScratch();
    double best = 0;
    boolean zero = true;
    for (int i = 0; i < f.size(); i++) {
      double[] data = f.promptRows(i, scratch);
      int row0 = f.firstRow(i);
      for (int r = row0; r < row0 + f.candidates(i); r++) {
        Indices.requireRange(data, r * d, d);
        double s = 0;
        for (int j = 0; j < d; j++) {
          double v = data[r * d + j];
          zero &= v == 0;
          s += v * v;
        }
        best = Math.max(best, s);
      }
    }
    return zero ? 0 : Reals.nonNegative(Up.sqrt(sumOfSquaresUp(best, d, 0)), "max feature norm");
  }

  /**
   * An upper bound on the exact {@code sum_j x_j^2} of d reals of which the double {@code computed}
   * is the recursive sum, in order from 0, of {@code fl(y_j^2)} with {@code y_j = fl(x_j)} or
   * {@code y_j = x_j (1 + e_j)}, {@code |e_j| <= u} (a rounded difference): {@code fl(y_j^2) >= (1
   * - u) y_j^2 - 2^-1075}, a recursive sum of d non-negative terms is at least {@code 1 -
   * gamma_{d-1}} times their sum (N. J. Higham, <i>Accuracy and Stability of Numerical
   * Algorithms</i>, 2nd ed., SIAM 2002, doi:10.1137/1.9780898718027, (4.4)), {@code (1 -
   * gamma_{d-1}) (1 - u) >= 1 - gamma_d}, and {@code x_j^2 <= y_j^2 / (1 - u)^2}; so the exact sum
   * is at most {@code (computed + d 2^-1074) / ((1 - gamma_d) (1 - u)^(2 r))}, rounded up ({@code
   * r} = 1 for rounded inputs, 0 for exact ones).
   *
   * @param computed the computed sum, {@code >= 0}
   * @param d the number of terms
   * @param rounded 1 when the inputs are rounded differences, 0 when they are the reals themselves
   * @return the upper bound (infinity when the computed sum is not finite); positive even for a
   *     computed 0 (squares may underflow), so callers return an exact 0 for all-zero inputs
   */
  static double sumOfSquaresUp(double computed, int d, int rounded) {
    if (!(computed >= 0) || !Double.isFinite(computed)) {
      return Double.POSITIVE_INFINITY;
    }
    double shrink = Down.sub(1, gamma(d));
    for (int t = 0; t < 2 * rounded; t++) {
      shrink = Down.mul(shrink, Down.sub(1, 0x1p-53));
    }
    return Up.div(Up.add(computed, Up.mul(d, 0x1p-1074)), shrink);
  }

  /**
   * The feature diameter {@code diam = max_x max_{a,b} ||phi(x,a) - phi(x,b)||} over a block of
   * prompts, rounded up (each distance computed in floating point and bounded a priori, {@link
   * #sumOfSquaresUp}). {@code diam <= 2 B}; it replaces {@code 2B} in every bound (proofs/LEMMA-K.md).
   *
   * @param f the prompts
   * @return the diameter, rounded up
   */
  public static @NonNegativeReal double featureDiameter(Features f) {
    double best = 0;
    double[] scratch = f.rowScratch();
    for (int i = 0; i < f.size(); i++) {
      best = Math.max(best, promptDiameter(PromptRows.of(f, i, scratch)));
    }
    return Reals.nonNegative(best, "feature diameter");
  }

  /**
   * The diameter {@code diam_i = max_{a,b} ||phi(x_i,a) - phi(x_i,b)||} of one prompt's features,
   * rounded up as in {@link #featureDiameter} (whose value is the largest of these, bit for bit).
   * The curvature profile of T-GA-ADAPT weights each sampled prompt by {@code e^{-diam_i D}}.
   *
   * @param f the prompts
   * @param i the prompt
   * @return its diameter, rounded up
   */
  public static @NonNegativeReal double promptDiameter(Features f, int i) {
    return promptDiameter(PromptRows.of(f, i, f.rowScratch()));
  }

  /** {@link #promptDiameter(Features, int)} of the prompt whose rows are {@code rows}. */
  static @NonNegativeReal double promptDiameter(PromptRows rows) {
    int k = rows.k();
    double best = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        best = Math.max(best, featureDistance(rows, a, b));
      }
    }
    return Reals.nonNegative(best, "prompt diameter");
  }

  /**
   * {@code ||phi(x_i,a) - phi(x_i,b)||}, rounded up (the squared differences summed in floating
   * point, then bounded a priori, {@link #sumOfSquaresUp}): the distance {@link #promptDiameter} and the
   * curvature profile's probability ratios read.
   *
   * @param rows the prompt's rows
   * @param a a candidate
   * @param b another candidate
   * @return the distance, rounded up
   */
  static double featureDistance(PromptRows rows, int a, int b) {
    int d = rows.d();
    double[] data = rows.data();
    int pa = rows.base(a);
    int pb = rows.base(b);
    Indices.requireRange(data, pa, d);
    Indices.requireRange(data, pb, d);
    double s = 0;
    boolean equal = true;
    for (int j = 0; j < d; j++) {
      double x = data[pa + j] - data[pb + j];
      equal &= x == 0; // fl(x - y) = 0 only for x = y (gradual underflow)
      s += x * x;
    }
    return equal ? 0 : Up.sqrt(sumOfSquaresUp(s, d, 1));
  }

  // ---------------------------------------------------------------------------------------------
  // smoothness and Lipschitz constants

  /**
   * The seed's smoothness constant {@code L(D) = beta B^2 (1 + 2 B D)} of F_S on the ball {@code
   * ||w - w*|| <= D} (proofs/F3.md), rounded up.
   *
   * @param beta KL weight
   * @param b feature bound B
   * @param radius D
   * @return L(D), rounded up
   * @throws IllegalArgumentException if {@code beta} or {@code b} or {@code radius} is NaN,
   *     infinite or out of its range
   */
  public static @PositiveReal double smoothness(
      @PositiveReal double beta, @PositiveReal double b, @NonNegativeReal double radius) {
    Reals.positive(beta, "beta");
    Reals.positive(b, "b");
    Reals.nonNegative(radius, "radius");
    double b2 = Up.mul(b, b);
    double inner = Up.add(1, Up.mul(Up.mul(2, b), radius));
    return Reals.positive(Up.mul(Up.mul(beta, b2), inner), "L(D)");
  }

  /**
   * The sharper smoothness constant on the GA/SGA trajectory, {@code L_S = beta (diam^2 / 4) (1 +
   * diam D_perp)} with {@code D_perp = ||P_{N^perp}(w0 - w*)||} (proofs/T-GA-SEED.md), rounded up;
   * {@code L_S <= L(D0)} since {@code diam <= 2B} and {@code D_perp <= D0}.
   *
   * @param beta KL weight
   * @param diam feature diameter
   * @param dPerp the covered part of the initial error
   * @return L_S, rounded up
   * @throws IllegalArgumentException if {@code beta} or {@code diam} or {@code dPerp} is NaN,
   *     infinite or out of its range
   */
  public static @NonNegativeReal double trajectorySmoothness(
      @PositiveReal double beta, @NonNegativeReal double diam, @NonNegativeReal double dPerp) {
    Reals.positive(beta, "beta");
    Reals.nonNegative(diam, "diam");
    Reals.nonNegative(dPerp, "dPerp");
    double lambdaBar = Up.div(Up.mul(Up.mul(beta, diam), diam), 4);
    return Reals.nonNegative(
        Up.mul(lambdaBar, Up.add(1, Up.mul(diam, dPerp))), "trajectory smoothness");
  }

  /**
   * {@code lambdaBar = beta diam^2 / 4}, an upper bound of {@code beta lambda_max(Sigma_w(x))} for
   * every prompt and every w (Popoviciu), rounded up.
   *
   * @param beta KL weight
   * @param diam feature diameter
   * @return beta diam^2 / 4, rounded up
   * @throws IllegalArgumentException if {@code beta} or {@code diam} is NaN, infinite or out of its
   *     range
   */
  public static @NonNegativeReal double curvatureCeiling(
      @PositiveReal double beta, @NonNegativeReal double diam) {
    Reals.positive(beta, "beta");
    Reals.nonNegative(diam, "diam");
    return Reals.nonNegative(Up.div(Up.mul(Up.mul(beta, diam), diam), 4), "beta diam^2 / 4");
  }

  /**
   * The seed's loss Lipschitz constant on the ball of radius D, {@code G(D) = beta B^2 D}, rounded
   * up: {@code ||grad f(w; x)|| = beta ||Sigma_w(x) (w - w*)|| <= beta B^2 D}.
   *
   * @param beta KL weight
   * @param b feature bound
   * @param radius D
   * @return G(D), rounded up
   * @throws IllegalArgumentException if {@code beta} or {@code b} or {@code radius} is NaN,
   *     infinite or out of its range
   */
  public static @NonNegativeReal double lipschitz(
      @PositiveReal double beta, @PositiveReal double b, @NonNegativeReal double radius) {
    Reals.positive(beta, "beta");
    Reals.positive(b, "b");
    Reals.nonNegative(radius, "radius");
    return Reals.nonNegative(Up.mul(Up.mul(beta, Up.mul(b, b)), radius), "G(D)");
  }

  /**
   * The curvature on the covered directions, {@code c = beta e^{-diam D_perp} kappa+}, rounded down
   * (F5: {@code Sigma_S(w) >= e^{-diam ||e_perp||} Sigma_S(w*)}; proofs/LEMMA-K.md).
   *
   * @param beta KL weight
   * @param diam feature diameter
   * @param dPerp radius of the covered error
   * @param kappaPlus smallest positive eigenvalue of Sigma_S(w*) (certified or as computed)
   * @return c, rounded down (may be 0 on underflow)
   * @throws IllegalArgumentException if {@code beta} or {@code diam} or {@code dPerp} or {@code
   *     kappaPlus} is NaN, infinite or out of its range
   */
  @Theorem("LEMMA-K")
  public static @NonNegativeReal double curvature(
      @PositiveReal double beta,
      @NonNegativeReal double diam,
      @NonNegativeReal double dPerp,
      @NonNegativeReal double kappaPlus) {
    Reals.positive(beta, "beta");
    Reals.nonNegative(diam, "diam");
    Reals.nonNegative(dPerp, "dPerp");
    Reals.nonNegative(kappaPlus, "kappaPlus");
    double ex = Down.exp(-Up.mul(diam, dPerp));
    return Reals.nonNegative(Down.mul(Down.mul(beta, ex), kappaPlus), "curvature c");
  }

  // ---------------------------------------------------------------------------------------------
  // coverage

  /**
   * The coverage of {@code Sigma_mu(w)} (spectrum, kernel, kappa, kappa+, Gamma) as computed by the
   * eigen-solver of {@link Coverage}.
   *
   * @param o the objective
   * @param m the measure (a sample for {@code Sigma_S})
   * @param w the parameter ({@code w*}, or {@code w_ref} for the reference coverage)
   * @return the coverage
   */
  public static Coverage coverage(Objective o, PromptMeasure m, double[] w) {
    return Coverage.of(o.covariance(m, w));
  }

  /**
   * {@code kappa_S = lambda_min(Sigma_S(w*))} as computed (clamped at 0).
   *
   * @param c the coverage
   * @return kappa
   */
  public static @NonNegativeReal double kappa(Coverage c) {
    return c.kappa();
  }

  /**
   * {@code kappa_S^+}, the smallest eigenvalue above the rank tolerance, as computed; null when
   * nothing is covered.
   *
   * @param c the coverage
   * @return kappa+, or null
   */
  public static @Nullable Double kappaPlus(Coverage c) {
    return c.kappaPlus();
  }

  /**
   * {@code Gamma = lambda_max / kappa+}, rounded up from an upper bound of lambda_max and a lower
   * bound of kappa+.
   *
   * @param lambdaMaxUpper upper bound of lambda_max
   * @param kappaPlusLower lower bound of kappa+
   * @return Gamma, rounded up
   * @throws IllegalArgumentException if {@code lambdaMaxUpper} or {@code kappaPlusLower} is NaN,
   *     infinite or out of its range
   */
  public static @NonNegativeReal double conditionNumber(
      @NonNegativeReal double lambdaMaxUpper, @PositiveReal double kappaPlusLower) {
    Reals.nonNegative(lambdaMaxUpper, "lambdaMaxUpper");
    Reals.positive(kappaPlusLower, "kappaPlusLower");
    return Reals.nonNegative(Up.div(lambdaMaxUpper, kappaPlusLower), "Gamma");
  }

  /**
   * The uniform per-prompt coverage {@code kappa_u = min_x lambda_min(Sigma_{w*}(x))} over the
   * support of a finite population, each eigenvalue certified ({@link VerifiedSpd}); a lower bound
   * of {@code lambda_min(Sigma_S(w*))} for every sample S of every size (concavity of lambda_min).
   * It is 0 when some prompt has fewer than d + 1 candidates or does not span R^d.
   *
   * @param o the objective
   * @param pop the population
   * @param wStar the optimum
   * @return kappa_u, certified
   */
  @Theorem("T-BE")
  public static @NonNegativeReal double uniformCoverage(
      Objective o, FiniteDistribution pop, double[] wStar) {
    Features f = pop.prompts();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < f.size(); i++) {
      if (pop.weight(i) == 0) {
        continue;
      }
      if (f.candidates(i) <= f.dim()) {
        return 0;
      }
      best = Math.min(best, CovarianceEnclosure.of(
          FiniteDistribution.uniform(f.select(new int[] {i})), wStar, 1).lambdaMinLower());
      if (best == 0) {
        return 0;
      }
    }
    return Reals.nonNegative(Double.isFinite(best) ? best : 0, "uniform coverage");
  }

  /**
   * The dimension r of the span of all candidate differences of a population: the rank of the
   * split {@link CoveredSubspace#of} decides by the project's kernel policy.
   *
   * @param o the objective
   * @param pop the population
   * @return r, at most d
   */
  public static int differenceRank(Objective o, PromptMeasure pop) {
    return CoveredSubspace.of(o, pop).rank();
  }


  // ---------------------------------------------------------------------------------------------
  // distances

  /**
   * The Euclidean norm of a vector, rounded up.
   *
   * @param v the vector
   * @return ||v||, rounded up
   */
  public static @NonNegativeReal double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s = Up.add(s, Up.mul(x, x));
    }
    return Reals.nonNegative(Up.sqrt(s), "norm");
  }

  /**
   * {@code ||a - b||}, each coordinate difference enclosed before squaring, rounded up; {@code D0 =
   * ||w0 - w*||} with {@code a = w0}, {@code b = w*}.
   *
   * @param a first vector
   * @param b second vector, same length
   * @return ||a - b||, rounded up
   */
  public static @NonNegativeReal double distance(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "distance: lengths differ (" + a.length + " and " + b.length + ")");
    }
    double s = 0;
    for (int j = 0; j < a.length && j < b.length; j++) {
      double mag = Math.max(Math.abs(Up.sub(a[j], b[j])), Math.abs(Down.sub(a[j], b[j])));
      s = Up.add(s, Up.mul(mag, mag));
    }
    return Reals.nonNegative(Up.sqrt(s), "distance");
  }

  // ---------------------------------------------------------------------------------------------
  // residual and concentration

  /**
   * The residual {@code eps_n(S) = E_x max_{a,b} ||P_N (phi(x,a) - phi(x,b))||^2} of the sample's
   * kernel N over a population (exact for a finite population: a weighted sum), accumulated with
   * upward rounding ({@link CoveredSubspace#residual}).
   *
   * @param population the measure of x
   * @param split the sample's split {@code N_S (+) N_S^perp}
   * @return eps_n(S), rounded up
   */
  @Theorem("T-RES")
  public static @NonNegativeReal double residual(PromptMeasure population, CoveredSubspace split) {
    return split.residual(population);
  }

  /**
   * The Hoeffding term {@code H(n, delta) = B ||theta*|| sqrt(2 ln(2/delta) / n)} (proofs/F8.md),
   * rounded up: with probability at least {@code 1 - delta} over S, {@code |F(w*) - F_S(w*)| <= H}.
   * The one implementation is {@link StabilityBounds#hoeffding}, shared with the stability
   * decomposition.
   *
   * @param bound feature bound B (the values f(w*;x) lie in [-B||theta*||, B||theta*||])
   * @param thetaNorm ||theta*||
   * @param n sample size, {@code >= 1}
   * @param delta failure probability in (0, 1]
   * @return H, rounded up
   * @throws IllegalArgumentException if {@code bound} or {@code thetaNorm} or {@code delta} is NaN,
   *     infinite or out of its range, or {@code n < 1}
   */
  @Theorem("LEMMA-K")
  public static @NonNegativeReal double hoeffding(
      @NonNegativeReal double bound,
      @NonNegativeReal double thetaNorm,
      int n,
      @PositiveProbability double delta) {
    return StabilityBounds.hoeffding(bound, thetaNorm, n, delta);
  }

  /**
   * An upper bound on the range {@code R_f = max_x f(w*; x) - min_x f(w*; x)} of the values whose
   * enclosures are given (LEMMA-K item 5): {@code max_i hi_i - min_i lo_i}, rounded up. Every
   * exact value lies in its enclosure, so the exact range is at most the result. For the
   * enclosures of {@code f(w*; x)} over the support of a finite population it is a constant of
   * the population, which Hoeffding's inequality may use as the width of the summands.
   *
   * @param values enclosures of the values, at least one
   * @return the range bound, rounded up ({@code +inf} when an enclosure is unbounded)
   * @throws IllegalArgumentException if no enclosure is given
   */
  @Theorem("LEMMA-K")
  public static double valueRange(Enclosure[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("values: the range needs at least one value");
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Enclosure v : values) {
      lo = Math.min(lo, v.lo());
      hi = Math.max(hi, v.hi());
    }
    double r = Up.sub(hi, lo);
    return Double.isNaN(r) ? Double.POSITIVE_INFINITY : Math.max(0, r);
  }

  /**
   * An upper bound on the range {@code R_f = max_x f(w*; x) - min_x f(w*; x)} over the prompts of
   * a finite population (LEMMA-K item 5): {@link #valueRange} of the certified enclosures of {@code
   * f(w_c; x)} at the computed {@code w_c} of w* ({@link MeasuredQuantities#values}), plus the
   * allowance {@code beta (2 B eps)^2 / 8} for {@code ||w_c - w*|| <= eps = 2^-51 (1 + 2^-40)
   * (||w_ref|| + ||theta*|| / beta)} (two rounded operations per coordinate): w* maximises every
   * {@code f(.; x)}, and {@code 0 <= f(w*; x) - f(w_c; x) = beta KL(pi_w_c || pi_w*) <= beta (2 B
   * eps)^2 / 8} (F1, F4), so only the upper ends move.
   *
   * @param inst the instance
   * @param pop its finite population
   * @return the range bound, rounded up ({@code +inf} when an enclosure is unbounded)
   */
  @Theorem("LEMMA-K")
  public static double optimalValueRange(Instance inst, FiniteDistribution pop) {
    double range = valueRange(MeasuredQuantities.values(inst, pop, inst.wStar()));
    return Up.add(range, wStarAllowance(inst));
  }

  /** {@code beta (2 B eps)^2 / 8} of {@link #optimalValueRange}, rounded up. */
  private static double wStarAllowance(Instance inst) {
    double eps = Up.mul(0x1.00000000001p-51,
        Up.add(norm(inst.wRef()), Up.div(norm(inst.theta()), inst.beta())));
    double spread = Up.mul(Up.mul(2, inst.featureBound()), eps);
    return Up.div(Up.mul(inst.beta(), Up.mul(spread, spread)), 8);
  }

  /**
   * An upper bound on the variance {@code Var_D f(w*; x)} of a finite population (LEMMA-K item
   * 5, Bernstein): with {@code [lo_i, hi_i + a]} the enclosures of {@link #optimalValueRange}
   * (a its w* allowance), c the computed weighted mean of the midpoints (any c is sound) and
   * {@code u_i = max(hi_i + a - c, c - lo_i, 0)}, {@code Var <= sum_i w_i (y_i - c)^2 / W <= sum_i
   * w_i u_i^2 / W}, {@code W = sum_i w_i} rounded down; every operation rounded up.
   *
   * @param inst the instance
   * @param pop its finite population
   * @return the bound ({@code +inf} when an enclosure is unbounded)
   */
  @Theorem("LEMMA-K")
  public static double populationValueVariance(Instance inst, FiniteDistribution pop) {
    Enclosure[] ys = MeasuredQuantities.values(inst, pop, inst.wStar());
    double a = wStarAllowance(inst);
    double c = 0;
    double w = 0;
    for (int i = 0; i < ys.length; i++) {
      c += pop.weight(i) * ys[i].mid();
      w += pop.weight(i);
    }
    c /= w;
    if (!Double.isFinite(c)) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    double wDown = 0;
    for (int i = 0; i < ys.length; i++) {
      double u = Math.max(0, Math.max(Up.sub(Up.add(ys[i].hi(), a), c), Up.sub(c, ys[i].lo())));
      sum = Up.add(sum, Up.mul(pop.weight(i), Up.mul(u, u)));
      wDown = Down.add(wDown, pop.weight(i));
    }
    return wDown > 0 ? Up.div(sum, wDown) : Double.POSITIVE_INFINITY;
  }

  /**
   * Bernstein's term {@code sqrt(2 sigma^2 ln(2/delta) / n) + R ln(2/delta) / (3 n)}, rounded up:
   * for n iid values with variance at most {@code sigma^2} in an interval of length R, with
   * probability at least {@code 1 - delta} the mean is within the term of the expectation
   * (Bernstein's inequality in the form of S. Boucheron, G. Lugosi, P. Massart, Concentration
   * Inequalities, Oxford University Press 2013, Theorem 2.10 and Corollary 2.11: for independent
   * centred {@code X_i <= b} with {@code sum_i E X_i^2 <= v}, {@code P(sum_i X_i >= sqrt(2 v t) + b
   * t / 3) <= e^{-t}}; here {@code b = R}, {@code v = n sigma^2}, {@code t = ln(2/delta)}, both
   * sides; DOI 10.1093/acprof:oso/9780199535255.001.0001).
   *
   * @param variance an upper bound of the variance
   * @param range the length R of the interval
   * @param n sample size, {@code >= 1}
   * @param delta failure probability in (0, 1)
   * @return the term, rounded up
   * @throws IllegalArgumentException if {@code variance}, {@code range} or {@code delta} is NaN,
   *     infinite or out of its range, or {@code n < 1}
   */
  @Theorem("LEMMA-K")
  public static @NonNegativeReal double bernstein(@NonNegativeReal double variance,
      @NonNegativeReal double range, int n, @PositiveProbability double delta) {
    Reals.nonNegative(variance, "variance");
    Reals.nonNegative(range, "range");
    Reals.positiveProbability(delta, "delta");
    if (n < 1) {
      throw new IllegalArgumentException("n: sample size must be >= 1, got " + n);
    }
    double lg = Up.log(Up.div(2.0, delta));
    double root = Up.sqrt(Up.div(Up.mul(2, Up.mul(variance, lg)), n));
    // 3 n is exact: an integer below 2^33
    return Reals.nonNegative(Up.add(root, Up.div(Up.mul(range, lg), 3.0 * n)), "Bernstein term");
  }

  /**
   * The Hoeffding term for summands in an interval of length {@code R}, {@code R sqrt(ln(2/delta)
   * / (2 n))} = {@code (R/2) sqrt(2 ln(2/delta) / n)}, rounded up: with probability at least
   * {@code 1 - delta} over S, {@code |F(w*) - F_S(w*)| <= } the term when every {@code f(w*; x)}
   * of the population lies in an interval of length R (LEMMA-K item 5). With {@code R = 2 B
   * ||theta*||} it is {@link #hoeffding}.
   *
   * @param range the length R of the interval
   * @param n sample size, {@code >= 1}
   * @param delta failure probability in (0, 1)
   * @return the term, rounded up
   * @throws IllegalArgumentException if {@code range} or {@code delta} is NaN, infinite or out of
   *     its range, or {@code n < 1}
   */
  @Theorem("LEMMA-K")
  public static @NonNegativeReal double hoeffdingRange(
      @NonNegativeReal double range, int n, @PositiveProbability double delta) {
    Reals.nonNegative(range, "range");
    // R/2 rounded up (exact unless subnormal): the term is (R/2) * 1 * sqrt(2 ln(2/delta) / n)
    return StabilityBounds.hoeffding(
        Reals.nonNegative(Up.div(range, 2), "R/2"), 1, n, delta);
  }
}
