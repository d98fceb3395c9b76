package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;

/**
 * The quantities the theorems bound, measured at a point {@code w} in their most accurate form
 * and returned as {@linkplain Enclosure enclosures} that contain the exact real value
 * (proofs/MEASURE.md):
 *
 * <ul>
 *   <li>optimisation error {@code F_S(w*) - F_S(w) = beta E_S KL(pi_w || pi_w*)} and excess risk
 *       {@code F(w*) - F(w) = beta E_D KL(pi_w || pi_w*)} (proofs/F1.md), each KL computed from
 *       the logit differences {@code delta_a = <w - w*, phi_a - phi_0>} as {@code sum_a q_a
 *       h(rho_a)} with {@code q = pi_w*}, {@code rho_a = pi_w(a)/q_a - 1 = expm1(delta_a - ln E_q
 *       e^delta)} and {@code h(rho) = (1 + rho) ln(1 + rho) - rho >= 0}: a sum of non-negative
 *       terms with no cancellation, so a KL of {@code 1e-30} is measured to a few ulps instead of
 *       drowning in the rounding of two O(1) objective values;
 *   <li>the generalisation gap {@code gen_S(w) = F(w) - F_S(w)}, from the per-prompt values
 *       {@code f(w;x) = E_{pi_w} r* - beta KL(pi_w || pi_ref)}; its enclosure's width is the
 *       floating-point error of that difference (a few ulps of {@code max |f|}).
 * </ul>
 *
 * <p>Dot products are computed in double and enclosed with the a-priori bound {@code |fl(x^T y) -
 * x^T y| <= gamma_n |x|^T |y|}, {@code gamma_n = n u / (1 - n u)}, {@code u = 2^-53} (N. J.
 * Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, 2nd ed., SIAM 2002,
 * doi:10.1137/1.9780898718027, eq. (3.5)), widened for the rounding of the differences that form
 * their operands and for underflow; everything after them is {@link Enclosure} arithmetic. {@code
 * w*} is the instance's double {@code w*} (the point the learners converge to); the population's
 * weights are taken as the exact probabilities of the finite distribution.
 *
 * <p>NaN or infinite inputs are rejected by the model types; an intermediate overflow gives an
 * enclosure with an infinite end, never a wrong finite one. Thread-safe: immutable; the static
 * methods allocate their own scratch.
 */
public final class MeasuredQuantities {
  private static final int SERIES_TERMS = 40;
  private static final double SERIES_RADIUS = 0.25;

  private final Enclosure optimisationError;
  private final @Nullable Enclosure excess;
  private final @Nullable Enclosure gap;

  private MeasuredQuantities(
      Enclosure optimisationError, @Nullable Enclosure excess, @Nullable Enclosure gap) {
    this.optimisationError = optimisationError;
    this.excess = excess;
    this.gap = gap;
  }

  /**
   * Measures the optimisation error, the excess risk and the gap at {@code w}. The population
   * quantities are null for a generative (infinite) population.
   *
   * @param inst the instance
   * @param sample the sample
   * @param w the point, length d
   * @return the enclosures
   * @throws IllegalArgumentException if w has the wrong length or a non-finite entry
   */
  @Theorem("MEASURE")
  public static MeasuredQuantities at(Instance inst, Sample sample, double[] w) {
    int d = inst.dim();
    checkVector(w, d, "w");
    double[] ws = inst.wStar();
    double[] wr = inst.wRef();
    double[] th = inst.theta();
    double beta = inst.beta();
    FiniteDistribution pop = inst.finiteDistribution();
    int[] idx = sample.indices();
    boolean indexed = pop != null && idx.length == sample.size();
    Enclosure opt;
    Enclosure excess = null;
    Enclosure gap = null;
    if (pop != null) {
      Features pf = pop.prompts();
      int m = pf.size();
      Enclosure[] klStar = new Enclosure[m];
      Enclosure[] value = new Enclosure[m];
      Enclosure ex = Enclosure.ZERO;
      Enclosure f = Enclosure.ZERO;
      double[] scratch = pf.rowScratch();
      for (int i = 0; i < m; i++) {
        klStar[i] = kl(pf, i, w, ws, scratch);
        value[i] = value(pf, i, scratch, w, wr, th, beta);
        @NonNegativeReal double wi = pop.weight(i);
        ex = ex.add(klStar[i].scale(wi));
        f = f.add(value[i].scale(wi));
      }
      excess = ex.scale(beta).nonNegative();
      Enclosure optSum = Enclosure.ZERO;
      Enclosure fs = Enclosure.ZERO;
      if (indexed) {
        for (int s : idx) {
          optSum = optSum.add(at(klStar, s));
          fs = fs.add(at(value, s));
        }
      } else {
        Features sf = sample.prompts();
        double[] rows = sf.rowScratch();
        for (int i = 0; i < sf.size(); i++) {
          optSum = optSum.add(kl(sf, i, w, ws, rows));
          fs = fs.add(value(sf, i, rows, w, wr, th, beta));
        }
      }
      int n = sample.size();
      opt = optSum.divide(n).scale(beta).nonNegative();
      gap = f.sub(fs.divide(n));
    } else {
      opt = sampleExcess(inst, sample, w);
    }
    return new MeasuredQuantities(opt, excess, gap);
  }

  /** {@code a[s]}; s is a sample index into the population, which Sample.ofIndices checked. */
  private static Enclosure at(Enclosure[] a, int s) {
    if (s < 0 || s >= a.length) {
      throw new IllegalStateException("sample index " + s + " outside a population of " + a.length);
    }
    return a[s];
  }

  /**
   * Encloses {@code beta E_m KL(pi_w || pi_w*)} over a prompt measure: for a sample, {@code
   * F_S(w*) - F_S(w)} (F1); used for the optimisation error and for {@code Delta0}.
   *
   * @param inst the instance
   * @param m the measure
   * @param w the point
   * @return the enclosure (non-negative)
   * @throws IllegalArgumentException if w has the wrong length or a non-finite entry
   */
  @Theorem("MEASURE")
  public static Enclosure sampleExcess(Instance inst, PromptMeasure m, double[] w) {
    checkVector(w, inst.dim(), "w");
    Features f = m.prompts();
    double[] ws = inst.wStar();
    Enclosure sum = Enclosure.ZERO;
    boolean uniform = m instanceof Sample; // weights 1/n: divide once, exactly rounded
    double[] scratch = f.rowScratch();
    for (int i = 0; i < f.size(); i++) {
      Enclosure kl = kl(f, i, w, ws, scratch);
      sum = sum.add(uniform ? kl : kl.scale(m.weight(i)));
    }
    if (uniform) {
      sum = sum.divide(f.size());
    }
    return sum.scale(inst.beta()).nonNegative();
  }

  /**
   * Encloses {@code f(w; x_i)} for every prompt of a measure, in order (F1: the same enclosure the
   * measured gap is built from).
   *
   * @param inst the instance
   * @param m the measure
   * @param w the point
   * @return one enclosure per prompt
   * @throws IllegalArgumentException if w has the wrong length or a non-finite entry
   */
  @Theorem("MEASURE")
  static Enclosure[] values(Instance inst, PromptMeasure m, double[] w) {
    checkVector(w, inst.dim(), "w");
    Features f = m.prompts();
    Enclosure[] out = new Enclosure[f.size()];
    double[] scratch = f.rowScratch();
    for (int i = 0; i < out.length; i++) {
      out[i] = value(f, i, scratch, w, inst.wRef(), inst.theta(), inst.beta());
    }
    return out;
  }

  /**
   * Returns the enclosure of {@code F_S(w*) - F_S(w) = beta E_S KL(pi_w || pi_w*)}.
   *
   * @return the optimisation error
   */
  public Enclosure optimisationError() {
    return optimisationError;
  }

  /**
   * Returns the enclosure of {@code F(w*) - F(w) = beta E_D KL(pi_w || pi_w*)}, or null for a
   * generative population.
   *
   * @return the excess risk
   */
  public @Nullable Enclosure excess() {
    return excess;
  }

  /**
   * Returns the enclosure of {@code gen_S(w) = F(w) - F_S(w)}, or null for a generative
   * population.
   *
   * @return the gap
   */
  public @Nullable Enclosure gap() {
    return gap;
  }

  // ---------------------------------------------------------------------------------------------
  // per-prompt kernels

  /**
   * Encloses {@code KL(pi_w(.|x_i) || pi_v(.|x_i))} by {@code sum_a q_a h(rho_a)} (class Javadoc).
   *
   * @param f the prompts
   * @param i the prompt
   * @param w the first parameter
   * @param v the second parameter
   * @return the enclosure, clamped at 0
   */
  static Enclosure kl(Features f, int i, double[] w, double[] v, double[] scratch) {
    int k = f.candidates(i);
    Enclosure[] q = new Enclosure[k];
    Enclosure[] rho = new Enclosure[k];
    ratios(PromptRows.of(f, i, scratch), w, v, q, rho);
    Enclosure s = Enclosure.ZERO;
    for (int a = 0; a < k; a++) {
      s = s.add(q[a].mul(h(rho[a])));
    }
    return s.nonNegative();
  }

  /**
   * Encloses {@code f(w;x_i) = E_{pi_w} r* - beta KL(pi_w || pi_ref)}.
   */
  private static Enclosure value(
      Features f, int i, double[] scratch, double[] w, double[] wRef, double[] theta,
      double beta) {
    int k = f.candidates(i);
    Enclosure[] q = new Enclosure[k];
    Enclosure[] rho = new Enclosure[k];
    PromptRows rows = PromptRows.of(f, i, scratch);
    ratios(rows, w, wRef, q, rho);
    Enclosure klRef = Enclosure.ZERO;
    Enclosure reward = Enclosure.ZERO;
    for (int a = 0; a < k; a++) {
      klRef = klRef.add(q[a].mul(h(rho[a])));
      Enclosure p = q[a].mul(rho[a].add(ONE)); // pi_w(a) = pi_ref(a) (1 + rho_a)
      reward = reward.add(p.mul(centredDot(rows, a, theta, null)));
    }
    reward = reward.add(rowDot(rows, theta));
    return reward.sub(klRef.nonNegative().scale(Reals.nonNegative(beta, "beta")));
  }

  private static final Enclosure ONE = Enclosure.point(1);

  /**
   * Fills {@code q[a] = pi_v(a|x_i)} and {@code rho[a] = pi_w(a|x_i) / pi_v(a|x_i) - 1}.
   */
  private static void ratios(
      PromptRows rows, double[] w, double[] v, Enclosure[] q, Enclosure[] rho) {
    int k = q.length;
    if (rho.length < k) {
      throw new IllegalArgumentException("rho: " + rho.length + " entries, K = " + k);
    }
    Enclosure[] delta = new Enclosure[k];
    Enclosure[] logit = new Enclosure[k];
    double top = 0;
    boolean finite = true;
    for (int a = 0; a < k; a++) {
      delta[a] = a == 0 ? Enclosure.ZERO : centredDot(rows, a, w, v);
      logit[a] = a == 0 ? Enclosure.ZERO : centredDot(rows, a, v, null);
      top = Math.max(top, logit[a].hi());
      finite &= Double.isFinite(delta[a].lo()) && Double.isFinite(delta[a].hi())
          && Double.isFinite(logit[a].lo()) && Double.isFinite(logit[a].hi());
    }
    if (!finite) { // an overflowing logit: the enclosure that says nothing
      for (int a = 0; a < k; a++) {
        q[a] = Enclosure.of(0, 1);
        rho[a] = Enclosure.of(-1, Double.POSITIVE_INFINITY);
      }
      return;
    }
    Enclosure den = Enclosure.ZERO;
    Enclosure[] num = new Enclosure[k];
    for (int a = 0; a < k; a++) {
      num[a] = logit[a].sub(Enclosure.point(top)).exp();
      den = den.add(num[a]);
    }
    Enclosure mean = Enclosure.ZERO; // E_q expm1(delta)
    Enclosure z = Enclosure.ZERO; // E_q e^delta
    for (int a = 0; a < k; a++) {
      q[a] = den.lo() > 0 ? num[a].divide(den).nonNegative() : Enclosure.of(0, 1);
      if (q[a].hi() > 1) {
        q[a] = Enclosure.of(q[a].lo(), 1);
      }
      mean = mean.add(q[a].mul(delta[a].expm1()));
      z = z.add(q[a].mul(delta[a].exp()));
    }
    // E_q e^delta > 0, so the exact mean is > -1; a wider enclosure gives a wider rho.
    // Two enclosures of ln E_q e^delta: log1p of the mean of expm1 (accurate when delta is small)
    // and log of the mean of exp (accurate when it is large); their intersection keeps the better.
    Enclosure logZ =
        mean.hi() > -1 ? mean.log1p() : Enclosure.of(Double.NEGATIVE_INFINITY, 0);
    if (z.lo() > 0 && Double.isFinite(z.hi())) {
      logZ = logZ.intersect(z.log());
    }
    for (int a = 0; a < k; a++) {
      rho[a] = delta[a].sub(logZ).expm1();
    }
  }

  /**
   * Encloses {@code h(rho) = (1 + rho) ln(1 + rho) - rho}, convex with minimum 0 at {@code rho =
   * 0}, on an enclosure of {@code rho > -1}.
   */
  static Enclosure h(Enclosure rho) {
    double lo = Math.max(rho.lo(), -1);
    double hi = rho.hi();
    if (hi == Double.POSITIVE_INFINITY) {
      return Enclosure.of(lo <= 0 ? 0 : hEnd(lo, false), Double.POSITIVE_INFINITY);
    }
    hi = Math.max(hi, lo);
    if (lo <= 0 && hi >= 0) {
      return Enclosure.of(0, Math.max(hEnd(lo, true), hEnd(hi, true)));
    }
    if (lo > 0) {
      return Enclosure.of(hEnd(lo, false), hEnd(hi, true));
    }
    return Enclosure.of(hEnd(hi, false), hEnd(lo, true));
  }

  /** A lower ({@code upper} false) or upper bound of h at a point x >= -1. */
  static double hEnd(double x, boolean upper) {
    if (x == -1) {
      return 1;
    }
    if (x == 0) {
      return 0; // h(0) = 0 exactly
    }
    if (Math.abs(x) > SERIES_RADIUS) {
      Enclosure ex = Enclosure.point(x);
      Enclosure v = ex.add(ONE).mul(ex.log1p()).sub(ex).nonNegative();
      return upper ? v.hi() : v.lo();
    }
    return hSeries(x, upper);
  }

  /**
   * A bound of h(x) = sum_{k>=2} (-1)^k x^k / (k (k - 1)) for 0 < |x| <= 1/4, the remainder after N
   * terms at most |x|^{N+1} / ((N + 1) N (1 - |x|)) <= |x|^{N+1} / ((N + 1) N 3/4): the sum stops at
   * the first N whose remainder bound is at most 2^-60 x^2 (or at N = 40), below the rounding of
   * the leading term x^2 / 2, and the remainder of the N used is added either way. Every operation
   * is rounded to nearest and then stepped one ulp outward ({@link Math#nextUp} or {@link
   * Math#nextDown}), which bounds its exact result since rounding to nearest errs by at most half
   * an ulp: upward bounds of the powers |x|^k and of the positive terms, downward bounds where a
   * term is subtracted, for the requested end only.
   */
  private static double hSeries(double x, boolean upper) {
    double a = Math.abs(x);
    boolean alternating = x > 0; // x < 0: every term (-1)^k x^k = |x|^k is positive
    double small = Math.max(0, Math.nextDown(Math.max(0, Math.nextDown(a * a)) * 0x1p-60));
    double powUp = Math.nextUp(a * a); // >= |x|^k
    double powDown = Math.max(0, Math.nextDown(a * a)); // <= |x|^k
    double sum = 0;
    double rem = Double.POSITIVE_INFINITY;
    for (int k = 2; k <= SERIES_TERMS; k++) {
      double kk = (double) k * (k - 1); // exact
      double termUp = Math.nextUp(powUp / kk);
      double termDown = Math.max(0, Math.nextDown(powDown / kk));
      boolean plus = !alternating || k % 2 == 0;
      if (upper) {
        sum = Math.nextUp(plus ? sum + termUp : sum - termDown);
      } else {
        sum = Math.nextDown(plus ? sum + termDown : sum - termUp);
      }
      double next = Math.nextUp(powUp * a); // >= |x|^{k+1}
      rem = Math.nextUp(next / ((double) (k + 1) * k * 0.75)); // (k + 1) k 3/4 exact
      if (rem <= small) {
        break;
      }
      powUp = next;
      powDown = Math.max(0, Math.nextDown(powDown * a));
    }
    return upper ? Math.nextUp(sum + rem) : Math.max(0, Math.nextDown(sum - rem));
  }

  /**
   * Encloses {@code <x - y, phi_a - phi_0>} of the prompt whose rows are {@code rows} ({@code y}
   * null: {@code <x, phi_a - phi_0>}), compensated ({@link CompensatedDot}): the radius is {@code
   * 2u} relative plus a second-order term, so a logit difference between two nearby points (a KL
   * of 1e-30) or along a direction the features barely see keeps its relative accuracy.
   */
  static Enclosure centredDot(PromptRows rows, int a, double[] x, double @Nullable [] y) {
    return CompensatedDot.centred(x, 0, y, rows.data(), rows.base(a), rows.base(0), rows.d());
  }

  /** Encloses {@code <x, phi_0>} of the prompt whose rows are {@code rows}. */
  private static Enclosure rowDot(PromptRows rows, double[] x) {
    int d = rows.d();
    double[] data = rows.data();
    int base0 = rows.base(0);
    Indices.requireRange(data, base0, d);
    Indices.requireLength(x, d);
    double s = 0;
    double abs = 0;
    for (int j = 0; j < d; j++) {
      double t = x[j] * data[base0 + j];
      s += t;
      abs += Math.abs(t);
    }
    return dotEnclosure(s, abs, d);
  }

  /**
   * {@code [s - e, s + e]} with {@code e = gamma_{2n+8} abs + 4 n MIN_VALUE}: the computed sum
   * {@code s} of n products whose operands carry up to two rounding errors each, and the computed
   * sum {@code abs} of their absolute values (itself at most {@code (1 + gamma_n)} below the exact
   * one), plus the absolute error of underflowing products.
   */
  private static Enclosure dotEnclosure(double s, double abs, int n) {
    if (!Double.isFinite(s) || !Double.isFinite(abs)) {
      return Enclosure.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    return Enclosure.around(s, CompensatedDot.plainError(abs, n));
  }

  private static void checkVector(double[] w, int d, String what) {
    if (w.length != d) {
      throw new IllegalArgumentException(what + ": expected length d = " + d + ", got " + w.length);
    }
    for (int j = 0; j < w.length; j++) {
      if (!Double.isFinite(w[j])) {
        throw new IllegalArgumentException(what + "[" + j + "] must be finite, got " + w[j]);
      }
    }
  }
}
