package org.rlhfbounds.bounds;

import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * T-HP-EB (proofs/T-HP-EB.md): the gap of the best-gradient GA iterate with the middle term {@code
 * F(w*) - F_S(w*)} bounded by an empirical Bernstein inequality instead of Hoeffding's. With
 * {@code Y_i = f(w*; x_i)} in {@code [-B ||theta*||, B ||theta*||]}, range {@code R = 2 B
 * ||theta*||} and sample variance {@code V_n = (1/(n(n-1))) sum_{i<j} (Y_i - Y_j)^2}, with
 * probability {@code >= 1 - delta} over S ({@code n >= 2}),
 *
 * <pre>
 *   |F(w*) - F_S(w*)| <= E = sqrt(2 V_n ln(4/delta) / n) + 7 R ln(4/delta) / (3 (n - 1)),
 *   |gen_S(w_best)|   <= E + beta max(diam r_T + Q sqrt(eps_n), diam r_T + mu Q)^2 / 8,
 * </pre>
 *
 * with {@code r_T} the radius of T-GA-SHARP, or the selection radius r of T-GA-ADAPT when that
 * theorem applies and r is smaller (both bound {@code ||P_R e||} of the same iterate). When the population is finite and known, R is the
 * smaller range {@code R_f} of {@code f(w*; .)} over its support (LEMMA-K item 5). E is Theorem 4
 * of A. Maurer and M. Pontil, "Empirical Bernstein Bounds and Sample Variance Penalization", COLT
 * 2009 (arXiv:0907.3740; no DOI), applied to {@code (Y_i - min Y) / R} and to its complement,
 * each at {@code delta/2}, {@code min Y} the lower end of the interval. Since {@code V_n <= R^2 n / (4 (n - 1))}, E is below the Hoeffding term H of Lemma K
 * whenever {@code f(w*; x)} varies little across prompts, and never much above it.
 *
 * <p>{@code V_n} is evaluated from enclosures of the computed {@code f(w*; x_i)} ({@link
 * #sampleVarianceUpper}), so it is an upper bound on the variance of the exact values; every
 * operation is rounded up ({@link Up}). Non-finite inputs are rejected by the public methods; an
 * infinite value is reported as not representable. Thread-safe: stateless.
 */
public final class EmpiricalBernsteinTheorem extends LearnerTheorem {
  /** The registered instance. */
  public static final EmpiricalBernsteinTheorem INSTANCE = new EmpiricalBernsteinTheorem();

  private static final String ID = "T-HP-EB";

  /** For a GA run: the gap at the best-gradient iterate, next to the measured gap. */
  private EmpiricalBernsteinTheorem() {
    super(ID, Kind.A_PRIORI, Algorithm.GA, EmpiricalBernsteinTheorem::gap);
  }

  /**
   * An upper bound on the sample variance {@code V_n = (1/(n(n-1))) sum_{i<j} (Y_i - Y_j)^2 =
   * (1/(n-1)) sum_i (Y_i - mean)^2} of every vector Y with {@code Y_i} in the i-th enclosure: for
   * any real c, {@code V_n <= (1/(n-1)) sum_i (Y_i - c)^2 <= (1/(n-1)) sum_i u_i^2} with {@code
   * u_i = max(hi_i - c, c - lo_i, 0)}; c is the computed mean of the midpoints (any c is sound).
   *
   * @param ys the enclosures of {@code Y_1..Y_n}, {@code n >= 2}
   * @return the bound, rounded up ({@code +inf} when an enclosure is unbounded)
   * @throws IllegalArgumentException if fewer than two enclosures are given
   */
  @Theorem("T-HP-EB")
  public static double sampleVarianceUpper(Enclosure[] ys) {
    int n = ys.length;
    if (n < 2) {
      throw new IllegalArgumentException("ys: the sample variance needs n >= 2 values, got " + n);
    }
    double c = 0;
    for (Enclosure y : ys) {
      c += y.mid();
    }
    c /= n;
    if (!Double.isFinite(c)) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    for (Enclosure y : ys) {
      double u = Math.max(0, Math.max(Up.sub(y.hi(), c), Up.sub(c, y.lo())));
      sum = Up.add(sum, Up.mul(u, u));
    }
    return Up.div(sum, n - 1);
  }

  /**
   * The empirical Bernstein term {@code E = sqrt(2 V ln(4/delta) / n) + 7 R ln(4/delta) / (3 (n -
   * 1))}, rounded up: with probability {@code >= 1 - delta}, {@code |E Y - mean(Y)| <= E} for n
   * iid values in an interval of length R whose sample variance is at most V.
   *
   * @param variance an upper bound V on the sample variance
   * @param range the length R of an interval holding every value
   * @param n the sample size, {@code >= 2}
   * @param delta the failure probability in (0, 1)
   * @return E, rounded up
   * @throws IllegalArgumentException if {@code variance} or {@code range} or {@code delta} is NaN,
   *     infinite or out of its range, or {@code n < 2}
   */
  @Theorem("T-HP-EB")
  public static @NonNegativeReal double middleTerm(
      @NonNegativeReal double variance,
      @NonNegativeReal double range,
      int n,
      @PositiveProbability double delta) {
    Reals.nonNegative(variance, "variance");
    Reals.nonNegative(range, "range");
    Reals.positiveProbability(delta, "delta");
    if (n < 2) {
      throw new IllegalArgumentException("n: the empirical Bernstein term needs n >= 2, got " + n);
    }
    double lg = Up.log(Up.div(4, delta)); // ln(2/(delta/2)): two sides at delta/2 each
    double root = Up.sqrt(Up.div(Up.mul(2, Up.mul(variance, lg)), n));
    // 3 (n - 1) is exact: an integer below 2^33
    double tail = Up.div(Up.mul(7, Up.mul(range, lg)), 3.0 * (n - 1L));
    return Reals.nonNegative(Up.add(root, tail), "empirical Bernstein term");
  }

  /**
   * The gap at the best-gradient GA iterate among {@code t = 0..T}: with probability {@code >= 1 -
   * delta} over S, {@code |gen_S(w_best)| <= E + beta max(diam r_T + Q sqrt(eps_n), diam r_T + mu
   * Q)^2 / 8}. Not applicable when {@code n < 2} or when the sample variance of {@code f(w*; x_i)}
   * was not computed (assumption {@code sample-variance}).
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   * @throws IllegalArgumentException if {@code eta} is NaN, infinite or out of its range
   */
  @Theorem("T-HP-EB")
  public static BoundResult gap(BoundInputs in, @PositiveReal double eta, int steps) {
    Reals.positive(eta, "eta");
    BoundResult.Builder b =
        BoundResult.builder(
            ID,
            BoundResult.MAIN,
            "Gap of the best-gradient GA iterate, empirical Bernstein middle term",
            BoundResult.GAP + GaSharpTheorem.AT,
            BoundResult.PROB_S);
    Double v = in.optimalValueVariance();
    b.assume(
        Assumption.of(
            "sample-variance",
            "n >= 2 and the sample variance V_n of f(w*; x_i) is known",
            in.n() >= 2 && v != null,
            v,
            in.n() < 2 ? "n = " + in.n() : (v == null ? "not computed" : "upper bound")));
    // the selection radius of T-GA-ADAPT bounds ||P_R e|| of the same iterate when it applies
    BoundResult adapt = GaAdaptiveTheorem.optimisation(in, eta, steps);
    Double rAdapt = adapt.applicable() ? adapt.constant("r") : null;
    double value =
        GaSharpTheorem.gapWith(b, in, eta, steps, EmpiricalBernsteinTheorem::recorded, rAdapt);
    return b.finish(value);
  }

  /** E for the inputs, recorded with its ingredients as {@code R}, {@code Vn} and {@code E}. */
  private static double recorded(BoundResult.Builder b, BoundInputs in) {
    Double v = in.optimalValueVariance();
    if (v == null || in.n() < 2) {
      return Double.POSITIVE_INFINITY; // assumption "sample-variance" fails
    }
    double range = Up.mul(Up.mul(2, in.bound()), in.thetaNorm());
    Double rf = LemmaK.populationRange(in);
    if (rf != null) {
      range = rf;
      b.note(LemmaK.RANGE_NOTE);
    }
    double e =
        middleTerm(
            Reals.nonNegative(v, "V_n"), Reals.nonNegative(range, "R"), in.n(), in.delta());
    b.constant("R", range).constant("Vn", v).constant("E", e);
    return e;
  }
}
