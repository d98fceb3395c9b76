package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;

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
   * g_k} (an exact split, {@code mu = 0}; {@link CurvatureProfileCertifier#certify} computes it by the second-order bound of
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
   * Whether any second-order bound is positive (they hold for an exact split only, {@code mu =
   * 0}; {@link BoundInputs} rejects them with a positive leakage).
   *
   * @return whether {@code local_k > 0} for some k
   */
  public boolean secondOrder() {
    for (double v : local) {
      if (v > 0) {
        return true;
      }
    }
    return false;
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

  @Override
  public String toString() {
    return "CurvatureProfile{slope=" + slope + ", radii=" + Arrays.toString(radii) + ", kappa="
        + Arrays.toString(kappa) + ", local=" + Arrays.toString(local) + "}";
  }
}
