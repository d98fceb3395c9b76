package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.Probability;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The curvature profile of T-GA-ADAPT (proofs/T-GA-ADAPT.md, "Curvature profile"): LEMMA-K item
 * 7 taken prompt by prompt. With {@code diam_i} the diameter of sampled prompt {@code i}'s
 * features, {@code d_ab} the distance between two of its feature vectors, {@code c_i(D) =
 * max(e^{-diam_i D}, 1 / max_a sum_b pi_w*(b|x_i) e^{D d_ab})} (a lower bound of every
 * probability ratio {@code pi_w(a)/pi_w*(a)} at radius D) and
 *
 * <pre>
 *   K(D) = sum_i mu_i c_i(D) P_R Sigma_{x_i}(w*) P_R,
 * </pre>
 *
 * every {@code w} with {@code ||P_R(w - w*)|| <= D} and {@code ||P_U(w - w*)|| <= q} has {@code
 * P_R Sigma_S(w) P_R >= e^{-mu q} K(D)}. The profile holds certified lower bounds {@code kappa_k}
 * of {@code lambda_min} of {@code K(g_k)} on {@code R} at radii {@code 0 = g_0 < g_1 < ... <
 * g_m} ({@code kappa_0 = kappa+}, the sequence non-increasing) and a slope {@code b >= max_i
 * diam_i}, and reads them as the lower bound, for every {@code D >= 0},
 *
 * <pre>
 *   kappa(D) = max( e^{-b D} max_{g_k <= D} kappa_k e^{b g_k},  kappa_{k'},  local_{k''} ),
 * </pre>
 *
 * {@code g_{k'}} the first radius above D and {@code g_{k''}} the first at or above it ({@code
 * K(D) >= e^{-b (D - g_k)} K(g_k)} for {@code D >= g_k}, and {@code K} is non-increasing in D),
 * rounded down; {@code local_k}, for an exact split only, bounds the curvature on the whole ball
 * of radius {@code g_k} by a second-order expansion (0 where not computed). With the one point
 * {@code g_0 = 0} it is T-GA-SHARP's {@code e^{-b D} kappa+}; each sampled prompt pays its own
 * worst probability ratio instead of the largest diameter's.
 *
 * <p>NaN and infinite radii are rejected by {@link #lowerBound}. Thread-safe: immutable.
 */
public final class CurvatureProfile {
  /** Largest logit range {@code b g} of the grid: beyond it {@code e^{-b g}} is below 1e-13. */
  private static final double MAX_RANGE = 30;
  /** Finest spacing of the grid in logit range {@code b g}. */
  private static final double MIN_SPACING = 0.05;
  /** Most grid points after {@code g_0}. */
  private static final int MAX_POINTS = 64;
  /** Fewest grid points after {@code g_0} worth their assemblies. */
  private static final int MIN_POINTS = 2;
  /** Work budget of the assemblies, in multiply-adds ({@code rows d^2 + d^3} per point). */
  private static final long BUDGET = 1L << 33;
  /** Largest d of the second-order bounds (their tensor has d^3 entries). */
  private static final int MAX_LOCAL_DIM = 64;
  /** Work budget of the probability ratios, {@code rows K d} rounded operations. */
  private static final long RATIO_BUDGET = 1L << 24;
  /** Work budget of the third-moment tensor, {@code rows d^3}. */
  private static final long LOCAL_BUDGET = 1L << 28;

  private final double slope;
  private final double[] radii;
  private final double[] kappa;
  private final double[] local; // lower bounds of the curvature on the ball of radius g_k
  private final double[] lead; // max_{j <= k} kappa_j e^{b g_j}, rounded down
  private final double top; // g_m

  private CurvatureProfile(double slope, double[] radii, double[] kappa, double[] local) {
    this.slope = slope;
    this.radii = radii;
    this.kappa = kappa;
    this.local = local;
    double[] l = new double[radii.length];
    double best = 0;
    double g = 0;
    for (int k = 0; k < l.length; k++) {
      Indices.requireIndex(radii, k);
      Indices.requireIndex(kappa, k);
      g = radii[k];
      best = Math.max(best, Down.mul(kappa[k], Down.exp(Down.mul(slope, g))));
      l[k] = best;
    }
    this.lead = l;
    this.top = g;
  }

  /**
   * A profile from its values, checked.
   *
   * @param slope {@code b}, at least every sampled prompt's feature diameter
   * @param radii {@code g_0 = 0 < g_1 < ...}, finite
   * @param kappa lower bounds of {@code lambda_min(K(g_k))} on R, finite, positive, non-increasing
   * @return the profile (the arrays are copied)
   * @throws IllegalArgumentException if a value is NaN, infinite or out of its range, the radii do
   *     not start at 0 or do not increase, the kappas increase anywhere or the lengths differ
   */
  public static CurvatureProfile of(
      @NonNegativeReal double slope, double[] radii, double[] kappa) {
    return of(slope, radii, kappa, new double[kappa.length]);
  }

  /**
   * A profile with second-order terms, checked: {@code local[k]} is a lower bound of {@code
   * lambda_min} on R of {@code P_R Sigma_S(w* + e) P_R} for every {@code e} with {@code ||e|| <=
   * g_k} (an exact split, {@code mu = 0}; {@link #certify} computes it by the second-order bound of
   * proofs/T-GA-ADAPT.md), 0 where none is known.
   *
   * @param slope {@code b}, at least every sampled prompt's feature diameter
   * @param radii {@code g_0 = 0 < g_1 < ...}, finite
   * @param kappa lower bounds of {@code lambda_min(K(g_k))} on R, finite, positive, non-increasing
   * @param local the second-order lower bounds, finite, non-negative, non-increasing
   * @return the profile (the arrays are copied)
   * @throws IllegalArgumentException if a value is NaN, infinite or out of its range, the radii do
   *     not start at 0 or do not increase, the kappas or the local bounds increase anywhere or the
   *     lengths differ
   */
  public static CurvatureProfile of(
      @NonNegativeReal double slope, double[] radii, double[] kappa, double[] local) {
    Reals.nonNegative(slope, "slope");
    if (local.length != kappa.length) {
      throw new IllegalArgumentException("profile: " + local.length + " local bounds for "
          + kappa.length + " kappas");
    }
    for (int k = 0; k < local.length; k++) {
      Reals.nonNegative(local[k], "profile local bound");
      if (k > 0 && local[k] > local[k - 1]) {
        throw new IllegalArgumentException("profile: local bounds must not increase, at " + k
            + ": " + local[k]);
      }
    }
    if (radii.length == 0 || radii.length != kappa.length || radii[0] != 0) {
      throw new IllegalArgumentException("profile: radii must start at 0 and match the "
          + kappa.length + " kappas, got " + Arrays.toString(radii));
    }
    for (int k = 0; k < radii.length; k++) {
      Indices.requireIndex(kappa, k);
      Reals.nonNegative(radii[k], "profile radius");
      Reals.positive(kappa[k], "profile kappa");
      if (k > 0 && !(radii[k] > radii[k - 1] && kappa[k] <= kappa[k - 1])) {
        throw new IllegalArgumentException("profile: radii must increase and kappas must not, at "
            + k + ": radius " + radii[k] + ", kappa " + kappa[k]);
      }
    }
    return new CurvatureProfile(slope, radii.clone(), kappa.clone(), local.clone());
  }

  /**
   * {@code kappa(D)}, rounded down: a lower bound of {@code lambda_min} on R of {@code K(D)}.
   *
   * @param radius D, {@code >= 0}
   * @return the bound, {@code >= 0}
   * @throws IllegalArgumentException if {@code radius} is NaN, infinite or negative
   */
  @Theorem("T-GA-ADAPT")
  public @NonNegativeReal double lowerBound(@NonNegativeReal double radius) {
    Reals.nonNegative(radius, "radius");
    int k = Arrays.binarySearch(radii, radius);
    int below = k >= 0 ? k : -k - 2; // the last g_k <= D (g_0 = 0 <= D)
    Indices.requireIndex(lead, below);
    double v = Down.mul(Down.exp(-Up.mul(slope, radius)), lead[below]);
    int above = below + 1;
    if (above < kappa.length) {
      v = Math.max(v, kappa[above]);
    }
    int ball = k >= 0 ? k : above; // the first g_k >= D
    if (ball < local.length) {
      v = Math.max(v, local[ball]);
    }
    return Reals.nonNegative(v, "kappa(D)");
  }

  /**
   * An upper bound of every {@code r} in {@code [0, rMax]} with {@code r kappa(r) <= level}: the
   * selection step of T-GA-ADAPT with the profile ({@code ||grad F_S(w)|| >= beta (e^{-mu q}
   * kappa(r) r - ell q)} at {@code r = ||P_R(w - w*)||}). On a cell {@code [a, c]} between two
   * radii {@code g_k <= a <= c <= g_{k+1}}, {@code r kappa(r) >= max(min(a e^{-b a}, c e^{-b c})
   * max_{j <= k} kappa_j e^{b g_j}, a kappa_{k+1})} ({@code r e^{-b r}} is quasi-concave), rounded
   * down. Cells are cleared from {@code rMax} down while that bound exceeds {@code level}; in the
   * first cell that is not cleared whole, a bisection finds the smallest {@code rho} with {@code
   * [rho, c]} cleared, and {@code rho} is returned.
   *
   * @param level the level, rounded up
   * @param rMax the largest radius, {@code >= 0}
   * @return the bound, in {@code [0, rMax]}
   * @throws IllegalArgumentException if {@code level} or {@code rMax} is NaN, infinite or negative
   */
  @Theorem("T-GA-ADAPT")
  public @NonNegativeReal double selectionRadius(
      @NonNegativeReal double level, @NonNegativeReal double rMax) {
    Reals.nonNegative(level, "level");
    double hi = Reals.nonNegative(rMax, "rMax");
    while (hi > 0) {
      int k = Arrays.binarySearch(radii, hi);
      int cell = k > 0 ? k - 1 : k == 0 ? 0 : -k - 2; // g_cell < hi <= g_{cell+1} (or above g_m)
      Indices.requireIndex(radii, cell);
      double lo = radii[cell];
      if (cleared(lo, hi, cell, level)) {
        hi = lo;
        continue;
      }
      if (!cleared(hi, hi, cell, level)) {
        return Reals.nonNegative(hi, "selection radius");
      }
      double out = lo; // [out, hi] not cleared
      double in = hi; // [in, hi] cleared
      for (int it = 0; it < 64; it++) {
        double mid = out + (in - out) / 2;
        if (!(mid > out && mid < in)) {
          break;
        }
        if (cleared(mid, hi, cell, level)) {
          in = mid;
        } else {
          out = mid;
        }
      }
      return Reals.nonNegative(in, "selection radius");
    }
    return 0;
  }

  /** Whether {@code r kappa(r) > level} on {@code [a, c]} within cell k, by the lower bound above. */
  private boolean cleared(double a, double c, int cell, double level) {
    Indices.requireIndex(lead, cell);
    double e = lead[cell];
    double v = Math.min(Down.mul(a, Down.mul(Down.exp(-Up.mul(slope, a)), e)),
        Down.mul(c, Down.mul(Down.exp(-Up.mul(slope, c)), e)));
    int next = cell + 1;
    if (next < kappa.length) {
      v = Math.max(v, Down.mul(a, kappa[next]));
    }
    if (next < local.length) {
      v = Math.max(v, Down.mul(a, local[next]));
    }
    return v > level;
  }

  /**
   * The slope {@code b}.
   *
   * @return b
   */
  public @NonNegativeReal double slope() {
    return Reals.nonNegative(slope, "slope");
  }

  /**
   * The number of radii, {@code g_0} included.
   *
   * @return m + 1
   */
  public int points() {
    return radii.length;
  }

  /**
   * The largest radius {@code g_m}.
   *
   * @return g_m
   */
  public @NonNegativeReal double top() {
    return Reals.nonNegative(top, "top radius");
  }

  /**
   * Certifies a profile for a sample at {@code w*} on the covered part of {@code split}: the grid
   * is uniform in logit range {@code b g}, from 0 to {@code min(b top, 30)} in at most 64 steps of
   * at least 0.05, within a work budget of {@code 2^33} multiply-adds; each {@code K(g_k)} is
   * assembled as {@code Sigma} of the sample with weights {@code mu_i c_i(g_k)} rounded
   * down (so the matrix of doubles is below the exact {@code K(g_k)} up to the assembly's
   * rounding, the status of {@code kappa+} in LEMMA-KAPPA-CERT) and certified by
   * LEMMA-KAPPA-CERT. The grid stops at the first point not certified positive.
   *
   * <p>For an exact split ({@code mu = 0}), {@code d <= 64} and {@code n K d^3 <= 2^28}, it also
   * certifies the second-order bounds {@code local_k = lambda_min(Sigma_S(w*) - sum_i mu_i
   * psi(diam_i g_k) / 2 Sigma_{x_i}(w*)) - ||M||_F g_k} on R ({@code psi(x) = e^x - 1 - x},
   * M the sample's third central moment tensor at w*), while every {@code psi / 2 <= 1}.
   *
   * @param o the objective
   * @param s the sample
   * @param wStar w*
   * @param split the covered/uncovered split
   * @param kappaPlus the certified kappa+
   * @param top the largest radius of interest (D_perp)
   * @param sigmaStar {@code Sigma_S(w*)} as assembled by {@link Objective#covariance}
   * @param leakage the split's sample leakage mu (the second-order bounds need 0)
   * @return the profile, or null when its grid would have fewer than two points after 0
   */
  @Theorem({"T-GA-ADAPT", "LEMMA-KAPPA-CERT"})
  static @Nullable CurvatureProfile certify(Objective o, Sample s, double[] wStar,
      CoveredSubspace split, double kappaPlus, double top, DMatrixRMaj sigmaStar,
      double leakage) {
    Features f = s.prompts();
    double[] diam = new double[f.size()];
    double b = 0;
    for (int i = 0; i < diam.length; i++) {
      diam[i] = Constants.promptDiameter(f, i);
      b = Math.max(b, diam[i]);
    }
    double xTop = Math.min(Up.mul(b, top), MAX_RANGE);
    int d = f.dim();
    long cost = Math.max(1, (long) f.rows() * d * d + (long) d * d * d);
    int points = (int) Math.min(MAX_POINTS, BUDGET / cost);
    if (!(xTop > 0) || points < MIN_POINTS) {
      return null;
    }
    boolean second = leakage == 0 && d <= MAX_LOCAL_DIM
        && (long) f.rows() * d * d * d <= LOCAL_BUDGET;
    double mNorm = second ? thirdMomentNorm(f, s, wStar) : Double.NaN;
    Ratios ratios = (long) f.rows() * f.maxCandidates() * d <= RATIO_BUDGET
        ? Ratios.of(f, wStar) : null;
    double h = Math.max(MIN_SPACING, xTop / points);
    int m = Math.max(0, (int) Math.ceil(xTop / h));
    double[] radii = new double[m + 1];
    double[] kappa = new double[radii.length];
    double[] local = new double[radii.length];
    int origin = 0;
    Indices.requireIndex(kappa, origin);
    Indices.requireIndex(local, origin);
    kappa[origin] = kappaPlus;
    local[origin] = second ? kappaPlus : 0;
    double[] weights = new double[diam.length];
    int used = 1;
    for (int k = 1; k < radii.length; k++) {
      Indices.requireIndex(kappa, k);
      Indices.requireIndex(local, k);
      double g = k * h / b;
      if (!(g > radii[k - 1])) {
        break;
      }
      for (int i = 0; i < weights.length; i++) {
        double c = Down.exp(-Up.mul(diam[i], g));
        if (ratios != null) {
          c = Math.max(c, ratios.lower(i, g));
        }
        weights[i] = Down.mul(s.weight(i), c);
      }
      double kk = split.kappaPlusCertified(o.covariance(new Weighted(f, weights), wStar));
      if (!(kk > 0)) {
        break;
      }
      radii[k] = g;
      kappa[k] = Math.min(kk, kappa[k - 1]);
      used = k + 1;
      if (local[k - 1] > 0) {
        local[k] = Math.min(local[k - 1],
            secondOrder(o, s, wStar, split, sigmaStar, diam, g, mNorm, weights));
      }
    }
    if (used - 1 < MIN_POINTS) {
      return null;
    }
    return of(Reals.nonNegative(b, "largest prompt diameter"), Arrays.copyOf(radii, used),
        Arrays.copyOf(kappa, used), Arrays.copyOf(local, used));
  }

  /**
   * The second-order bound at radius g (0 when it is not positive or some {@code psi(diam_i g) /
   * 2 > 1}), rounded down: the certified {@code lambda_min} on R of {@code Sigma_S(w*) - A},
   * {@code A} assembled with the weights {@code mu_i psi(diam_i g) / 2} rounded up, less the
   * rounding of the subtraction ({@code 2^-53 ||Sigma - A||_F}) and {@code ||M||_F g}.
   */
  private static double secondOrder(Objective o, Sample s, double[] wStar, CoveredSubspace split,
      DMatrixRMaj sigmaStar, double[] diam, double g, double mNorm, double[] weights) {
    for (int i = 0; i < weights.length; i++) {
      Indices.requireIndex(diam, i);
      double x = Up.mul(diam[i], g);
      double psi = Up.sub(Up.sub(Up.exp(x), 1), x);
      weights[i] = Up.mul(s.weight(i), Up.div(psi, 2));
      if (!(weights[i] <= s.weight(i))) {
        return 0;
      }
    }
    DMatrixRMaj a = o.covariance(new Weighted(s.prompts(), weights), wStar);
    int len = Math.min(a.data.length, sigmaStar.data.length);
    double fro = 0;
    for (int j = 0; j < len; j++) {
      a.data[j] = sigmaStar.data[j] - a.data[j];
      fro = Up.add(fro, Up.mul(a.data[j], a.data[j]));
    }
    double cert = split.kappaPlusCertified(a);
    double v = Down.sub(Down.sub(cert, Up.mul(0x1p-53, Up.sqrt(fro))), Up.mul(mNorm, g));
    return v > 0 ? v : 0;
  }

  /**
   * An upper bound of the Frobenius norm of the sample's third central moment tensor at w, {@code
   * M = sum_i mu_i sum_a p_ia c_ia (x) c_ia (x) c_ia} ({@code c_ia} the centred features, {@code
   * p_ia = pi_w(a|x_i)}), which bounds {@code |M[v, v, e]| <= ||M||_F ||e||} for unit v: its
   * Frobenius norm summed upward, plus {@code gamma ||M_abs||_F} for the rounding of the sums
   * ({@code gamma = (rows + d + K + 16) 2^-52}, rounded up). The probabilities and centred rows
   * are computed in floating point, with the status of the assembly of {@code Sigma}.
   */
  private static double thirdMomentNorm(Features f, PromptMeasure m, double[] w) {
    int d = f.dim();
    double[] t = new double[Math.max(0, d * d * d)];
    double[] tabs = new double[t.length];
    double[] data = f.data();
    int maxK = Math.max(0, f.maxCandidates());
    double[] p = new double[maxK];
    double[] c = new double[Math.max(0, maxK * d)];
    double[] mean = new double[Math.max(0, d)];
    for (int i = 0; i < f.size(); i++) {
      int k = Math.min(f.candidates(i), maxK);
      int row0 = f.rowOffset(i);
      double zMax = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < k && a < p.length; a++) {
        double z = 0;
        for (int j = 0; j < d && j < w.length; j++) {
          int at = (row0 + a) * d + j;
          Indices.requireIndex(data, at);
          z += w[j] * data[at];
        }
        p[a] = z;
        zMax = Math.max(zMax, z);
      }
      double sum = 0;
      for (int a = 0; a < k && a < p.length; a++) {
        p[a] = Math.exp(p[a] - zMax);
        sum += p[a];
      }
      Arrays.fill(mean, 0);
      for (int a = 0; a < k && a < p.length; a++) {
        p[a] /= sum;
        for (int j = 0; j < mean.length; j++) {
          int at = (row0 + a) * d + j;
          Indices.requireIndex(data, at);
          mean[j] += p[a] * data[at];
        }
      }
      double mu = m.weight(i);
      for (int a = 0; a < k && a < p.length; a++) {
        for (int j = 0; j < mean.length; j++) {
          int at = (row0 + a) * d + j;
          int aj = a * d + j;
          Indices.requireIndex(data, at);
          Indices.requireIndex(c, aj);
          c[aj] = data[at] - mean[j];
        }
        double coef = mu * p[a];
        for (int j = 0; j < d; j++) {
          int aj = a * d + j;
          Indices.requireIndex(c, aj);
          double cj = coef * c[aj];
          for (int l = 0; l < d; l++) {
            int al = a * d + l;
            Indices.requireIndex(c, al);
            double cjl = cj * c[al];
            int base = (j * d + l) * d;
            for (int q = 0; q < d; q++) {
              int aq = a * d + q;
              int at = base + q;
              Indices.requireIndex(c, aq);
              Indices.requireIndex(t, at);
              Indices.requireIndex(tabs, at);
              double term = cjl * c[aq];
              t[at] += term;
              tabs[at] += Math.abs(term);
            }
          }
        }
      }
    }
    double fro = 0;
    double abs = 0;
    for (int j = 0; j < t.length && j < tabs.length; j++) {
      fro = Up.add(fro, Up.mul(t[j], t[j]));
      abs = Up.add(abs, Up.mul(tabs[j], tabs[j]));
    }
    double gamma = Up.mul((double) f.rows() + d + maxK + 16, 0x1p-52);
    return Up.add(Up.sqrt(fro), Up.mul(gamma, Up.sqrt(abs)));
  }


  /**
   * The lower bounds {@code c_i(g) = 1 / max_a sum_b pi_w*(b|x_i) e^{g ||phi(x_i,a) - phi(x_i,b)||}}
   * of {@code min_a pi_w(a|x_i) / pi_w*(a|x_i)} over {@code ||P_R(w - w*)|| <= g} (exact split; the
   * factor {@code e^{-mu q}} is the theorem's): the probabilities at the computed w* enclosed from
   * logits with the dot products' error bound {@code gamma_d sum_j |w_j phi_j|}, the distances
   * rounded up as in {@link Constants#promptDiameter}. Each prompt's {@code K x K} distances and
   * {@code K} upper probabilities are kept.
   */
  private static final class Ratios {
    private final double[][] prob;
    private final double[][] dist; // row-major K x K per prompt

    private Ratios(double[][] prob, double[][] dist) {
      this.prob = prob;
      this.dist = dist;
    }

    static Ratios of(Features f, double[] w) {
      int n = f.size();
      int d = f.dim();
      double[] data = f.data();
      double gamma = Up.div(Up.mul(d, 0x1p-53), Down.sub(1, Up.mul(d, 0x1p-53)));
      double[][] prob = new double[n][];
      double[][] dist = new double[n][];
      for (int i = 0; i < n; i++) {
        int k = f.candidates(i);
        int row0 = f.rowOffset(i);
        double[] z = new double[k];
        double[] err = new double[k];
        double m = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < k; a++) {
          double v = 0;
          double abs = 0;
          for (int j = 0; j < d && j < w.length; j++) {
            int at = (row0 + a) * d + j;
            Indices.requireIndex(data, at);
            v += w[j] * data[at];
            abs = Up.add(abs, Math.abs(Up.mul(Math.abs(w[j]), Math.abs(data[at]))));
          }
          z[a] = v;
          err[a] = Up.mul(gamma, abs);
          m = Math.max(m, v);
        }
        double den = 0;
        for (int a = 0; a < k; a++) {
          den = Down.add(den, Down.exp(Down.sub(Down.sub(z[a], err[a]), m)));
        }
        double[] p = new double[k];
        for (int a = 0; a < k; a++) {
          p[a] = Math.min(1, Up.div(Up.exp(Up.sub(Up.add(z[a], err[a]), m)), den));
        }
        double[] dd = new double[k * k];
        for (int a = 0; a < k; a++) {
          for (int b = a + 1; b < k; b++) {
            double sq = 0;
            for (int j = 0; j < d; j++) {
              int pa = (row0 + a) * d + j;
              int pb = (row0 + b) * d + j;
              Indices.requireIndex(data, pa);
              Indices.requireIndex(data, pb);
              double mag = Math.max(Math.abs(Up.sub(data[pa], data[pb])),
                  Math.abs(Down.sub(data[pa], data[pb])));
              sq = Up.add(sq, Up.mul(mag, mag));
            }
            int ab = a * k + b;
            int ba = b * k + a;
            Indices.requireIndex(dd, ab);
            Indices.requireIndex(dd, ba);
            dd[ab] = Up.sqrt(sq);
            dd[ba] = dd[ab];
          }
        }
        prob[i] = p;
        dist[i] = dd;
      }
      return new Ratios(prob, dist);
    }

    /** {@code c_i(g)}, rounded down (0 when the sum overflows). */
    double lower(int i, double g) {
      Indices.requireIndex(prob, i);
      Indices.requireIndex(dist, i);
      double[] p = prob[i];
      double[] dd = dist[i];
      int k = p.length;
      double worst = 0;
      for (int a = 0; a < k; a++) {
        double sum = 0;
        for (int b = 0; b < k; b++) {
          int ab = a * k + b;
          Indices.requireIndex(dd, ab);
          sum = Up.add(sum, Up.mul(p[b], Up.exp(Up.mul(g, dd[ab]))));
        }
        worst = Math.max(worst, sum);
      }
      double c = Down.div(1, worst);
      return c > 0 && c <= 1 ? c : 0;
    }
  }

  /**
   * The sample's prompts with weights {@code mu_i c_i(g)} (or {@code mu_i psi(diam_i g) / 2}):
   * they sum to at most one, not to one as a {@link PromptMeasure}'s do; only {@link
   * Objective#covariance}, which is linear in the weights, reads them.
   */
  private record Weighted(Features prompts, double[] weights) implements PromptMeasure {
    @Override
    public @Probability double weight(int i) {
      Indices.requireIndex(weights, i);
      return Reals.probability(weights[i], "profile weight");
    }
  }

  @Override
  public String toString() {
    return "CurvatureProfile{slope=" + slope + ", radii=" + Arrays.toString(radii) + ", kappa="
        + Arrays.toString(kappa) + ", local=" + Arrays.toString(local) + "}";
  }
}
