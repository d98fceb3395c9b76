package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The high-probability statements of PLAN (proofs/PLAN.md) as frequencies over seeded samples:
 * the violation count must stay below the 99.9% binomial quantile at the stated failure
 * probability ({@link Frequencies#allowedViolations}).
 */
class PlanFrequencyTest {
  private static final int TRIALS = 400;
  private static final Instance INST = InstanceSpec.of(Family.SPHERE, 200, 6, 10, 0.5, 7L).finite();

  /**
   * Step 1: at several n, the sample's coverage on the population's R falls to or below the
   * Chernoff bound kappa_lo(n) in at most delta_c of the samples (plus the binomial margin).
   */
  @Test
  void coverageEventFailsAtMostDeltaPlusMargin() {
    PlanConstants pc = PlanConstants.of(INST);
    FiniteDistribution pop = INST.finiteDistribution();
    assertNotNull(pop);
    Objective o = Objective.of(INST);
    CoveredSubspace split = CoveredSubspace.of(o, pop);
    double[] wStar = INST.wStar();
    double deltaC = 0.3;
    int first = 1;
    while (pc.coverageLower(first, deltaC) <= 0) {
      first++;
    }
    int[] sizes = {first, 2 * first, 8 * first};
    SplittableRandom rng = new SplittableRandom(0xC0FFEEL);
    for (int n : sizes) {
      double lo = pc.coverageLower(n, deltaC);
      int violations = 0;
      double smallest = Double.POSITIVE_INFINITY;
      for (int k = 0; k < TRIALS; k++) {
        Sample s = pop.sample(n, rng.split());
        DMatrixRMaj sigma = o.covariance(s, wStar);
        double kappa = split.kappaPlusComputed(sigma);
        smallest = Math.min(smallest, kappa);
        if (!(kappa > lo)) {
          violations++;
        }
      }
      System.out.printf(java.util.Locale.ROOT,
          "coverage at n = %d: kappa_lo = %.4g, smallest sample kappa+ = %.4g, kappa_D = %.4g%n",
          n, lo, smallest, pc.kappaPopulation());
      Frequencies.assertBelowQuantile("coverage event at n = " + n, new double[] {deltaC},
          new int[] {violations}, TRIALS);
    }
  }

  /**
   * Two prompts whose optimal values f(w*; x) are about +0.97 and -0.93 (d = 1, theta* = 1, beta =
   * 0.05, candidates {1, 0.9} and {-1, -0.9}): the middle term is a mean of nearly extreme values
   * of the range [-B ||theta*||, B ||theta*||], the case where Hoeffding's term is nearly attained.
   */
  static Instance twoPoint() {
    Features f = Features.uniform(new double[] {1.0, 0.9, -1.0, -0.9}, 2, 2, 1, "features");
    return Instance.of(0.05, new double[] {1.0}, new double[] {0.0}, 1.0,
        FiniteDistribution.uniform(f));
  }

  /**
   * Item 1 for the exact empirical optimum: at the planned n, |F(w_S) - F_S(w_S)| exceeds epsilon
   * in at most delta of the samples (plus the binomial margin), on a population where the bound is
   * nearly attained.
   */
  @Test
  void plannedGapOfTheExactOptimumHoldsAtTheStatedFrequency() {
    Instance inst = twoPoint();
    PlanConstants pc = PlanConstants.of(inst);
    FiniteDistribution pop = inst.finiteDistribution();
    assertNotNull(pop);
    Objective o = Objective.of(inst);
    double[] wStar = inst.wStar();
    double[] w0 = inst.wRef();
    double delta = 0.3;
    double eps = 0.1;
    Planner.Plan plan = Planner.plan(pc, Planner.Learner.OPTIMUM, Planner.Quantity.GAP, eps, delta);
    Planner.Point p = plan.point();
    assertNotNull(p, plan::toString);
    SplittableRandom rng = new SplittableRandom(0xBEEFL);
    int violations = 0;
    double worst = 0;
    for (int k = 0; k < TRIALS; k++) {
      Sample s = pop.sample(p.n(), rng.split());
      CoveredSubspace cs = CoveredSubspace.of(o, s);
      double[] e0 = new double[w0.length];
      for (int j = 0; j < e0.length; j++) {
        e0[j] = w0[j] - wStar[j];
      }
      double[] kern = cs.kernelPart(e0);
      double[] w = wStar.clone();
      for (int j = 0; j < w.length; j++) {
        w[j] += kern[j];
      }
      double gap = Math.abs(o.value(pop, w) - o.value(s, w));
      worst = Math.max(worst, gap);
      if (gap > eps) {
        violations++;
      }
    }
    System.out.printf(java.util.Locale.ROOT,
        "exact optimum at the planned n = %d: largest |gap| %.4g, epsilon %.4g%n", p.n(), worst, eps);
    Frequencies.assertBelowQuantile("planned gap of the exact optimum", new double[] {delta},
        new int[] {violations}, TRIALS);
    assertTrue(worst > 0, "the gap was measured");
  }
}
