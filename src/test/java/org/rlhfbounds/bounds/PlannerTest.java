package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
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
}
