package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * Planning by bound inversion (proofs/PLAN.md): the smallest sample size n, and for GA and SGA
 * the smallest number of steps T at that n, for which the tightest applicable bound on a
 * quantity, evaluated from the population constants of {@link PlanConstants}, is at most epsilon;
 * and the cheapest (n, T) in per-prompt gradient evaluations.
 *
 * <p>The bounds used are those whose proofs make them non-increasing in n and in T (PLAN lists
 * them and why): T-GA-SHARP and T-GA-SEED (GA), T-SGA-SHARP and T-SGA-SEED (SGA), T-OPT at
 * {@code g = 0} with LEMMA-K item 3 (the exact empirical optimum). Not-applicable counts as
 * {@code +infinity}, which keeps the order. The searches are exponential then binary on the
 * integers, so the returned point passes and its predecessor fails; with monotone bounds it is the
 * smallest. When the population split leaks ({@code mu > 0}) the GA and SGA drift radii grow with
 * T and monotonicity in T is not proved: the plan says so ({@link Plan#monotoneInSteps}) and its T
 * is then only a point whose predecessor fails.
 *
 * <p>Every value is a bound evaluated with upward rounding by the theorem classes themselves.
 * NaN and infinities are rejected at entry. Thread-safe: stateless.
 */
public final class Planner {
  /** The largest sample size searched. */
  public static final int N_MAX = 1 << 30;

  /** The default and largest T searched for GA. */
  public static final int GA_STEPS_MAX = 1 << 30;

  /**
   * The default largest T searched for SGA: T-SGA-SHARP evaluates its product {@code P_T} step by
   * step (cost linear in T), so the default keeps one evaluation fast; {@code --max-steps} raises it
   * up to {@link #SGA_STEPS_LIMIT}.
   */
  public static final int SGA_STEPS_DEFAULT = 1 << 16;

  /**
   * The largest T an SGA plan may search: up to here T-SGA-SHARP's {@code P_T} is the exact product;
   * beyond, a closed form that is not below it, so the computed bound could rise at the seam and
   * would not be monotone in T.
   */
  public static final int SGA_STEPS_LIMIT = SgaSharpTheorem.SGA_LOOP_LIMIT;

  private Planner() {}

  /** The learner whose output is planned for. */
  public enum Learner {
    /** Gradient ascent, {@code eta = 1/L(D0)}, best-gradient iterate. */
    GA,
    /** Stochastic gradient ascent, {@code eta_t = 1/(2 L(D0) sqrt t)}, best-full-gradient iterate. */
    SGA,
    /** The exact empirical optimum {@code w* + P_{N_S}(w_ref - w*)} (the GA limit). */
    OPTIMUM;

    /**
     * Parses {@code ga}, {@code sga} or {@code optimum}.
     *
     * @param s the name
     * @return the learner
     * @throws IllegalArgumentException naming the valid values
     */
    public static Learner parse(String s) {
      return byLabel(values(), s, "--algorithm", "algorithm");
    }

    /**
     * Returns the lower-case name.
     *
     * @return the label
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The constant whose lower-case name is {@code s}, else an error naming the valid names. */
  private static <E extends Enum<E>> E byLabel(E[] values, String s, String option, String what) {
    List<String> names = new ArrayList<>();
    for (E v : values) {
      String label = v.name().toLowerCase(Locale.ROOT);
      if (label.equals(s)) {
        return v;
      }
      names.add(label);
    }
    throw new IllegalArgumentException(
        option + ": unknown " + what + " '" + s + "'; expected one of " + String.join(", ", names));
  }

  /** The quantity bounded. */
  public enum Quantity {
    /** {@code |F(w) - F_S(w)|}, with probability {@code >= 1 - delta} over S. */
    GAP,
    /** {@code F(w*) - F(w)}. */
    EXCESS,
    /** {@code F_S(w*) - F_S(w)}. */
    OPTIMISATION;

    /**
     * Parses {@code gap}, {@code excess} or {@code optimisation}.
     *
     * @param s the name
     * @return the quantity
     * @throws IllegalArgumentException naming the valid values
     */
    public static Quantity parse(String s) {
      return byLabel(values(), s, "--quantity", "quantity");
    }

    /**
     * Returns the lower-case name.
     *
     * @return the label
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The failure probabilities of one plan: {@code coverage} for the event of the Chernoff bound
   * ({@link PlanConstants#coverageLower}), {@code bound} for the bound's own high-probability step
   * (Hoeffding); they add up to at most delta (union bound).
   *
   * @param coverage delta_c (0 when no coverage event is needed)
   * @param bound delta_H (0 when the bound is deterministic given S)
   */
  public record Split(double coverage, double bound) {}

  /**
   * The tightest bound at one (n, T): its value (null when no bound applies), the theorem that gave
   * it, and otherwise why none applies.
   *
   * @param n the sample size
   * @param steps T (0 for the optimum)
   * @param value the bound, rounded up, or null
   * @param theorem the id of the tightest theorem, or null
   * @param reason why no bound applies, or null
   */
  public record Point(
      int n, int steps, @Nullable Double value, @Nullable String theorem, @Nullable String reason) {
    /**
     * Whether the bound is at most epsilon.
     *
     * @param epsilon the target
     * @return true when a bound applies and is {@code <= epsilon}
     */
    public boolean reaches(double epsilon) {
      Double v = value;
      return v != null && v <= epsilon;
    }
  }

  /**
   * A plan.
   *
   * @param learner the learner
   * @param quantity the quantity
   * @param epsilon the target
   * @param delta the failure probability
   * @param split how delta is shared
   * @param reachable whether some (n, T) within the limits reaches epsilon
   * @param point the smallest n and, at it, the smallest T (null when not reachable)
   * @param checks the bound at the predecessors: (n - 1, T), (n - 1, T_max), (n, T - 1), each
   *     present only when the predecessor exists
   * @param cheapest the cheapest pair in per-prompt gradient evaluations (null for the optimum or
   *     when not reachable)
   * @param cheapestCost its cost
   * @param cheapestExact whether the cheapest-pair search finished (else it is the best found within
   *     its budget)
   * @param monotoneInSteps whether the bounds are proved monotone in T for this population
   * @param reason why no plan exists (null when reachable)
   * @param limit the bound at the search limits (n = N_MAX, T = T_max)
   */
  public record Plan(
      Learner learner,
      Quantity quantity,
      double epsilon,
      double delta,
      Split split,
      boolean reachable,
      @Nullable Point point,
      List<Point> checks,
      @Nullable Point cheapest,
      long cheapestCost,
      boolean cheapestExact,
      boolean monotoneInSteps,
      @Nullable String reason,
      Point limit) {}

  /**
   * The failure-probability split of a plan: half to the coverage event and half to Hoeffding for
   * the gap when both are needed; all of it to the one that is needed otherwise.
   *
   * @param pc the constants
   * @param learner the learner
   * @param quantity the quantity
   * @param delta the total failure probability
   * @return the split
   * @throws IllegalArgumentException if {@code delta} is NaN, infinite or out of (0, 1]
   */
  @Theorem("PLAN")
  public static Split split(
      PlanConstants pc, Learner learner, Quantity quantity, @PositiveProbability double delta) {
    Reals.positiveProbability(delta, "delta");
    boolean coverage = pc.needsCoverage() && !(learner == Learner.OPTIMUM && quantity == Quantity.OPTIMISATION);
    boolean hoeffding = quantity == Quantity.GAP;
    if (coverage && hoeffding) {
      return new Split(delta / 2, delta / 2);
    }
    return new Split(coverage ? delta : 0, hoeffding ? delta : 0);
  }

  /**
   * The tightest applicable bound at (n, T) from the population constants (proofs/PLAN.md).
   *
   * @param pc the constants
   * @param learner the learner
   * @param quantity the quantity
   * @param delta the total failure probability
   * @param n the sample size, {@code >= 1}
   * @param steps T, {@code >= 0} (ignored for the optimum)
   * @return the point
   * @throws IllegalArgumentException if {@code delta} is out of (0, 1), {@code n < 1} or {@code
   *     steps < 0}
   */
  @Theorem("PLAN")
  public static Point evaluate(
      PlanConstants pc,
      Learner learner,
      Quantity quantity,
      @PositiveProbability double delta,
      int n,
      int steps) {
    Reals.positiveProbability(delta, "delta");
    if (n < 1 || steps < 0) {
      throw new IllegalArgumentException("n must be >= 1 and T >= 0, got n = " + n + ", T = " + steps);
    }
    int t = learner == Learner.OPTIMUM ? 0 : steps;
    if (learner == Learner.OPTIMUM && quantity == Quantity.OPTIMISATION) {
      // w* and the exact optimum both maximise F_S (F1): the optimisation error is 0
      return new Point(n, 0, 0.0, "F1", null);
    }
    Split sp = split(pc, learner, quantity, delta);
    double kappaLower = 0;
    if (pc.needsCoverage()) {
      @PositiveProbability double dc = Reals.positiveProbability(sp.coverage(), "deltaC");
      kappaLower = pc.coverageLower(n, dc);
      if (kappaLower <= 0) {
        Double kp = pc.kappaPopulation();
        String why =
            kp == null
                ? "coverage: " + pc.kappaDetail()
                : "coverage: the matrix-Chernoff deflation t = "
                    + pc.deflationAt(n, sp.coverage())
                    + " >= 1 at n = "
                    + n
                    + ", so no positive lower bound of the sample's kappa+ holds with probability"
                    + " >= 1 - "
                    + sp.coverage();
        return new Point(n, t, null, null, why);
      }
    }
    @PositiveProbability double dh =
        Reals.positiveProbability(sp.bound() > 0 ? sp.bound() : delta, "deltaH");
    BoundInputs in = pc.inputsAt(n, dh, Reals.nonNegative(kappaLower, "kappaLower"));
    List<BoundResult> candidates = candidates(pc, in, learner, quantity, t);
    BoundResult best = null;
    List<String> failed = new ArrayList<>();
    for (BoundResult r : candidates) {
      Double v = r.value();
      if (v == null) {
        for (Assumption a : r.failedAssumptions()) {
          failed.add(r.id() + ": " + a.name() + " (" + a.statement() + ", " + a.detail() + ")");
        }
      } else {
        Double bv = best == null ? null : best.value();
        if (bv == null || v < bv) {
          best = r;
        }
      }
    }
    if (best == null) {
      return new Point(n, t, null, null, failed.isEmpty() ? "no bound applies" : String.join("; ", failed));
    }
    return new Point(n, t, best.value(), best.id(), null);
  }

  private static List<BoundResult> candidates(
      PlanConstants pc, BoundInputs in, Learner learner, Quantity quantity, int steps) {
    List<BoundResult> out = new ArrayList<>();
    switch (learner) {
      case GA:
        {
          @PositiveReal double eta = Reals.positive(1.0 / pc.smoothness(), "eta");
          if (quantity == Quantity.GAP) {
            out.add(GaSharpTheorem.gap(in, eta, steps));
            out.add(GaSeedTheorem.gap(in, eta, steps));
          } else if (quantity == Quantity.OPTIMISATION) {
            out.add(GaSharpTheorem.optimisation(in, eta, steps));
            out.add(GaSeedTheorem.optimisation(in, eta, steps));
          } else {
            out.add(GaSharpTheorem.excess(in, eta, steps));
          }
          break;
        }
      case SGA:
        {
          @PositiveReal double l = pc.smoothness();
          if (quantity == Quantity.GAP) {
            out.add(SgaSharpTheorem.gap(in, l, steps));
            out.add(SgaSeedTheorem.gap(in, l, steps));
          } else if (quantity == Quantity.OPTIMISATION) {
            out.add(SgaSharpTheorem.optimisation(in, l, steps));
            out.add(SgaSeedTheorem.optimisation(in, l, steps));
          } else {
            out.add(SgaSharpTheorem.excess(in, l, steps));
          }
          break;
        }
      default:
        {
          // the exact optimum: gradient 0, ||e|| <= ||P_{N_S} e0|| <= D0 (T-OPT with g = 0)
          BoundResult gap =
              StationaryPointTheorem.gap(
                  in,
                  0,
                  pc.population().d0(),
                  pc.population().d0(),
                  Assumption.of(
                      "radius",
                      "the exact optimum w* + P_N(w0 - w*) lies within D0 of w*",
                      true,
                      pc.population().d0(),
                      "||P_N e0|| <= ||e0|| = D0"));
          if (quantity == Quantity.GAP) {
            out.add(gap);
          } else if (gap.value() != null) {
            double r = gap.constant("r");
            double eps = LemmaK.epsOrZero(in, pc.population().d0());
            out.add(
                BoundResult.builder(
                        "T-OPT",
                        "excess",
                        "Stationary points generalise at n^{-1/2}",
                        BoundResult.EXCESS + " at the exact empirical optimum",
                        BoundResult.DETERMINISTIC)
                    .constant("r", r)
                    .finish(LemmaK.lowerCore(in.beta(), in.diameter(), r, pc.population().d0(), eps)));
          } else {
            out.add(gap);
          }
          break;
        }
    }
    return out;
  }

  /**
   * The default largest T searched for a learner: {@link #GA_STEPS_MAX}, {@link
   * #SGA_STEPS_DEFAULT}, 0 for the optimum.
   *
   * @param learner the learner
   * @return the default limit
   */
  public static int defaultStepsMax(Learner learner) {
    return learner == Learner.GA ? GA_STEPS_MAX : learner == Learner.SGA ? SGA_STEPS_DEFAULT : 0;
  }

  /** The largest T a learner's plan may search (the bound is monotone in T up to it). */
  static int stepsLimit(Learner learner) {
    return learner == Learner.GA ? GA_STEPS_MAX : learner == Learner.SGA ? SGA_STEPS_LIMIT : 0;
  }

  /**
   * The per-prompt gradient evaluations of a run (proofs/MODEL.md#selection-rules): GA {@code
   * (T + 1) n} (the T + 1 full gradients GA computes, which the selection reuses); SGA {@code T (n +
   * 1) + n} (T one-prompt steps plus a full gradient at each of the T + 1 iterates for the
   * best-full-gradient selection); 0 for the exact optimum (not a gradient method).
   *
   * @param learner the learner
   * @param n the sample size
   * @param steps T
   * @return the cost
   */
  public static long cost(Learner learner, int n, int steps) {
    switch (learner) {
      case GA:
        return ((long) steps + 1) * n;
      case SGA:
        return (long) steps * ((long) n + 1) + n;
      default:
        return 0;
    }
  }


  /**
   * Plans with the default step limit ({@link #defaultStepsMax}).
   *
   * @param pc the constants
   * @param learner the learner
   * @param quantity the quantity
   * @param epsilon the target, finite and {@code > 0}
   * @param delta the failure probability, in (0, 1)
   * @return the plan
   * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is NaN, infinite or out of
   *     range
   */
  public static Plan plan(
      PlanConstants pc,
      Learner learner,
      Quantity quantity,
      @PositiveReal double epsilon,
      @PositiveProbability double delta) {
    return plan(pc, learner, quantity, epsilon, delta, defaultStepsMax(learner));
  }

  /**
   * Plans: the smallest n (and the smallest T at it), the predecessors' values, the cheapest pair,
   * or, when nothing reaches epsilon within {@code n <= N_MAX}, {@code T <= stepsMax}, the reason.
   *
   * @param pc the constants
   * @param learner the learner
   * @param quantity the quantity
   * @param epsilon the target, finite and {@code > 0}
   * @param delta the failure probability, in (0, 1)
   * @param stepsMax the largest T searched (ignored for the optimum), at most {@link
   *     #GA_STEPS_MAX} for GA and {@link #SGA_STEPS_LIMIT} for SGA
   * @return the plan
   * @throws IllegalArgumentException if {@code epsilon} or {@code delta} is NaN, infinite or out of
   *     range, or {@code stepsMax} is out of range
   */
  @Theorem("PLAN")
  public static Plan plan(
      PlanConstants pc,
      Learner learner,
      Quantity quantity,
      @PositiveReal double epsilon,
      @PositiveProbability double delta,
      int stepsMax) {
    Reals.positive(epsilon, "epsilon");
    Reals.positiveProbability(delta, "delta");
    if (!(delta < 1)) {
      throw new IllegalArgumentException("delta must lie in (0, 1), got " + delta);
    }
    int tMax = learner == Learner.OPTIMUM ? 0 : stepsMax;
    if (tMax < 0 || tMax > stepsLimit(learner)) {
      throw new IllegalArgumentException(
          "--max-steps: must lie in [0, " + stepsLimit(learner) + "] for " + learner.label()
              + ", got " + stepsMax);
    }
    PlanSearch s = new PlanSearch(pc, learner, quantity, delta, epsilon, tMax, new PlanSearch.Work());
    boolean monotoneT = learner == Learner.OPTIMUM || pc.population().leakage() == 0;
    Split sp = split(pc, learner, quantity, delta);
    List<Point> checks = new ArrayList<>();
    Point limit = s.at(N_MAX, tMax);
    String limits = "n <= " + N_MAX + (learner == Learner.OPTIMUM ? "" : ", T <= " + tMax);
    if (!limit.reaches(epsilon)) {
      Double lv = limit.value();
      String why =
          lv == null
              ? "no bound applies at the search limits (" + limits + "): " + limit.reason()
              : "the tightest bound at the search limits ("
                  + limits
                  + ") is "
                  + lv
                  + " > epsilon = "
                  + epsilon
                  + " ("
                  + limit.theorem()
                  + "); every bound used is non-increasing in n and T, so no n and T within the"
                  + " limits reach epsilon";
      return new Plan(learner, quantity, epsilon, delta, sp, false, null, checks, null, 0, true,
          monotoneT, why, limit);
    }
    int n = s.smallestN(1, tMax);
    int t = n < 0 ? -1 : s.smallestT(n, 0);
    if (n < 0 || t < 0) {
      throw new IllegalStateException("the bound reaches epsilon at N_MAX but the search missed it");
    }
    Point point = s.at(n, t);
    if (n > 1) {
      checks.add(s.at(n - 1, t));
      if (tMax > t) {
        checks.add(s.at(n - 1, tMax));
      }
    }
    if (t > 0) {
      checks.add(s.at(n, t - 1));
    }
    if (learner == Learner.OPTIMUM) {
      return new Plan(learner, quantity, epsilon, delta, sp, true, point, checks, null, 0, true,
          monotoneT, null, limit);
    }
    PlanSearch.Cheapest c = s.cheapest(n, t);
    return new Plan(learner, quantity, epsilon, delta, sp, true, point, checks,
        s.at(c.n(), c.steps()), c.cost(), c.exact() && monotoneT, monotoneT, null, limit);
  }
}
