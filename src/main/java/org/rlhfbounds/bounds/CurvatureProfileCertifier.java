package org.rlhfbounds.bounds;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
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
   * psi(diam_i g_k) / 2 Sigma_{x_i}(w*)) - sigma_M g_k} on R ({@code psi(x) = e^x - 1 - x},
   * {@code sigma_M >= sup |M[v, v, e]|} over unit v and e, M the sample's third central moment
   * tensor at w*: {@link #thirdMomentBound}), while every {@code psi / 2 <= 1}.
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
    double[] scratch = f.rowScratch();
    for (int i = 0; i < diam.length; i++) {
      diam[i] = Constants.promptDiameter(PromptRows.of(f, i, scratch));
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
    boolean withRatios = (long) f.rows() * f.maxCandidates() * d <= RATIO_BUDGET;
    // T-POST's enclosures of pi_w*(.|x_i), read by the ratios and by the third-moment bound
    Enclosure[][] policies = second || withRatios ? policies(f, wStar) : new Enclosure[0][];
    double mNorm = second ? thirdMomentBound(f, s, policies) : Double.NaN;
    Ratios ratios = withRatios ? Ratios.of(f, policies) : null;
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
   * and {@code sigma_M g}.
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
   * An upper bound of {@code sup |M[v, v, e]|} over unit v and e, M the sample's exact third
   * central moment tensor at w, {@code M = sum_i mu_i sum_a pi_ia (phi_ia - m_i)^{(x)3}} ({@code
   * pi_ia = pi_w(a|x_i)}, {@code m_i} its mean). The tensor {@code t} is computed in floating point from
   * the probabilities {@code p_ia}, the midpoints of T-POST's enclosures of them ({@link
   * PosteriorCertificate#policy}), and rows centred at the computed means {@code c_i}; the bound
   * is the sum of three parts, all rounded up:
   *
   * <ul>
   *   <li>{@code min(||t||_F, ||U||_2)}, U the {@code d^2 x d} unfolding of t ({@link
   *       #unfoldingNormUpper});
   *   <li>{@code gamma ||t_abs||_F}, {@code gamma = (rows + d + K + 16) 2^-52}: t against the
   *       tensor {@code sum_i mu_i sum_a p_ia (phi_ia - c_i)^{(x)3}} of the same doubles in exact
   *       arithmetic, with the exact weights (the weight's double, three roundings of the centred
   *       rows, four products, the sums);
   *   <li>{@code sum_i mu_i (sum_a rho_ia D_ia^3 + 3 T_i Delta_i + Delta_i^3)}: that tensor against
   *       M, with {@code rho_ia >= |pi_ia - p_ia|} the radii of those enclosures, {@code D_ia >=
   *       ||phi_ia - c_i||}, {@code Delta_i >= ||m_i - c_i||} (the mean enclosed from the same
   *       enclosures) and {@code T_i = sum_a
   *       hi(pi_ia) D_ia^2 >= tr Sigma_{x_i}(w) >= lambda_max} (proofs/T-GA-ADAPT.md,
   *       "Second-order bound").
   * </ul>
   */
  /**
   * T-POST's enclosures of {@code pi_w(.|x_i)} for every prompt ({@link
   * PosteriorCertificate#policy}).
   */
  static Enclosure[][] policies(Features f, double[] w) {
    Enclosure[][] out = new Enclosure[f.size()][];
    double[] scratch = f.rowScratch();
    for (int i = 0; i < out.length; i++) {
      out[i] = PosteriorCertificate.policy(f, i, w, scratch);
    }
    return out;
  }

  @Theorem("T-GA-ADAPT")
  static double thirdMomentBound(Features f, PromptMeasure m, Enclosure[][] policies) {
    int d = f.dim();
    double[] t = new double[Math.max(0, d * d * d)];
    double[] tabs = new double[t.length];
    double[] scratch = f.rowScratch();
    int maxK = Math.max(0, f.maxCandidates());
    double[] c = new double[Math.max(0, maxK * d)];
    double[] mean = new double[Math.max(0, d)];
    double allowance = 0;
    for (int i = 0; i < f.size(); i++) {
      int k = Math.min(f.candidates(i), maxK);
      double[] data = f.promptRows(i, scratch);
      int row0 = f.firstRow(i);
      Indices.requireIndex(policies, i);
      Enclosure[] pol = policies[i];
      double[] pi = new double[pol.length];
      for (int a = 0; a < pi.length; a++) {
        Indices.requireIndex(pol, a);
        pi[a] = pol[a].mid();
      }
      Arrays.fill(mean, 0);
      for (int a = 0; a < k && a < pi.length; a++) {
        for (int j = 0; j < mean.length; j++) {
          int at = (row0 + a) * d + j;
          Indices.requireIndex(data, at);
          mean[j] += pi[a] * data[at];
        }
      }
      double mu = m.weight(i);
      allowance = Up.add(allowance, Up.mul(mu, inputAllowance(f, i, data, row0, pol, pi, mean)));
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
    double computed = Math.min(Up.sqrt(fro), unfoldingNormUpper(t, d));
    return Up.add(Up.add(computed, Up.mul(gamma, Up.sqrt(abs))), allowance);
  }

  /**
   * For one prompt, {@code sum_a rho_a D_a^3 + 3 T Delta + Delta^3} of {@link #thirdMomentBound},
   * rounded up: the distance, in {@code sup |.[v, v, e]|} over unit v and e, of {@code sum_a p_a
   * (phi_a - c)^{(x)3}} (computed probabilities p, computed mean c) from the exact {@code sum_a
   * pi_a (phi_a - m)^{(x)3}}; prompt {@code i}'s rows are read from {@code data} at row {@code row0}
   * on ({@link Features#promptRows}).
   */
  private static double inputAllowance(
      Features f, int i, double[] data, int row0, Enclosure[] pol, double[] p, double[] c) {
    int d = f.dim();
    int k = Math.min(Math.min(f.candidates(i), p.length), pol.length);
    double[] lo = new double[Math.max(0, d)];
    double[] hi = new double[Math.max(0, d)];
    double cubes = 0;
    double trace = 0;
    for (int a = 0; a < k; a++) {
      Indices.requireIndex(pol, a);
      Indices.requireIndex(p, a);
      Enclosure e = pol[a];
      double squares = 0;
      for (int j = 0; j < d && j < c.length && j < lo.length && j < hi.length; j++) {
        int at = (row0 + a) * d + j;
        Indices.requireIndex(data, at);
        double x = data[at];
        double diff = x - c[j];
        squares += diff * diff;
        // the mean's coordinate m_j = sum_a pi_a x_aj enclosed with pi_a in [lo, hi]
        lo[j] = Down.add(lo[j], x >= 0 ? Down.mul(e.lo(), x) : Down.mul(e.hi(), x));
        hi[j] = Up.add(hi[j], x >= 0 ? Up.mul(e.hi(), x) : Up.mul(e.lo(), x));
      }
      // ||phi_a - c||^2 from rounded differences, bounded a priori
      double sq = Constants.sumOfSquaresUp(squares, d, 1);
      double dA = Up.sqrt(sq);
      double rho = Math.max(Math.max(Up.sub(e.hi(), p[a]), Up.sub(p[a], e.lo())), 0);
      cubes = Up.add(cubes, Up.mul(rho, Up.mul(dA, Up.mul(dA, dA))));
      trace = Up.add(trace, Up.mul(Math.max(e.hi(), 0), sq));
    }
    double shift = 0;
    for (int j = 0; j < d && j < c.length && j < lo.length && j < hi.length; j++) {
      double dj = Math.max(Math.max(Up.sub(hi[j], c[j]), Up.sub(c[j], lo[j])), 0);
      shift = Up.add(shift, Up.mul(dj, dj));
    }
    double delta = Up.sqrt(shift);
    double v = Up.add(cubes, Up.mul(3, Up.mul(trace, delta)));
    v = Up.add(v, Up.mul(delta, Up.mul(delta, delta)));
    return v >= 0 ? v : Double.POSITIVE_INFINITY;
  }

  /**
   * An upper bound of the spectral norm of the {@code d^2 x d} unfolding {@code U} of a computed
   * tensor t ({@code U[(j d + l), q] = t[j, l, q]}), which bounds {@code |t[v, v, e]| =
   * |vec(v v^T)^T U e| <= ||U||_2} for unit v and e. {@code ||U||_2^2 = lambda_max(G)}, {@code G =
   * U^T U}: each entry {@code G_qr} is summed in floating point ({@code Gh}) and is within {@code
   * E_qr = 2 gamma_{d^2 + 1} sum_p |U_pq U_pr|} of the exact one (the sum's rounding, with room
   * for the rounding of the absolute sum itself). The bound is the smaller of the square roots of
   * Gershgorin's bound on {@code |Gh| + E} and of a level {@code t} slightly above the computed
   * {@code lambda_max(Gh)} for which Rump's test (LEMMA-KAPPA-CERT, {@link
   * VerifiedSpd#certifiesAbove}) proves {@code lambda_min(t I - Gh) > ||E||_F}, hence {@code
   * lambda_max(G) < t}; all rounded up.
   */
  @Theorem("T-GA-ADAPT")
  static double unfoldingNormUpper(double[] t, int d) {
    int dd = d * d;
    double widen = Up.mul(2, Constants.gamma((double) dd + 1));
    double[] gh = new double[Math.max(0, d * d)];
    double[] err = new double[Math.max(0, d * d)];
    for (int q = 0; q < d; q++) {
      for (int r = q; r < d; r++) {
        double g = 0;
        double gabs = 0;
        for (int p = 0; p < dd; p++) {
          int pq = p * d + q;
          int pr = p * d + r;
          Indices.requireIndex(t, pq);
          Indices.requireIndex(t, pr);
          double x = t[pq] * t[pr];
          g += x;
          gabs += Math.abs(x);
        }
        int qr = q * d + r;
        int rq = r * d + q;
        Indices.requireIndex(gh, qr);
        Indices.requireIndex(gh, rq);
        Indices.requireIndex(err, qr);
        Indices.requireIndex(err, rq);
        gh[qr] = g;
        gh[rq] = g;
        err[qr] = Up.mul(widen, gabs);
        err[rq] = err[qr];
      }
    }
    double worst = 0;
    double errF = 0;
    for (int q = 0; q < d; q++) {
      double row = 0;
      for (int r = 0; r < d; r++) {
        int qr = q * d + r;
        Indices.requireIndex(gh, qr);
        Indices.requireIndex(err, qr);
        row = Up.add(row, Up.add(Math.abs(gh[qr]), err[qr]));
        errF = Up.add(errF, Up.mul(err[qr], err[qr]));
      }
      worst = Math.max(worst, row);
    }
    double bound = Up.sqrt(worst);
    if (!(d >= 1) || !(worst > 0) || !Double.isFinite(worst)) {
      return bound;
    }
    errF = Up.sqrt(errF);
    if (!Double.isFinite(errF)) {
      return bound;
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
    if (!eig.decompose(DMatrixRMaj.wrap(d, d, gh.clone()))) {
      return bound;
    }
    double top = 0;
    for (int q = 0; q < d; q++) {
      top = Math.max(top, eig.getEigenvalue(q).getReal());
    }
    double[] shifted = new double[Math.max(0, d * d)];
    for (double f : new double[] {1 + 0x1p-20, 1.001, 1.01, 1.1}) {
      double level = Up.add(Up.mul(top, f), errF);
      if (!(level < worst)) {
        break;
      }
      for (int q = 0; q < d; q++) {
        for (int r = 0; r < d; r++) {
          int qr = q * d + r;
          Indices.requireIndex(gh, qr);
          Indices.requireIndex(shifted, qr);
          // the diagonal rounded down: the stored matrix is below level I - Gh
          shifted[qr] = q == r ? Down.sub(level, gh[qr]) : -gh[qr];
        }
      }
      if (VerifiedSpd.certifiesAbove(shifted, d, Reals.nonNegative(errF, "||E||_F"))) {
        return Math.min(bound, Up.sqrt(level));
      }
    }
    return bound;
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

    static Ratios of(Features f, Enclosure[][] policies) {
      int n = f.size();
      double[][] prob = new double[n][];
      double[][] dist = new double[n][];
      double[] scratch = f.rowScratch();
      for (int i = 0; i < n; i++) {
        int k = f.candidates(i);
        Indices.requireIndex(policies, i);
        Enclosure[] policy = policies[i];
        PromptRows pr = PromptRows.of(f, i, scratch);
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
            dd[ab] = Constants.featureDistance(pr, a, b);
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
