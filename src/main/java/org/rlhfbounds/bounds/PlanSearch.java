package org.rlhfbounds.bounds;

import java.util.ArrayDeque;
import org.rlhfbounds.bounds.Planner.Learner;
import org.rlhfbounds.bounds.Planner.Point;
import org.rlhfbounds.bounds.Planner.Quantity;
import org.rlhfbounds.contracts.qual.PositiveProbability;

/**
 * The integer searches of a plan (proofs/PLAN.md): for one learner, quantity, failure probability
 * and target epsilon, the smallest n and the smallest T whose tightest bound ({@link
 * Planner#evaluate}) is at most epsilon, and the cheapest (n, T) in per-prompt gradient evaluations
 * ({@link Planner#cost}).
 *
 * <p>A bound that holds at n holds at every larger n, and (without leakage) at every larger T, so
 * "reaches epsilon" is monotone and exponential-then-binary search returns a point that passes
 * whose predecessor fails. The searches count their work (one unit per GA or optimum evaluation,
 * {@code 1 + T/2048} per SGA evaluation) so that the cheapest-pair search can stop within {@link
 * #CHEAPEST_BUDGET}.
 *
 * <p>Not thread-safe: one search belongs to one plan and counts its own work.
 *
 * @param pc the constants
 * @param learner the learner
 * @param quantity the quantity
 * @param delta the failure probability
 * @param epsilon the target
 * @param stepsMax the largest T searched
 * @param work the work spent so far
 */
record PlanSearch(
    PlanConstants pc,
    Learner learner,
    Quantity quantity,
    @PositiveProbability double delta,
    double epsilon,
    int stepsMax,
    Work work) {
  /**
   * The work the cheapest-pair search may spend (one unit per GA or optimum evaluation, {@code 1 +
   * T/2048} per SGA evaluation) before it reports its best pair as inexact.
   */
  static final long CHEAPEST_BUDGET = 4000;

  /** The work a search has spent: one unit per evaluation, more for a long SGA run. */
  static final class Work {
    private long units;
  }

  /** The tightest bound at (n, T), counting its work. */
  Point at(int n, int steps) {
    work.units += learner == Learner.SGA ? 1 + steps / 2048 : 1;
    return Planner.evaluate(pc, learner, quantity, delta, n, steps);
  }

  private boolean ok(int n, int steps) {
    return at(n, steps).reaches(epsilon);
  }

  /**
   * The smallest n in [from, N_MAX] with ok(n, steps), or -1; ok is non-increasing in n (a bound
   * that holds at n holds at every larger n), so exponential then binary search finds it.
   */
  int smallestN(int from, int steps) {
    int hi = from;
    int lo = from - 1; // fails, or below the range
    while (!ok(hi, steps)) {
      if (hi >= Planner.N_MAX) {
        return -1;
      }
      lo = hi;
      hi = (int) Math.min(Planner.N_MAX, 2L * hi);
    }
    return bisect(lo, hi, n -> ok(n, steps));
  }

  /** The smallest T in [from, stepsMax] with ok(n, T), or -1 (exponential, then binary). */
  int smallestT(int n, int from) {
    if (from > stepsMax || !ok(n, stepsMax)) {
      return -1;
    }
    if (ok(n, from)) {
      return from;
    }
    int lo = from;
    int hi = from;
    do {
      lo = hi;
      hi = (int) Math.min(stepsMax, Math.max(lo + 1L, 2L * lo));
    } while (!ok(n, hi));
    return bisect(lo, hi, t -> ok(n, t));
  }

  /** The least x in (lo, hi] with pass(x), given that lo fails and hi passes (binary search). */
  private static int bisect(int lo, int hi, java.util.function.IntPredicate pass) {
    int l = lo;
    int h = hi;
    while (h - l > 1) {
      int mid = l + (h - l) / 2;
      if (pass.test(mid)) {
        h = mid;
      } else {
        l = mid;
      }
    }
    return h;
  }

  /** An interval [a, b] of n with T_min(a) = ta and T_min(b) = tb. */
  private record Interval(int a, int ta, int b, int tb) {}

  /**
   * The cheapest pair found and whether the search finished.
   *
   * @param n the sample size
   * @param steps T
   * @param cost the per-prompt gradient evaluations
   * @param exact whether the search finished within its budget
   */
  record Cheapest(int n, int steps, long cost, boolean exact) {}

  /**
   * The cheapest (n, T) in per-prompt gradient evaluations, by branch and bound over n: T_min(n) is
   * non-increasing in n and the cost is increasing in both, so on an interval [a, b] of n no pair
   * costs less than cost(a, T_min(b)); intervals that cannot beat the best pair are dropped, others
   * are halved. Beyond n_hi = the least n with cost(n, T_min(N_MAX)) >= best, nothing is cheaper.
   *
   * @param n0 the smallest n that reaches epsilon
   * @param t0 the smallest T at n0
   * @return the cheapest pair found
   */
  Cheapest cheapest(int n0, int t0) {
    Learner l = learner;
    int tInf = smallestT(Planner.N_MAX, 0);
    int bestN = n0;
    int bestT = t0;
    long best = Planner.cost(l, n0, t0);
    // the largest n that may still be cheaper: cost(n, tInf) < best
    long hiL = n0;
    while (hiL < Planner.N_MAX && Planner.cost(l, (int) Math.min(Planner.N_MAX, hiL + 1), tInf) < best) {
      hiL = Math.min(Planner.N_MAX, Math.max(hiL + 1, (hiL * 3) / 2));
    }
    int nHi = (int) hiL;
    int tHi = smallestT(nHi, 0);
    if (Planner.cost(l, nHi, tHi) < best) {
      best = Planner.cost(l, nHi, tHi);
      bestN = nHi;
      bestT = tHi;
    }
    ArrayDeque<Interval> todo = new ArrayDeque<>();
    todo.push(new Interval(n0, t0, nHi, tHi));
    boolean exact = true;
    while (!todo.isEmpty()) {
      Interval iv = todo.pop();
      int a = iv.a();
      int ta = iv.ta();
      int b = iv.b();
      int tb = iv.tb();
      if (b - a <= 1 || ta == tb || Planner.cost(l, a, tb) >= best) {
        continue;
      }
      if (work.units > CHEAPEST_BUDGET) {
        exact = false;
        break;
      }
      int m = a + (b - a) / 2;
      int tm = smallestT(m, tb);
      if (tm < 0 || tm > ta) {
        exact = false; // only when the bounds are not monotone in T (a leaking split)
        continue;
      }
      long cm = Planner.cost(l, m, tm);
      if (cm < best) {
        best = cm;
        bestN = m;
        bestT = tm;
      }
      todo.push(new Interval(m, tm, b, tb));
      todo.push(new Interval(a, ta, m, tm));
    }
    return new Cheapest(bestN, bestT, best, exact);
  }
}
