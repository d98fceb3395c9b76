package org.rlhfbounds.bounds;

import java.util.SplittableRandom;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;

/** Random small instances and targets for the planning properties (proofs/PLAN.md). */
final class PlanCases {
  private PlanCases() {}

  /** One planning problem. */
  record Problem(
      Instance inst,
      PlanConstants pc,
      Planner.Learner learner,
      Planner.Quantity quantity,
      double epsilon,
      double delta,
      int stepsMax) {
    Planner.Plan plan() {
      return Planner.plan(pc, learner, quantity, epsilon, delta, stepsMax);
    }

    Planner.Point at(int n, int steps) {
      return Planner.evaluate(pc, learner, quantity, delta, n, steps);
    }

    @Override
    public String toString() {
      return learner + " " + quantity + " eps=" + epsilon + " delta=" + delta + " Tmax=" + stepsMax
          + " rank=" + pc.rank() + " mu=" + pc.population().leakage() + " kappaD=" + pc.kappaPopulation();
    }
  }

  private static final Family[] FAMILIES = {
    Family.SPHERE, Family.GAUSSIAN, Family.DEFICIENT, Family.NEAR_DEGENERATE, Family.SPARSE
  };

  /** A random instance: M in [10, 60], K in [2, 7], d in [2, 6], beta in [0.2, 2]. */
  static Instance instance(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Family f = FAMILIES[r.nextInt(FAMILIES.length)];
    int d = 2 + r.nextInt(5);
    InstanceSpec spec =
        InstanceSpec.of(f, 10 + r.nextInt(51), 2 + r.nextInt(6), d, 0.2 + 1.8 * r.nextDouble(),
            r.nextLong());
    return spec.finite();
  }

  /** A random problem on a random instance; SGA searches T <= 512 to stay fast. */
  static Problem problem(long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Instance inst = instance(seed);
    PlanConstants pc = PlanConstants.of(inst);
    Planner.Learner l = Planner.Learner.values()[r.nextInt(3)];
    Planner.Quantity q = Planner.Quantity.values()[r.nextInt(3)];
    return withTarget(inst, pc, l, q, r);
  }

  static Problem withTarget(
      Instance inst, PlanConstants pc, Planner.Learner l, Planner.Quantity q, SplittableRandom r) {
    double eps = Math.pow(10, -3 + 3 * r.nextDouble());
    double delta = new double[] {0.01, 0.05, 0.2}[r.nextInt(3)];
    int tMax = l == Planner.Learner.SGA ? 512 : Planner.defaultStepsMax(l);
    return new Problem(inst, pc, l, q, eps, delta, tMax);
  }

  /** The value as a number, +infinity when no bound applies. */
  static double value(Planner.Point p) {
    Double v = p.value();
    return v == null ? Double.POSITIVE_INFINITY : v;
  }
}
