package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Properties of planning by bound inversion (proofs/PLAN.md). */
class PlannerProperties {
  private static final int EXAMPLES = 60;

  /**
   * The returned (n, T) reaches epsilon; (n - 1, T), (n - 1, T_max) and (n, T - 1) do not, nor do
   * randomly chosen smaller n (at T_max) and smaller T (at n) when the bounds are monotone in T;
   * an unreachable plan gives a reason and no point, and the limits indeed fail.
   */
  @Test
  void returnedPointReachesEpsilonAndItsPredecessorsDoNot() {
    AtomicInteger reached = new AtomicInteger();
    AtomicInteger unreachable = new AtomicInteger();
    BoundGens.qt(0x91A0L, EXAMPLES)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              PlanCases.Problem pr = PlanCases.problem(seed);
              Planner.Plan plan = pr.plan();
              int tMax = pr.learner() == Planner.Learner.OPTIMUM ? 0 : pr.stepsMax();
              if (!plan.reachable()) {
                unreachable.incrementAndGet();
                assertNull(plan.point(), pr::toString);
                assertNotNull(plan.reason(), pr::toString);
                assertFalse(pr.at(Planner.N_MAX, tMax).reaches(pr.epsilon()), pr::toString);
                return;
              }
              reached.incrementAndGet();
              Planner.Point p = plan.point();
              assertNotNull(p, pr::toString);
              assertNull(plan.reason(), pr::toString);
              int n = p.n();
              int t = p.steps();
              assertTrue(pr.at(n, t).reaches(pr.epsilon()), () -> pr + " " + p);
              assertEquals(PlanCases.value(pr.at(n, t)), PlanCases.value(p), () -> pr + " " + p);
              if (n > 1) {
                assertFalse(pr.at(n - 1, t).reaches(pr.epsilon()), () -> pr + " " + p);
                assertFalse(pr.at(n - 1, tMax).reaches(pr.epsilon()), () -> pr + " " + p);
              }
              if (t > 0) {
                assertFalse(pr.at(n, t - 1).reaches(pr.epsilon()), () -> pr + " " + p);
              }
              SplittableRandom r = new SplittableRandom(seed);
              for (int k = 0; k < 5 && n > 1; k++) {
                int m = 1 + r.nextInt(n - 1);
                assertFalse(pr.at(m, tMax).reaches(pr.epsilon()), () -> pr + " " + p + " at n " + m);
              }
              if (plan.monotoneInSteps()) {
                for (int k = 0; k < 5 && t > 0; k++) {
                  int s = r.nextInt(t);
                  assertFalse(pr.at(n, s).reaches(pr.epsilon()), () -> pr + " " + p + " at T " + s);
                }
              }
              Planner.Point c = plan.cheapest();
              if (c != null) {
                assertTrue(c.reaches(pr.epsilon()), () -> pr + " cheapest " + c);
                assertTrue(plan.cheapestCost() <= Planner.cost(pr.learner(), n, t), pr::toString);
                assertEquals(Planner.cost(pr.learner(), c.n(), c.steps()), plan.cheapestCost());
              }
            });
    System.out.println("PLAN: " + reached + " plans reached epsilon, " + unreachable + " did not");
    assertTrue(reached.get() > EXAMPLES / 4 && unreachable.get() > 0,
        "the examples should contain both outcomes: " + reached + " / " + unreachable);
  }

  /** A smaller epsilon never yields a smaller n (unreachable counts as infinitely many). */
  @Test
  void smallerEpsilonNeverNeedsFewerPrompts() {
    BoundGens.qt(0x91A1L, EXAMPLES)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              PlanCases.Problem pr = PlanCases.problem(seed);
              double smaller = pr.epsilon() * new SplittableRandom(seed).nextDouble(0.05, 1.0);
              PlanCases.Problem tighter =
                  new PlanCases.Problem(pr.inst(), pr.pc(), pr.learner(), pr.quantity(), smaller,
                      pr.delta(), pr.stepsMax());
              long n1 = prompts(pr.plan());
              long n2 = prompts(tighter.plan());
              assertTrue(n2 >= n1, () -> pr + ": epsilon " + smaller + " needs n = " + n2
                  + " < " + n1);
            });
  }

  private static long prompts(Planner.Plan p) {
    Planner.Point pt = p.point();
    return p.reachable() && pt != null ? pt.n() : Long.MAX_VALUE;
  }

  /**
   * The monotonicity PLAN's search rests on: n1 <= n2 and T1 <= T2 give V(n2, T2) <= V(n1,
   * T1) (T only for a population split that does not leak, mu = 0).
   */
  @Test
  void boundIsNonIncreasingInNAndT() {
    AtomicInteger pairs = new AtomicInteger();
    BoundGens.qt(0x91A2L, EXAMPLES)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              PlanCases.Problem pr = PlanCases.problem(seed);
              SplittableRandom r = new SplittableRandom(seed);
              boolean stepsToo = pr.pc().population().leakage() == 0;
              int tMax = pr.learner() == Planner.Learner.OPTIMUM ? 0 : Math.min(pr.stepsMax(), 1 << 14);
              for (int k = 0; k < 20; k++) {
                int n1 = 1 + (int) Math.floor(Math.exp(r.nextDouble() * Math.log(1e7)));
                int n2 = n1 + r.nextInt(Math.max(1, n1));
                int t1 = tMax == 0 ? 0 : r.nextInt(tMax + 1);
                int t2 = stepsToo && tMax > 0 ? t1 + r.nextInt(tMax - t1 + 1) : t1;
                double v1 = PlanCases.value(pr.at(n1, t1));
                double v2 = PlanCases.value(pr.at(n2, t2));
                pairs.incrementAndGet();
                assertTrue(v2 <= v1, () -> pr + ": V(" + n2 + ", " + t2 + ") = " + v2 + " > V("
                    + n1 + ", " + t1 + ") = " + v1);
              }
            });
    System.out.println("PLAN monotonicity: " + pairs + " pairs");
  }
}
