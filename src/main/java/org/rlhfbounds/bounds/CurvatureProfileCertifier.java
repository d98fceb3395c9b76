package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.Probability;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The certification of T-GA-ADAPT's {@link CurvatureProfile} (proofs/T-GA-ADAPT.md, "Its
 * certification" and "Second-order bound"): the grid of radii, the matrices {@code K(g_k)} with
 * each sampled prompt's probability-ratio bound {@code c_i(g_k)}, their smallest eigenvalues on the
 * covered part by LEMMA-KAPPA-CERT, and, for an exact split, the second-order bounds with the
 * sample's third-moment tensor. Thread-safe: stateless.
 */
final class CurvatureProfileCertifier {
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

  private CurvatureProfileCertifier() {}

  /**
   * Certifies a profile for a sample at {@code w*} on the covered part of {@code split}: the grid
   * is uniform in logit range {@code b g}, from 0 to {@code min(b top, 30)} in at most 64 steps of
   * at least 0.05, within a work budget of {@code 2^33} multiply-adds; each {@code K(g_k)} is
   * enclosed ({@link CovarianceEnclosure}) as {@code Sigma} of the sample with weights {@code mu_i
   * c_i(g_k)} rounded down (a matrix below the exact {@code K(g_k)}) and certified by
   * LEMMA-KAPPA-CERT on the enclosure ({@link CoveredSubspace#kappaPlusCertified}). The grid stops at the first point not certified positive.
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
   * @param sigmaStar the enclosure of {@code Sigma_S(w*)}
   * @param leakage the split's sample leakage mu (the second-order bounds need 0)
   * @return the profile, or null when its grid would have fewer than two points after 0
   */
  @Theorem({"T-GA-ADAPT", "LEMMA-KAPPA-CERT"})
  static @Nullable CurvatureProfile certify(Objective o, Sample s, double[] wStar,
      CoveredSubspace split, double kappaPlus, double top, CovarianceEnclosure sigmaStar,
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
    double mNorm = second ? thirdMomentNorm(o, f, s, wStar) : Double.NaN;
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
      double kk = split.kappaPlusCertified(
          CovarianceEnclosure.of(new Weighted(f, weights), wStar, o.threads()));
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
    return CurvatureProfile.of(Reals.nonNegative(b, "largest prompt diameter"), Arrays.copyOf(radii, used),
        Arrays.copyOf(kappa, used), Arrays.copyOf(local, used));
  }

  /**
   * The second-order bound at radius g (0 when it is not positive or some {@code psi(diam_i g) /
   * 2 > 1}), rounded down: the certified {@code lambda_min} on R of {@code Sigma_S(w*) - A},
   * {@code A} assembled with the weights {@code mu_i psi(diam_i g) / 2} rounded up, less the
   * enclosure's radius (the difference of the two enclosures, {@link CovarianceEnclosure#minus})
   * and {@code ||M||_F g}.
   */
  private static double secondOrder(Objective o, Sample s, double[] wStar, CoveredSubspace split,
      CovarianceEnclosure sigmaStar, double[] diam, double g, double mNorm, double[] weights) {
    for (int i = 0; i < weights.length; i++) {
      Indices.requireIndex(diam, i);
      double x = Up.mul(diam[i], g);
      double psi = Up.sub(Up.sub(Up.exp(x), 1), x);
      weights[i] = Up.mul(s.weight(i), Up.div(psi, 2));
      if (!(weights[i] <= s.weight(i))) {
        return 0;
      }
    }
    CovarianceEnclosure a =
        CovarianceEnclosure.of(new Weighted(s.prompts(), weights), wStar, o.threads());
    double cert = split.kappaPlusCertified(sigmaStar.minus(a));
    double v = Down.sub(cert, Up.mul(mNorm, g));
    return v > 0 ? v : 0;
  }

  /**
   * An upper bound of the Frobenius norm of the sample's third central moment tensor at w, {@code
   * M = sum_i mu_i sum_a p_ia c_ia (x) c_ia (x) c_ia} ({@code c_ia} the centred features, {@code
   * p_ia = pi_w(a|x_i)}), which bounds {@code |M[v, v, e]| <= ||M||_F ||e||} for unit v: its
   * Frobenius norm summed upward, plus {@code gamma ||M_abs||_F} for the rounding of the sums
   * ({@code gamma = (rows + d + K + 16) 2^-52}, rounded up). The probabilities ({@link
   * Objective#probabilities}) and centred rows are computed in floating point; their own rounding
   * (of relative size about {@code (K + d) 2^-53}) is not enclosed (proofs/T-GA-ADAPT.md).
   */
  private static double thirdMomentNorm(
      Objective o, Features f, PromptMeasure m, double[] w) {
    int d = f.dim();
    double[] t = new double[Math.max(0, d * d * d)];
    double[] tabs = new double[t.length];
    double[] data = f.data();
    int maxK = Math.max(0, f.maxCandidates());
    double[] c = new double[Math.max(0, maxK * d)];
    double[] mean = new double[Math.max(0, d)];
    for (int i = 0; i < f.size(); i++) {
      int k = Math.min(f.candidates(i), maxK);
      int row0 = f.rowOffset(i);
      double[] pi = o.probabilities(f, i, w);
      Arrays.fill(mean, 0);
      for (int a = 0; a < k && a < pi.length; a++) {
        for (int j = 0; j < mean.length; j++) {
          int at = (row0 + a) * d + j;
          Indices.requireIndex(data, at);
          mean[j] += pi[a] * data[at];
        }
      }
      double mu = m.weight(i);
      for (int a = 0; a < k && a < pi.length; a++) {
        for (int j = 0; j < mean.length; j++) {
          int at = (row0 + a) * d + j;
          int aj = a * d + j;
          Indices.requireIndex(data, at);
          Indices.requireIndex(c, aj);
          c[aj] = data[at] - mean[j];
        }
        double coef = mu * pi[a];
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
   * factor {@code e^{-mu q}} is the theorem's): the upper ends of T-POST's enclosures of the
   * probabilities at the computed w* ({@link PosteriorCertificate#policy}), the distances rounded
   * up ({@link Constants#featureDistance}). Each prompt's {@code K x K} distances and {@code K}
   * upper probabilities are kept.
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
      double[][] prob = new double[n][];
      double[][] dist = new double[n][];
      for (int i = 0; i < n; i++) {
        int k = f.candidates(i);
        Enclosure[] policy = PosteriorCertificate.policy(f, i, w);
        double[] p = new double[k];
        double[] dd = new double[k * k];
        for (int a = 0; a < k; a++) {
          Indices.requireIndex(policy, a);
          p[a] = policy[a].hi();
          for (int b = a + 1; b < k; b++) {
            int ab = a * k + b;
            int ba = b * k + a;
            Indices.requireIndex(dd, ab);
            Indices.requireIndex(dd, ba);
            dd[ab] = Constants.featureDistance(f, i, a, b);
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
}
