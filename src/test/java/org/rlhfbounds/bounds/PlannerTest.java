package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/** Examples of planning by bound inversion (proofs/PLAN.md). */
class PlannerTest {
  private static final Instance SPHERE = InstanceSpec.of(Family.SPHERE, 60, 5, 4, 0.5, 3L).finite();

  /**
   * Targets no bound can certify get a reason and no number: below the Hoeffding term at n =
   * N_MAX, SGA within a small step limit, and (at the predecessor of a plan) the coverage event
   * that the Chernoff bound cannot yet guarantee.
   */
  @Test
  void unreachableTargetsGiveAReasonNotANumber() {
    PlanConstants pc = PlanConstants.of(SPHERE);
    Planner.Plan tiny = Planner.plan(pc, Planner.Learner.GA, Planner.Quantity.GAP, 1e-9, 0.05);
    assertFalse(tiny.reachable());
    assertNull(tiny.point());
    assertNull(tiny.cheapest());
    String why = tiny.reason();
    assertNotNull(why);
    assertTrue(why.contains("search limits") && why.contains("> epsilon"), why);
    // the Hoeffding term alone at N_MAX is above 1e-9: the reason is the bound, not the search
    double h = Constants.hoeffding(pc.population().bound(), pc.population().thetaNorm(), Planner.N_MAX, 0.025);
    assertTrue(h > 1e-9, "H(N_MAX) = " + h);

    Planner.Plan sga =
        Planner.plan(pc, Planner.Learner.SGA, Planner.Quantity.EXCESS, 1e-6, 0.05, 4);
    assertFalse(sga.reachable());
    assertNotNull(sga.reason());
    assertTrue(sga.reason().contains("T <= 4"), sga.reason());

    Planner.Plan opt = Planner.plan(pc, Planner.Learner.OPTIMUM, Planner.Quantity.EXCESS, 1e-3, 0.05);
    assertTrue(opt.reachable(), opt::toString);
    Planner.Point before = opt.checks().get(0);
    assertNull(before.value(), before::toString);
    String r = before.reason();
    assertNotNull(r);
    assertTrue(r.startsWith("coverage: the matrix-Chernoff deflation"), r);
    assertEquals(0.0, pc.coverageLower(before.n(), 0.05));
    assertTrue(pc.coverageLower(before.n() + 1, 0.05) > 0);

    assertThrows(IllegalArgumentException.class,
        () -> Planner.plan(pc, Planner.Learner.SGA, Planner.Quantity.GAP, 0.1, 0.05,
            Planner.SGA_STEPS_LIMIT + 1));
    assertThrows(IllegalArgumentException.class,
        () -> Planner.plan(pc, Planner.Learner.GA, Planner.Quantity.GAP, Double.NaN, 0.05));
    assertThrows(IllegalArgumentException.class,
        () -> PlanConstants.of(InstanceSpec.of(Family.SPHERE, 60, 5, 4, 0.5, 3L).generative()));
  }

  /**
   * The cheapest pair equals the minimum of the cost over the whole frontier, computed by brute
   * force: T_min(n) by bisection for every n from the plan's n up to where even T_min(N_MAX)
   * steps cost more.
   */
  @Test
  void cheapestPairBeatsEveryPairOfTheFrontier() {
    PlanConstants pc = PlanConstants.of(SPHERE);
    double eps = 0.2;
    Planner.Plan plan = Planner.plan(pc, Planner.Learner.GA, Planner.Quantity.EXCESS, eps, 0.05);
    Planner.Point p = plan.point();
    assertNotNull(p);
    assertTrue(plan.cheapestExact());
    int tInf = smallestT(pc, Planner.N_MAX, eps);
    long best = Long.MAX_VALUE;
    for (int n = p.n(); Planner.cost(Planner.Learner.GA, n, tInf) < best; n++) {
      int t = smallestT(pc, n, eps);
      if (t >= 0) {
        best = Math.min(best, Planner.cost(Planner.Learner.GA, n, t));
      }
    }
    System.out.println("cheapest GA pair: " + plan.cheapest() + " cost " + plan.cheapestCost()
        + "; smallest n: " + p);
    assertEquals(best, plan.cheapestCost());
  }

  /** The smallest T <= 2^20 reaching eps at n, by plain bisection, or -1. */
  private static int smallestT(PlanConstants pc, int n, double eps) {
    int hi = 1 << 20;
    if (!at(pc, n, hi).reaches(eps)) {
      return -1;
    }
    int lo = -1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (at(pc, n, mid).reaches(eps)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  private static Planner.Point at(PlanConstants pc, int n, int t) {
    return Planner.evaluate(pc, Planner.Learner.GA, Planner.Quantity.EXCESS, 0.05, n, t);
  }

  /**
   * {@code Lambda1} bounds {@code lambda_max} of the exact covariance of every prompt at w*, not
   * of its rounded assembly: against a lower bound of the exact value (60 digits), the Rayleigh
   * quotient at the computed top eigenvector (d = 2), for d = 1 the entry itself. At d = 1 Gershgorin's
   * bound is the entry, so Gershgorin on the rounded assembly (the previous code) is below the
   * exact value whenever the assembly rounded down, on the prompt that decides the maximum.
   */
  @Test
  void promptCeilingBoundsTheExactPerPromptCovariance() {
    SplittableRandom r = new SplittableRandom(20261202L);
    Family[] families = {Family.SPHERE, Family.GAUSSIAN, Family.SPARSE, Family.NEAR_DEGENERATE};
    int checked = 0;
    for (int trial = 0; trial < 160; trial++) {
      Family fam = families[r.nextInt(families.length)];
      int d = 1 + r.nextInt(2);
      Instance inst = InstanceSpec.of(fam, 5 + r.nextInt(20), 2 + r.nextInt(4), d,
          0.2 + 3 * r.nextDouble(), r.nextLong()).finite();
      PlanConstants pc = PlanConstants.of(inst);
      FiniteDistribution pop = inst.finiteDistribution();
      double[] ws = inst.wStar();
      Objective o = Objective.of(inst);
      for (int i = 0; i < pop.prompts().size(); i++) {
        Sample one = Sample.ofIndices(pop, new int[] {i});
        BigDecimal[] s = CovarianceEnclosureProperties.exactCovariance(one, ws);
        DMatrixRMaj computed = o.covariance(one, ws);
        double[] c = computed.data;
        // the top eigenvector of a 2 x 2 symmetric matrix: angle atan2(2b, a - c) / 2
        double angle = d == 1 ? 0 : 0.5 * Math.atan2(2 * c[1], c[0] - c[3]);
        double[] v = d == 1 ? new double[] {1} : new double[] {Math.cos(angle), Math.sin(angle)};
        BigDecimal num = BigDecimal.ZERO;
        BigDecimal den = BigDecimal.ZERO;
        for (int j = 0; j < d; j++) {
          den = BigMath.add(den, BigMath.mul(BigMath.bd(v[j]), BigMath.bd(v[j])));
          for (int l = 0; l < d; l++) {
            num = BigMath.add(num,
                BigMath.mul(BigMath.mul(BigMath.bd(v[j]), s[j * d + l]), BigMath.bd(v[l])));
          }
        }
        BigDecimal rayleigh = BigMath.div(num, den);
        int prompt = i;
        String where = fam + " d=" + d + " trial " + trial;
        assertTrue(BigMath.atLeast(pc.promptCeiling(), rayleigh),
            () -> "Lambda1 = " + pc.promptCeiling() + " below the exact Rayleigh quotient "
                + rayleigh.round(BigMath.MC) + " of prompt " + prompt + " (" + where + ")");
        checked++;
      }
    }
    assertTrue(checked >= 1000, "only " + checked + " prompts checked");
  }
}
