package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
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
 * features and
 *
 * <pre>
 *   K(D) = sum_i mu_i e^{-diam_i D} P_R Sigma_{x_i}(w*) P_R,
 * </pre>
 *
 * every {@code w} with {@code ||P_R(w - w*)|| <= D} and {@code ||P_U(w - w*)|| <= q} has {@code
 * P_R Sigma_S(w) P_R >= e^{-mu q} K(D)}. The profile holds certified lower bounds {@code kappa_k}
 * of {@code lambda_min} of {@code K(g_k)} on {@code R} at radii {@code 0 = g_0 < g_1 < ... <
 * g_m} ({@code kappa_0 = kappa+}, the sequence non-increasing) and a slope {@code b >= max_i
 * diam_i}, and reads them as the lower bound, for every {@code D >= 0},
 *
 * <pre>
 *   kappa(D) = max( e^{-b D} max_{g_k <= D} kappa_k e^{b g_k},  kappa_{k'} ),   g_{k'} the first radius above D
 * </pre>
 *
 * ({@code K(D) >= e^{-b (D - g_k)} K(g_k)} for {@code D >= g_k}, and {@code K} is non-increasing
 * in D), rounded down. With the one point {@code g_0 = 0} it is T-GA-SHARP's {@code e^{-b D}
 * kappa+}; each sampled prompt pays its own diameter instead of the largest.
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

  private final double slope;
  private final double[] radii;
  private final double[] kappa;
  private final double[] lead; // max_{j <= k} kappa_j e^{b g_j}, rounded down
  private final double top; // g_m

  private CurvatureProfile(double slope, double[] radii, double[] kappa) {
    this.slope = slope;
    this.radii = radii;
    this.kappa = kappa;
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
    Reals.nonNegative(slope, "slope");
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
    return new CurvatureProfile(slope, radii.clone(), kappa.clone());
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
   * assembled as {@code Sigma} of the sample with weights {@code mu_i e^{-diam_i g_k}} rounded
   * down (so the matrix of doubles is below the exact {@code K(g_k)} up to the assembly's
   * rounding, the status of {@code kappa+} in LEMMA-KAPPA-CERT) and certified by
   * LEMMA-KAPPA-CERT. The grid stops at the first point not certified positive.
   *
   * @param o the objective
   * @param s the sample
   * @param wStar w*
   * @param split the covered/uncovered split
   * @param kappaPlus the certified kappa+
   * @param top the largest radius of interest (D_perp)
   * @return the profile, or null when its grid would have fewer than two points after 0
   */
  @Theorem({"T-GA-ADAPT", "LEMMA-KAPPA-CERT"})
  static @Nullable CurvatureProfile certify(Objective o, Sample s, double[] wStar,
      CoveredSubspace split, double kappaPlus, double top) {
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
    double h = Math.max(MIN_SPACING, xTop / points);
    int m = Math.max(0, (int) Math.ceil(xTop / h));
    double[] radii = new double[m + 1];
    double[] kappa = new double[radii.length];
    int origin = 0;
    Indices.requireIndex(kappa, origin);
    kappa[origin] = kappaPlus;
    double[] weights = new double[diam.length];
    int used = 1;
    for (int k = 1; k < radii.length; k++) {
      Indices.requireIndex(kappa, k);
      double g = k * h / b;
      if (!(g > radii[k - 1])) {
        break;
      }
      for (int i = 0; i < weights.length; i++) {
        weights[i] = Down.mul(s.weight(i), Down.exp(-Up.mul(diam[i], g)));
      }
      double kk = split.kappaPlusCertified(o.covariance(new Weighted(f, weights), wStar));
      if (!(kk > 0)) {
        break;
      }
      radii[k] = g;
      kappa[k] = Math.min(kk, kappa[k - 1]);
      used = k + 1;
    }
    if (used - 1 < MIN_POINTS) {
      return null;
    }
    return of(Reals.nonNegative(b, "largest prompt diameter"), Arrays.copyOf(radii, used),
        Arrays.copyOf(kappa, used));
  }

  /**
   * The sample's prompts with weights {@code mu_i e^{-diam_i g}}: they sum to at most one, not to
   * one as a {@link PromptMeasure}'s do; only {@link Objective#covariance}, which is linear in the
   * weights, reads them.
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
        + Arrays.toString(kappa) + "}";
  }
}
