package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.learners.PreferenceLearner;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.Preferences.PairPolicy;
import org.rlhfbounds.objective.PreferenceLoss;
import org.rlhfbounds.objective.PreferencePopulation;
import org.rlhfbounds.testkit.quicktheories.Gens;

/**
 * Properties of the preference bounds (proofs/T-PREF-STAB.md, proofs/T-PREF-MLE.md,
 * proofs/L-DPO-MLE.md): deterministic statements on every example, the high-probability one by its
 * violation frequency.
 */
class PreferenceBoundProperties {
  record Case(Instance inst, Preferences data, double lambda, PairPolicy policy, long seed) {
    Features prompts() {
      return inst.finiteDistribution().prompts();
    }

    PreferenceLoss loss() {
      return PreferenceLoss.of(data, prompts(), lambda);
    }
  }

  static Case randomCase(long seed, int nMax) {
    SplittableRandom r = new SplittableRandom(seed);
    Family fam = r.nextBoolean() ? Family.SPHERE : Family.GAUSSIAN;
    int d = 1 + r.nextInt(4);
    int k = 2 + r.nextInt(4);
    int m = 2 + r.nextInt(12);
    Instance inst = InstanceSpec.of(fam, m, k, d, 0.3 + r.nextDouble(), r.nextLong()).finite();
    int n = 1 + r.nextInt(nMax);
    PairPolicy pol = r.nextBoolean() ? PairPolicy.UNIFORM : PairPolicy.REFERENCE;
    double lambda = Math.exp(Math.log(0.01) + r.nextDouble() * Math.log(100));
    long dataSeed = r.nextLong();
    return new Case(inst, Preferences.generate(inst, n, pol, dataSeed), lambda, pol, dataSeed);
  }

  static double distance(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return Math.sqrt(s);
  }

  static PreferenceLearner.Fit newton(Case c, PreferenceLoss loss) {
    return PreferenceLearner.mle(loss, c.inst().wRef(), c.inst().beta(), 0, 100);
  }

  /**
   * L-DPO-MLE item 2, on every example: at a point part-way to the optimum (a few DPO-GA steps),
   * the certified radius is at least the distance to the optimum (Newton to the floating-point
   * floor; its own certified radius added as the tolerance).
   */
  @Test
  void certificateEnclosesTheOptimum() {
    Gens.qt(0xA101L)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed, 80);
              PreferenceLoss loss = c.loss();
              PreferenceLearner.Fit opt = newton(c, loss);
              double tol = PreferenceCertificate.radius(loss, opt.theta());
              int steps = new SplittableRandom(seed).nextInt(30);
              PreferenceLearner.Fit part =
                  PreferenceLearner.dpo(loss, c.inst().wRef(), c.inst().beta(),
                      PreferenceLearner.Method.DPO_GA, steps, 0);
              double r = PreferenceCertificate.radius(loss, part.theta());
              double dist = distance(part.theta(), opt.theta());
              assertTrue(dist <= r + tol, () -> "distance " + dist + " > radius " + r + " " + c);
            });
  }

  /**
   * T-PREF-STAB item 1, on every example: replacing one comparison by a fresh one (another prompt,
   * pair and label) moves theta_hat by at most 2G/(lambda N) (plus both certified radii).
   */
  @Test
  void argumentStabilityHoldsOnEveryReplacement() {
    Gens.qt(0xA102L)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed, 60);
              Preferences other = Preferences.generate(c.inst(), 1, c.policy(), seed ^ 0x77L);
              SplittableRandom r = new SplittableRandom(seed);
              int i = r.nextInt(c.data().size());
              int[] p = c.data().prompts();
              int[] a = c.data().first();
              int[] b = c.data().second();
              int[] y = c.data().labels();
              p[i] = other.prompts()[0];
              a[i] = other.first()[0];
              b[i] = other.second()[0];
              y[i] = other.labels()[0];
              Preferences swapped = Preferences.of(p, a, b, y, c.prompts());
              PreferenceLoss l1 = c.loss();
              PreferenceLoss l2 = PreferenceLoss.of(swapped, c.prompts(), c.lambda());
              PreferenceLearner.Fit f1 = newton(c, l1);
              PreferenceLearner.Fit f2 = newton(c, l2);
              double tol =
                  PreferenceCertificate.radius(l1, f1.theta())
                      + PreferenceCertificate.radius(l2, f2.theta());
              double g = Constants.featureDiameter(c.prompts());
              BoundResult res = PreferenceStabilityTheorem.argument(g, c.lambda(), c.data().size());
              double moved = distance(f1.theta(), f2.theta());
              assertTrue(moved <= res.requireValue() + tol,
                  () -> "moved " + moved + " > " + res.requireValue() + " " + c);
            });
  }

  /**
   * T-PREF-STAB item 4 by violation frequency: on 4 fixed instances, 150 data sets each, the
   * fraction of data sets whose measured |R - R_S| at the fitted theta exceeds the bound at delta =
   * 0.2 is at most delta plus 3 binomial standard deviations (sqrt(delta (1 - delta) / runs)).
   */
  @Test
  void lossGapViolationsAreRare() {
    double delta = 0.2;
    int runs = 150;
    for (long s = 1; s <= 4; s++) {
      Case base = randomCase(0xB000L + s, 40);
      int violations = 0;
      for (int k = 0; k < runs; k++) {
        Preferences data = Preferences.generate(base.inst(), base.data().size(), base.policy(),
            0xC000L * s + k);
        PreferenceLoss loss = PreferenceLoss.of(data, base.prompts(), base.lambda());
        PreferenceLearner.Fit fit =
            PreferenceLearner.mle(loss, base.inst().wRef(), base.inst().beta(), 0, 100);
        double r = PreferenceCertificate.radius(loss, fit.theta());
        double gap = Math.abs(PreferencePopulation.risk(base.inst(), base.policy(), fit.theta())
            - loss.empiricalRisk(fit.theta()));
        BoundResult b = PreferenceStabilityTheorem.lossGap(
            Constants.featureDiameter(base.prompts()), base.lambda(), data.size(), delta, r);
        if (gap > b.requireValue()) {
          violations++;
        }
      }
      double allowed = delta + 3 * Math.sqrt(delta * (1 - delta) / runs);
      int v = violations;
      assertTrue(v <= allowed * runs, () -> v + " violations of " + runs + " > " + allowed);
    }
  }

  /**
   * Rounding, on every example: each value of T-PREF-STAB is at least its formula evaluated in
   * 60-digit decimal arithmetic.
   */
  @Test
  void boundsRoundUp() {
    Gens.qt(0xA104L)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double g = 4 * r.nextDouble();
              double lambda = Math.exp(-6 + 8 * r.nextDouble());
              int n = 1 + r.nextInt(100_000);
              double delta = 0.001 + 0.9 * r.nextDouble();
              double rad = r.nextBoolean() ? 0 : r.nextDouble();
              double th = 3 * r.nextDouble();
              BigDecimal bg = BigMath.bd(g);
              BigDecimal bl = BigMath.bd(lambda);
              BigDecimal bn = BigMath.bd((long) n);
              BigDecimal two = BigMath.bd(2L);
              BigDecimal alpha = BigMath.div(BigMath.mul(two, bg), BigMath.mul(bl, bn));
              BigDecimal gamma = BigMath.mul(bg, alpha);
              BigDecimal ln2 = BigMath.ln(two);
              BigDecimal rl = BigMath.sqrt(BigMath.div(BigMath.mul(two, ln2), bl));
              BigDecimal m = BigMath.add(BigMath.mul(bg, rl), ln2);
              BigDecimal spread = BigMath.sqrt(BigMath.div(
                  BigMath.ln(BigMath.div(two, BigMath.bd(delta))), BigMath.mul(two, bn)));
              BigDecimal gap = BigMath.add(BigMath.add(gamma,
                  BigMath.mul(BigMath.add(BigMath.mul(BigMath.mul(two, bn), gamma), m), spread)),
                  BigMath.mul(BigMath.mul(two, bg), BigMath.bd(rad)));
              BigDecimal pol = BigMath.mul(BigMath.div(BigMath.mul(BigMath.mul(bg, bg),
                  BigMath.add(rl, BigMath.bd(th))), BigMath.bd(4L)), alpha);
              double va = PreferenceStabilityTheorem.argument(g, lambda, n).requireValue();
              double vg = PreferenceStabilityTheorem.lossGap(g, lambda, n, delta, rad).requireValue();
              double vp = PreferenceStabilityTheorem.policyGap(g, g, lambda, n, th).requireValue();
              assertTrue(BigMath.atLeast(va, alpha), () -> "alpha " + va + " < " + alpha);
              assertTrue(BigMath.atLeast(vg, gap), () -> "gap " + vg + " < " + gap);
              assertTrue(BigMath.atLeast(vp, pol), () -> "policy " + vp + " < " + pol);
            });
  }

  /** T-PREF-MLE on every example: never a number, and the failed assumption names the constant. */
  @Test
  void mleConsistencyIsNeverANumber() {
    Gens.qt(0xA105L)
        .withExamples(200)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed, 50);
              PreferenceLoss loss = c.loss();
              PreferenceLearner.Fit fit = newton(c, loss);
              for (BoundResult b :
                  PreferenceBounds.evaluate(c.inst(), c.data(), c.policy(), loss, fit, 0.05)) {
                if (b.id().equals(PreferenceMleTheorem.ID)) {
                  assertFalse(b.applicable(), b::toString);
                  assertTrue(b.failedAssumptions().stream().anyMatch(x -> x.name().equals("constant")),
                      b::toString);
                } else {
                  assertTrue(b.applicable(), b::toString);
                }
              }
            });
  }

  /**
   * Coverage for preferences, on every example: the certified lower bound is {@code <=} the
   * smallest eigenvalue of Sigma_D (symmetric eigen-solver, less a 1e-12 relative allowance for the
   * solver).
   */
  @Test
  void sigmaDCertificateIsBelowTheSmallestEigenvalue() {
    Gens.qt(0xA106L)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              Case c = randomCase(seed, 100);
              PreferenceLoss loss = c.loss();
              double cert = PreferenceCertificate.sigmaDLowerBound(loss);
              DMatrixRMaj s = loss.sigmaD();
              EigenDecomposition_F64<DMatrixRMaj> eig =
                  DecompositionFactory_DDRM.eig(s.numRows, false, true);
              assertTrue(eig.decompose(s.copy()));
              double min = Double.POSITIVE_INFINITY;
              double max = 0;
              for (int j = 0; j < eig.getNumberOfEigenvalues(); j++) {
                min = Math.min(min, eig.getEigenvalue(j).getReal());
                max = Math.max(max, eig.getEigenvalue(j).getReal());
              }
              double lo = min;
              assertTrue(cert >= 0 && cert <= lo + 1e-12 * max, () -> cert + " > " + lo);
            });
  }
}
