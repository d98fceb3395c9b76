package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.rounding.Down;
import org.rlhfbounds.bounds.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;

/**
 * The theorems with explicit constants (proofs/T-*.md; notation of proofs/MODEL.md#notation and
 * proofs/LEMMA-K.md), each evaluated from a {@link BoundInputs} with directed rounding so that the
 * returned value is never below the real value of its formula at those inputs.
 *
 * <p>Every theorem rests on Lemma K: for every w, with {@code e = w - w*}, {@code r >= ||e_perp||},
 * {@code p = ||P_N e||}, and {@code mid = F(w*) - F_S(w*)},
 *
 * <pre>
 *   - beta (diam r + p sqrt(eps_n))^2 / 8  <=  gen_S(w) - mid  <=  beta diam^2 r^2 / 8,
 *   |mid| <= H = B ||theta*|| sqrt(2 ln(2/delta) / n)   with probability >= 1 - delta over S,
 * </pre>
 *
 * so {@code |gen_S(w)| <= H + beta (diam r + p sqrt(eps_n))^2 / 8} (the "lower core" dominates the
 * "upper core"); the optimisation error {@code F_S(w*) - F_S(w)} is at most the upper core and the
 * excess risk {@code F(w*) - F(w)} at most the lower core, deterministically. The theorems differ
 * in how they bound {@code r} for the iterate they speak about.
 *
 * <p>The seed is Li, Yi, Wang, Cui, Liu, "Towards a Theoretical Understanding to the
 * Generalization of RLHF", arXiv:2601.16403 (2026); its claims are in {@link SeedClaims}.
 *
 * <p>Every method returns a {@link BoundResult}; a theorem whose assumption fails is not
 * applicable and has no value. Thread-safe: stateless.
 */
@Theorem("ROUNDING")
public final class Theorems {
  /** Qualifier of the Hoeffding-based gap bounds. */
  public static final String PROB_S = "prob >= 1 - delta over S";

  /** Qualifier of deterministic statements. */
  public static final String DETERMINISTIC = "deterministic";

  /** Qualifier of the SGA gap bounds. */
  public static final String PROB_S_EXP_ORDER =
      "prob >= 1 - delta over S, in expectation over the order";

  /** Qualifier of the SGA optimisation bounds. */
  public static final String EXP_ORDER = "in expectation over the order (deterministic in S)";

  /** Above this many steps the SGA product is closed in form (see {@link #sgaProduct}). */
  static final int SGA_LOOP_LIMIT = 1 << 22;

  private static final String GAP = "|gen_S(w)| = |F(w) - F_S(w)|";
  private static final String OPT = "optimisation error F_S(w*) - F_S(w)";
  private static final String EXCESS = "excess risk F(w*) - F(w)";

  private Theorems() {}

  /** Two numbers returned together. */
  private static final class Pair {
    final double first;
    final double second;

    Pair(double first, double second) {
      this.first = first;
      this.second = second;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // shared pieces

  /** {@code beta diam^2 r^2 / 8}, rounded up: the upper core (sample side, Lemma K). */
  @Theorem("LEMMA-K")
  static double upperCore(double beta, double diam, double r) {
    return Up.div(Up.mul(Up.mul(beta, Up.mul(diam, diam)), Up.mul(r, r)), 8);
  }

  /** {@code beta (diam r + p sqrt(eps))^2 / 8}, rounded up: the lower core (population side). */
  @Theorem("LEMMA-K")
  static double lowerCore(double beta, double diam, double r, double p, double eps) {
    double s = Up.add(Up.mul(diam, r), Up.mul(p, Up.sqrt(eps)));
    return Up.div(Up.mul(beta, Up.mul(s, s)), 8);
  }

  /** {@code (lambda_max upper) = min(diam^2/4, e^{diam D_perp} lambdaMaxUpper)}, rounded up. */
  static double lastGradientCeiling(BoundInputs in) {
    double popoviciu = Up.div(Up.mul(in.diameter(), in.diameter()), 4);
    double transfer = in.lambdaMaxUpper() == 0 ? 0
        : Up.mul(Up.exp(Up.mul(in.diameter(), in.dPerp())), in.lambdaMaxUpper());
    return Math.min(popoviciu, transfer);
  }

  /** The residual eps_n when it is needed (kernel and kernel component present), else 0. */
  static double epsOrZero(BoundInputs in, double p) {
    Double e = in.epsN();
    return in.kernelDim() > 0 && p > 0 && e != null ? e : 0;
  }

  private static void scale(BoundResult.Builder b, BoundInputs in) {
    b.constant("beta", in.beta())
        .constant("B", in.bound())
        .constant("diam", in.diameter())
        .constant("thetaNorm", in.thetaNorm())
        .constant("n", (double) in.n())
        .constant("delta", in.delta());
  }

  private static double hoeffding(BoundResult.Builder b, BoundInputs in) {
    double h = Constants.hoeffding(in.bound(), in.thetaNorm(), in.n(), in.delta());
    b.constant("H", h);
    return h;
  }

  private static void residualAssumption(BoundResult.Builder b, BoundInputs in, double p) {
    boolean needed = in.kernelDim() > 0 && p > 0;
    Double e = in.epsN();
    b.assume(
        Assumption.of(
            "residual",
            "eps_n(S) is known exactly (finite population) whenever N_S != {0} and P_N e != 0",
            !needed || e != null,
            e,
            needed
                ? (e != null ? "kernel dimension " + in.kernelDim() : "population is not finite")
                : "not needed: " + (in.kernelDim() == 0 ? "N_S = {0}" : "P_N e = 0")));
    if (needed) {
      b.constant("epsN", e);
    }
  }

  /** Adds the coverage assumption; returns kappa+ when it is needed and exists, else null. */
  private static @Nullable Double coverageAssumption(BoundResult.Builder b, BoundInputs in) {
    if (in.kernelDim() == in.dim()) {
      b.assume(
          Assumption.of(
              "coverage",
              "kappa_S^+ exists, or nothing is covered (then e_perp = 0)",
              true,
              null,
              "N_S = R^d: e_perp = 0 for every w"));
      return null;
    }
    Double kp = in.kappaPlus();
    b.assume(
        Assumption.of(
            "coverage",
            "kappa_S^+ = smallest positive eigenvalue of Sigma_S(w*) exists",
            kp != null,
            kp,
            kp == null
                ? "no eigenvalue above the rank tolerance"
                : (in.kappaCertified()
                    ? "certified lower bound (Rump 2006), N_S = {0}"
                    : "as computed by the eigen-solver, dim N_S = " + in.kernelDim())));
    if (kp != null) {
      b.constant("kappaPlus", kp).constant("lambdaMaxUpper", in.lambdaMaxUpper());
    }
    return kp;
  }

  /** The curvature c = beta e^{-diam Dperp} kappa+ (rounded down) with its assumption. */
  private static double curvature(BoundResult.Builder b, BoundInputs in, double kappaPlus) {
    double c =
        Constants.curvature(
            in.beta(), in.diameter(), in.dPerp(), Reals.nonNegative(kappaPlus, "kappaPlus"));
    b.constant("c", c);
    b.assume(
        Assumption.byMargin(
            "curvature", "c = beta e^{-diam D_perp} kappa+ > 0 (no underflow)", c, false, ""));
    return c;
  }

  private static double pow(double base, int t) {
    if (t == 0) {
      return 1;
    }
    return base == 0 ? 0 : Up.pow(base, t);
  }

  private static void stepsAssumption(BoundResult.Builder b, int steps, int min) {
    b.assume(
        Assumption.byMargin(
            "steps", "T >= " + min, steps - min, true, "T = " + steps));
    b.constant("T", (double) steps);
  }

  private static long prompts(long steps, int n) {
    return steps * n;
  }

  // ---------------------------------------------------------------------------------------------
  // T-OPT

  /**
   * T-OPT (a): a stationary point generalises. For every w with {@code ||grad F_S(w)|| <= g},
   * {@code ||e_perp|| <= D} and {@code ||P_N e|| = p}: {@code ||e_perp|| <= r = min(D, g e^{diam
   * D} / (beta kappa+))} and, with probability {@code >= 1 - delta} over S, {@code |gen_S(w)| <= H
   * + beta (diam r + p sqrt(eps_n))^2 / 8}. For the exact optimum ({@code g = 0}, {@code p = 0})
   * this is {@code H = c2 n^{-1/2}}, {@code c2 = B ||theta*|| sqrt(2 ln(2/delta))}: the seed's
   * claim SEED-OPT with its constant.
   *
   * @param in the constants
   * @param gradNorm g, a bound on ||grad F_S(w)||
   * @param radius D, a bound on ||e_perp(w)||
   * @param p ||P_N e(w)||
   * @param extra further assumptions the caller checked (e.g. why {@code D} bounds the iterate)
   * @return the bound on |gen_S(w)|
   */
  @Theorem("T-OPT")
  public static BoundResult opt(
      BoundInputs in,
      @NonNegativeReal double gradNorm,
      @NonNegativeReal double radius,
      @NonNegativeReal double p,
      Assumption... extra) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-OPT",
            BoundResult.MAIN,
            "Stationary points generalise at n^{-1/2}",
            GAP + " at any w with ||grad F_S(w)|| <= g",
            PROB_S);
    scale(b, in);
    double h = hoeffding(b, in);
    b.constant("c2", Up.mul(Up.mul(in.bound(), in.thetaNorm()),
        Up.sqrt(Up.mul(2, Up.log(Up.div(2, in.delta()))))));
    b.constant("gradNorm", gradNorm).constant("D", radius).constant("p", p);
    for (Assumption a : extra) {
      b.assume(a);
    }
    Double kp = coverageAssumption(b, in);
    residualAssumption(b, in, p);
    double r = 0;
    if (kp != null && gradNorm > 0) {
      double num = Up.mul(gradNorm, Up.exp(Up.mul(in.diameter(), radius)));
      double den = Down.mul(in.beta(), kp);
      r = den > 0 ? Math.min(radius, Up.div(num, den)) : radius;
    }
    b.constant("r", r);
    double eps = epsOrZero(in, p);
    double upper = upperCore(in.beta(), in.diameter(), r);
    double lower = lowerCore(in.beta(), in.diameter(), r, p, eps);
    b.constant("upperCore", upper).constant("lowerCore", lower);
    b.note("exact optimum (g = 0, p = 0): |gen_S(w*)| <= H = c2 n^{-1/2}, the seed's SEED-OPT");
    return b.finish(Up.add(h, Math.max(upper, lower)));
  }

  // ---------------------------------------------------------------------------------------------
  // T-GA-SHARP

  /** The draft of a T-GA-SHARP result with its radius r_T. */
  private static final class Draft {
    final BoundResult.Builder b;
    final double r;

    Draft(BoundResult.Builder b, double r) {
      this.b = b;
      this.r = r;
    }
  }

  private static Draft gaSharpDraft(
      BoundInputs in, double eta, int steps, String part, String quantity, String qualifier) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-GA-SHARP",
            part,
            "Gradient ascent, best-gradient iterate: linear rate",
            quantity + " at the best-gradient GA iterate among t = 0..T",
            qualifier);
    scale(b, in);
    b.constant("eta", eta).constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    stepsAssumption(b, steps, 0);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("lambdaBar", lambdaBar);
    b.assume(
        Assumption.byMargin(
            "step",
            "0 < eta and eta beta diam^2 / 4 <= 1 (implied by eta <= 1/L(D0))",
            eta > 0 ? Down.sub(1, Up.mul(eta, lambdaBar)) : -1,
            true,
            "eta = " + eta));
    Double kp = coverageAssumption(b, in);
    double r = 0;
    if (kp != null) {
      double c = curvature(b, in, kp);
      if (c > 0) {
        double rho = Math.max(0, Up.sub(1, Down.mul(eta, c)));
        double rhoT = pow(rho, steps);
        double ceiling = lastGradientCeiling(in);
        double k = Up.div(Up.mul(in.beta(), ceiling), c);
        r = Math.min(in.dPerp(), Up.mul(Up.mul(k, rhoT), in.dPerp()));
        b.constant("rho", rho).constant("rhoPowT", rhoT).constant("lambdaCeiling", ceiling);
        b.constant("K", k);
      } else {
        r = in.dPerp();
      }
    }
    b.constant("r", r);
    b.cost("perPromptGradients", prompts(steps + 1L, in.n()));
    b.note("rate: linear, rho^T; the selection reuses the T + 1 full gradients GA computes");
    return new Draft(b, r);
  }

  /**
   * T-GA-SHARP (b), the generalisation gap: GA with a constant step {@code eta}, {@code 0 < eta
   * beta diam^2 / 4 <= 1} (so {@code eta = 1/L(D0)} qualifies), the best-gradient iterate among
   * {@code t = 0..T}: {@code ||e_perp|| <= r_T = min(D_perp, K rho^T D_perp)}, {@code rho = 1 - eta
   * c}, {@code K = beta min(diam^2/4, e^{diam D_perp} lambda_max) / c}, and with probability
   * {@code >= 1 - delta} over S, {@code |gen_S| <= H + beta (diam r_T + p sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   */
  @Theorem("T-GA-SHARP")
  public static BoundResult gaSharp(BoundInputs in, @PositiveReal double eta, int steps) {
    Draft dr = gaSharpDraft(in, eta, steps, BoundResult.MAIN, GAP, PROB_S);
    BoundResult.Builder b = dr.b;
    double h = hoeffding(b, in);
    residualAssumption(b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    double upper = upperCore(in.beta(), in.diameter(), dr.r);
    double lower = lowerCore(in.beta(), in.diameter(), dr.r, in.pKernel(), eps);
    b.constant("upperCore", upper).constant("lowerCore", lower);
    return b.finish(Up.add(h, Math.max(upper, lower)));
  }

  /**
   * T-GA-SHARP (b), the optimisation error, deterministic: {@code F_S(w*) - F_S(w_best) <= beta
   * diam^2 r_T^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   */
  @Theorem("T-GA-SHARP")
  public static BoundResult gaSharpOptimisation(
      BoundInputs in, @PositiveReal double eta, int steps) {
    Draft dr = gaSharpDraft(in, eta, steps, "opt", OPT, DETERMINISTIC);
    return dr.b.finish(upperCore(in.beta(), in.diameter(), dr.r));
  }

  /**
   * T-GA-SHARP (b), the excess risk, deterministic given S: {@code F(w*) - F(w_best) <= beta (diam
   * r_T + p sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T
   * @return the bound
   */
  @Theorem("T-GA-SHARP")
  public static BoundResult gaSharpExcess(BoundInputs in, @PositiveReal double eta, int steps) {
    Draft dr = gaSharpDraft(in, eta, steps, "excess", EXCESS, DETERMINISTIC);
    residualAssumption(dr.b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    return dr.b.finish(lowerCore(in.beta(), in.diameter(), dr.r, in.pKernel(), eps));
  }

  // ---------------------------------------------------------------------------------------------
  // T-GA-SEED

  /** Delta0' = min(Delta0, beta diam^2 D_perp^2 / 8), rounded up. */
  static double initialGap(BoundInputs in) {
    double bound = upperCore(in.beta(), in.diameter(), in.dPerp());
    Double g = in.initialGap();
    return g == null ? bound : Math.min(g, bound);
  }

  /** The seed-form draft: returns {c1 (coefficient of T^-1/4 before the residual split), r2}. */
  private static Pair gaSeedCore(BoundResult.Builder b, BoundInputs in, double eta, int steps) {
    scale(b, in);
    b.constant("eta", eta).constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    stepsAssumption(b, steps, 1);
    double ls = Constants.trajectorySmoothness(in.beta(), in.diameter(), in.dPerp());
    b.constant("Ltraj", ls);
    b.assume(
        Assumption.byMargin(
            "step",
            "0 < eta <= 1/L_S, L_S = beta (diam^2/4)(1 + diam D_perp) <= L(D0)"
                + " (implied by eta <= 1/L(D0))",
            eta > 0 ? Down.sub(1, Up.mul(eta, ls)) : -1,
            true,
            "eta = " + eta));
    double gap0 = initialGap(in);
    b.constant("Delta0", gap0);
    Double kp = coverageAssumption(b, in);
    double c1 = 0;
    double r2 = 0;
    if (kp != null) {
      double c = curvature(b, in, kp);
      if (c > 0 && steps >= 1) {
        double c2 = Down.mul(c, c);
        // c1 = beta diam^2 Delta0 / (4 eta c^2); r2 = 2 Delta0 / (eta T c^2)
        double num = Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())), gap0);
        c1 = Up.div(num, Down.mul(Down.mul(4, eta), c2));
        r2 = Up.div(Up.mul(2, gap0), Down.mul(Down.mul(eta, steps), c2));
      } else {
        c1 = Double.POSITIVE_INFINITY;
        r2 = Up.mul(in.dPerp(), in.dPerp());
      }
    }
    b.constant("c1", c1).constant("r2", r2);
    b.cost("perPromptGradients", prompts(steps + 1L, in.n()));
    return new Pair(c1, r2);
  }

  /**
   * T-GA-SEED (b), the seed's form: under the assumptions of T-GA-SHARP with {@code eta <= 1/L_S},
   * the descent lemma gives {@code min_t ||grad F_S(w_t)||^2 <= 2 Delta0 / (eta T)}, hence with
   * probability {@code >= 1 - delta} over S, {@code |gen_S(w_best)| <= H + c1 T^{-1}} (proven
   * rate) {@code <= c2 n^{-1/2} + c1 T^{-1/4}}, {@code c1 = beta diam^2 Delta0 / (4 eta c^2)},
   * {@code c2 = B ||theta*|| sqrt(2 ln(2/delta))}; with a kernel the coefficient doubles and
   * {@code beta p^2 eps_n / 4} is added. The value returned is the seed's form {@code H + c1
   * T^{-1/4}}; constant {@code valueRate1} holds the proven {@code T^{-1}} form.
   *
   * @param in the constants
   * @param eta the step
   * @param steps T, {@code >= 1}
   * @return the bound
   */
  @Theorem("T-GA-SEED")
  public static BoundResult gaSeed(BoundInputs in, @PositiveReal double eta, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-GA-SEED",
            BoundResult.MAIN,
            "Gradient ascent, best-gradient iterate: the seed's O(T^{-1/4} + n^{-1/2})",
            GAP + " at the best-gradient GA iterate among t = 0..T",
            PROB_S);
    Pair core = gaSeedCore(b, in, eta, steps);
    double h = hoeffding(b, in);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    residualAssumption(b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    double r = Up.sqrt(core.second);
    double rate1 =
        Up.add(h, lowerCore(in.beta(), in.diameter(), Math.min(r, in.dPerp()), in.pKernel(), eps));
    b.constant("valueRate1", rate1);
    double tq = Up.pow(steps, -0.25);
    double value;
    if (eps > 0) {
      double res = Up.div(Up.mul(in.beta(), Up.mul(Up.mul(in.pKernel(), in.pKernel()), eps)), 4);
      b.constant("residualTerm", res);
      value = Up.add(Up.add(h, Up.mul(Up.mul(2, core.first), tq)), res);
    } else {
      value = Up.add(h, Up.mul(core.first, tq));
    }
    b.note("proven rate T^{-1} (valueRate1); the seed's T^{-1/4} follows since T^{-1} <= T^{-1/4}");
    b.note("T-GA-SHARP's linear rate is sharper still");
    return b.finish(value);
  }

  /**
   * T-GA-SEED (b), the optimisation error in the seed's form: {@code F_S(w*) - F_S(w_best) <= c1
   * T^{-1} <= c1 T^{-1/4}} (deterministic).
   *
   * @param in the constants
   * @param eta the step
   * @param steps T, {@code >= 1}
   * @return the bound
   */
  @Theorem("T-GA-SEED")
  public static BoundResult gaSeedOptimisation(BoundInputs in, @PositiveReal double eta, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-GA-SEED",
            "opt",
            "Gradient ascent, best-gradient iterate: the seed's O(T^{-1/4})",
            OPT + " at the best-gradient GA iterate among t = 0..T",
            DETERMINISTIC);
    Pair core = gaSeedCore(b, in, eta, steps);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    b.constant("valueRate1", Math.min(
        upperCore(in.beta(), in.diameter(), in.dPerp()), Up.div(core.first, steps)));
    return b.finish(Up.mul(core.first, Up.pow(steps, -0.25)));
  }

  // ---------------------------------------------------------------------------------------------
  // T-SGA-SHARP and T-SGA-SEED

  /**
   * {@code P_T = prod_{t=1}^T (1 - q_t)}, {@code q_t = (2 - eta_t lambdaBar) eta_t c}, {@code eta_t
   * = 1/(2 L sqrt t)}, rounded up (q_t rounded down); beyond {@link #SGA_LOOP_LIMIT} steps the tail
   * is bounded by {@code exp(-(2 - lambdaBar/(2L)) c (sqrt(T+1) - sqrt(m+1)) / L)}.
   */
  static double sgaProduct(double smooth, double lambdaBar, double c, int steps) {
    double p = 1;
    int m = Math.min(steps, SGA_LOOP_LIMIT);
    double twoL = Up.mul(2, smooth);
    double twoLdown = Down.mul(2, smooth);
    for (int t = 1; t <= m; t++) {
      double etaLo = Down.div(1, Up.mul(twoL, Up.sqrt(t)));
      double etaHi = Up.div(1, Down.mul(twoLdown, Down.sqrt(t)));
      double fac = Down.sub(2, Up.mul(etaHi, lambdaBar));
      double q = Down.mul(Down.mul(fac, etaLo), c);
      p = Up.mul(p, Math.max(0, Up.sub(1, q)));
      if (p == 0) {
        return 0;
      }
    }
    if (steps > m) {
      double fac = Down.sub(2, Up.div(lambdaBar, twoLdown));
      double sum = Down.div(Down.sub(Down.sqrt(steps + 1.0), Up.sqrt(m + 1.0)), Up.mul(1, smooth));
      p = Up.mul(p, Up.exp(-Down.mul(Down.mul(fac, c), sum)));
    }
    return p;
  }

  /** Draft of the SGA results: returns {R2 = bound on E||e_perp_best||^2, c}. */
  private static Pair sgaCore(
      BoundResult.Builder b, BoundInputs in, double smooth, int steps, double kappa, double dist,
      boolean record) {
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    b.assume(
        Assumption.byMargin(
            "step",
            "eta_t = 1/(2 L sqrt t) with eta_1 beta diam^2 / 4 <= 1, i.e. L >= beta diam^2 / 8"
                + " (implied by L = L(D0))",
            smooth > 0 ? Down.sub(1, Up.div(lambdaBar, Down.mul(2, smooth))) : -1,
            true,
            "L = " + smooth));
    double c = Constants.curvature(
        in.beta(), in.diameter(), Reals.nonNegative(dist, "radius"),
        Reals.nonNegative(kappa, "kappa"));
    double r2 = Up.mul(dist, dist);
    if (c > 0 && smooth > 0) {
      double prod = sgaProduct(smooth, lambdaBar, c, steps);
      double ceiling = record ? lastGradientCeiling(in)
          : Up.div(Up.mul(in.diameter(), in.diameter()), 4);
      double k = Up.div(Up.mul(in.beta(), ceiling), c);
      r2 = Math.min(r2, Up.mul(Up.mul(Up.mul(k, k), prod), r2));
      if (record) {
        b.constant("c", c).constant("productPT", prod).constant("lambdaCeiling", ceiling);
        b.constant("K", k);
      }
    }
    return new Pair(r2, c);
  }

  private static Pair sgaDraft(BoundResult.Builder b, BoundInputs in, double smooth, int steps) {
    scale(b, in);
    b.constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    stepsAssumption(b, steps, 0);
    Double kp = coverageAssumption(b, in);
    Pair core;
    if (kp != null) {
      core = sgaCore(b, in, smooth, steps, kp, in.dPerp(), true);
      b.assume(
          Assumption.byMargin(
              "curvature", "c = beta e^{-diam D_perp} kappa+ > 0 (no underflow)", core.second, false,
              ""));
    } else {
      core = new Pair(0, 0);
      b.constant("L", smooth);
    }
    b.constant("R2", core.first);
    b.cost("lastIterate", (long) steps);
    b.cost("bestFullGradient", steps + prompts(steps + 1L, in.n()));
    return core;
  }

  /**
   * T-SGA-SHARP (c), the generalisation gap: SGA with {@code eta_t = 1/(2 L sqrt t)} (one prompt
   * drawn uniformly from S per step), the iterate with the smallest FULL gradient among {@code t =
   * 0..T}. {@code E||e_perp_T||^2 <= P_T D_perp^2}, {@code P_T = prod_t (1 - (2 - eta_t lambdaBar)
   * eta_t c)}, so {@code E||e_perp_best||^2 <= R2 = min(D_perp^2, K^2 P_T D_perp^2)}, and with
   * probability {@code >= 1 - delta} over S, {@code E_order |gen_S(w_best)| <= H + beta (diam
   * sqrt(R2) + p sqrt(eps_n))^2 / 8}. Cost: {@code T} per-prompt gradients for the steps plus
   * {@code (T + 1) n} for the selection.
   *
   * @param in the constants
   * @param smooth L in the step schedule
   * @param steps T
   * @return the bound
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult sgaSharp(BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-SGA-SHARP",
            BoundResult.MAIN,
            "Stochastic gradient ascent, best-full-gradient iterate: rate exp(-c' sqrt T)",
            "E_order " + GAP + " at the best-full-gradient SGA iterate among t = 0..T",
            PROB_S_EXP_ORDER);
    Pair core = sgaDraft(b, in, smooth, steps);
    double h = hoeffding(b, in);
    residualAssumption(b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    double r = Up.sqrt(core.first);
    double upper = upperCore(in.beta(), in.diameter(), r);
    double lower = lowerCore(in.beta(), in.diameter(), r, in.pKernel(), eps);
    b.constant("upperCore", upper).constant("lowerCore", lower);
    b.note("rate: exp(-(2 - lambdaBar/(2L)) c (sqrt(T+1) - 1) / L), faster than any power of T");
    b.note("Markov: with prob >= 1 - delta - delta' over S and the order, |gen_S| <= H + E/delta'");
    return b.finish(Up.add(h, Math.max(upper, lower)));
  }

  /**
   * T-SGA-SHARP (c), the optimisation error in expectation over the order: {@code E_order[F_S(w*)
   * - F_S(w_best)] <= beta diam^2 R2 / 8}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T
   * @return the bound
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult sgaSharpOptimisation(
      BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-SGA-SHARP",
            "opt",
            "Stochastic gradient ascent, best-full-gradient iterate: rate exp(-c' sqrt T)",
            "E_order " + OPT + " at the best-full-gradient SGA iterate",
            EXP_ORDER);
    Pair core = sgaDraft(b, in, smooth, steps);
    return b.finish(Up.div(Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())),
        core.first), 8));
  }

  /**
   * T-SGA-SHARP (c), the excess risk in expectation over the order: {@code E_order[F(w*) -
   * F(w_best)] <= beta (diam sqrt(R2) + p sqrt(eps_n))^2 / 8}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T
   * @return the bound
   */
  @Theorem("T-SGA-SHARP")
  public static BoundResult sgaSharpExcess(BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-SGA-SHARP",
            "excess",
            "Stochastic gradient ascent, best-full-gradient iterate: rate exp(-c' sqrt T)",
            "E_order " + EXCESS + " at the best-full-gradient SGA iterate",
            EXP_ORDER);
    Pair core = sgaDraft(b, in, smooth, steps);
    residualAssumption(b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    return b.finish(lowerCore(in.beta(), in.diameter(), Up.sqrt(core.first), in.pKernel(), eps));
  }

  /** Seed-form coefficient: {a, c1} with c1 = beta diam^2 K^2 Dperp^2 e^a (4 a e)^{-1/4} / 8. */
  private static Pair sgaSeedCore(
      BoundResult.Builder b, BoundInputs in, double smooth, int steps) {
    scale(b, in);
    b.constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    stepsAssumption(b, steps, 1);
    Double kp = coverageAssumption(b, in);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("L", smooth).constant("lambdaBar", lambdaBar);
    b.assume(
        Assumption.byMargin(
            "step",
            "eta_t = 1/(2 L sqrt t) with L >= beta diam^2 / 8 (implied by L = L(D0))",
            smooth > 0 ? Down.sub(1, Up.div(lambdaBar, Down.mul(2, smooth))) : -1,
            true,
            "L = " + smooth));
    if (kp == null) {
      b.constant("a", 0.0).constant("c1", 0.0);
      b.cost("bestFullGradient", steps + prompts(steps + 1L, in.n()));
      return new Pair(0, 0);
    }
    double c = curvature(b, in, kp);
    double c1 = Double.POSITIVE_INFINITY;
    double a = 0;
    if (c > 0 && smooth > 0) {
      double fac = Down.sub(2, Up.div(lambdaBar, Down.mul(2, smooth)));
      a = Down.div(Down.mul(fac, c), Up.mul(1, smooth));
      double ceiling = lastGradientCeiling(in);
      double k = Up.div(Up.mul(in.beta(), ceiling), c);
      b.constant("lambdaCeiling", ceiling).constant("K", k);
      if (a > 0) {
        double g = Up.mul(Up.exp(a), Up.pow(Down.mul(Down.mul(4, a), Down.exp(1)), -0.25));
        double kd = Up.mul(Up.mul(k, k), Up.mul(in.dPerp(), in.dPerp()));
        c1 = Up.div(Up.mul(Up.mul(in.beta(), Up.mul(in.diameter(), in.diameter())),
            Up.mul(kd, g)), 8);
      }
    }
    b.constant("a", a).constant("c1", c1);
    b.cost("bestFullGradient", steps + prompts(steps + 1L, in.n()));
    return new Pair(a, c1);
  }

  /**
   * T-SGA-SEED (c), the seed's form {@code c2 n^{-1/2} + c1 T^{-1/8}}: from {@code P_T <=
   * exp(-a (sqrt(T+1) - 1))}, {@code a = (2 - lambdaBar/(2L)) c / L}, and {@code e^{-a s} <= (4 a
   * e)^{-1/4} s^{-1/4}} at {@code s = sqrt T}: {@code c1 = beta diam^2 K^2 D_perp^2 e^a (4 a
   * e)^{-1/4} / 8} (doubled, plus {@code beta p^2 eps_n / 4}, with a kernel). With probability
   * {@code >= 1 - delta} over S, in expectation over the order.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1}
   * @return the bound
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult sgaSeed(BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-SGA-SEED",
            BoundResult.MAIN,
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's"
                + " O(T^{-1/8} + n^{-1/2})",
            "E_order " + GAP + " at the best-full-gradient SGA iterate among t = 0..T",
            PROB_S_EXP_ORDER);
    Pair core = sgaSeedCore(b, in, smooth, steps);
    double h = hoeffding(b, in);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    residualAssumption(b, in, in.pKernel());
    double eps = epsOrZero(in, in.pKernel());
    double tq = Up.pow(steps, -0.125);
    double value;
    if (eps > 0) {
      double res = Up.div(Up.mul(in.beta(), Up.mul(Up.mul(in.pKernel(), in.pKernel()), eps)), 4);
      b.constant("residualTerm", res);
      value = Up.add(Up.add(h, Up.mul(Up.mul(2, core.second), tq)), res);
    } else {
      value = Up.add(h, Up.mul(core.second, tq));
    }
    b.note("proven rate exp(-a sqrt T) (T-SGA-SHARP); the seed's T^{-1/8} follows");
    return b.finish(value);
  }

  /**
   * T-SGA-SEED (c), the optimisation error in the seed's form: {@code E_order[F_S(w*) -
   * F_S(w_best)] <= c1 T^{-1/8}}.
   *
   * @param in the constants
   * @param smooth L
   * @param steps T, {@code >= 1}
   * @return the bound
   */
  @Theorem("T-SGA-SEED")
  public static BoundResult sgaSeedOptimisation(
      BoundInputs in, @PositiveReal double smooth, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-SGA-SEED",
            "opt",
            "Stochastic gradient ascent, best-full-gradient iterate: the seed's O(T^{-1/8})",
            "E_order " + OPT + " at the best-full-gradient SGA iterate",
            EXP_ORDER);
    Pair core = sgaSeedCore(b, in, smooth, steps);
    if (steps < 1) {
      return b.finish(null); // assumption "steps" fails
    }
    return b.finish(Up.mul(core.second, Up.pow(steps, -0.125)));
  }

  // ---------------------------------------------------------------------------------------------
  // T-RES and T-RES-EXP

  /**
   * T-RES (d), no coverage: the GA limit {@code w_inf = w* + P_N(w0 - w*)} satisfies, with
   * probability {@code >= 1 - delta} over S, {@code -H - beta p^2 eps_n / 8 <= gen_S(w_inf) <= H},
   * so {@code |gen_S(w_inf)| <= H + beta p^2 eps_n / 8}, {@code p = ||P_N(w0 - w*)||}.
   *
   * @param in the constants
   * @return the bound
   */
  @Theorem("T-RES")
  public static BoundResult residual(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-RES",
            BoundResult.MAIN,
            "Without coverage: the residual of the GA limit",
            GAP + " at w_inf = w* + P_N(w0 - w*)",
            PROB_S);
    scale(b, in);
    b.constant("p", in.pKernel()).constant("kernelDim", (double) in.kernelDim());
    double h = hoeffding(b, in);
    residualAssumption(b, in, in.pKernel());
    double core = lowerCore(in.beta(), 0, 0, in.pKernel(), epsOrZero(in, in.pKernel()));
    b.constant("lowerCore", core);
    return b.finish(Up.add(h, core));
  }

  /**
   * T-RES (d), the excess risk of the GA limit, deterministic given S: {@code F(w*) - F(w_inf) <=
   * beta p^2 eps_n / 8}.
   *
   * @param in the constants
   * @return the bound
   */
  @Theorem("T-RES")
  public static BoundResult residualExcess(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-RES",
            "excess",
            "Without coverage: the residual of the GA limit",
            EXCESS + " at w_inf = w* + P_N(w0 - w*)",
            DETERMINISTIC);
    scale(b, in);
    b.constant("p", in.pKernel()).constant("kernelDim", (double) in.kernelDim());
    residualAssumption(b, in, in.pKernel());
    return b.finish(lowerCore(in.beta(), 0, 0, in.pKernel(), epsOrZero(in, in.pKernel())));
  }

  /**
   * T-RES-EXP (d): {@code E_S eps_n(S) <= diam^2 r / (n + 1)}, r = dimension of the span of all
   * candidate differences of the population ({@code <= d}), {@code diam <= 2B}: the seed's residual
   * {@code O(1/n)} (F9 of proofs/MODEL.md#facts states {@code 4 B^2 d / (n + 1)}).
   *
   * @param in the constants
   * @return the bound on the expected residual
   */
  @Theorem("T-RES-EXP")
  public static BoundResult residualExpectation(BoundInputs in) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-RES-EXP",
            BoundResult.MAIN,
            "The residual is O(1/n) in expectation",
            "E_S eps_n(S)",
            "in expectation over S");
    b.constant("diam", in.diameter()).constant("rank", (double) in.rank())
        .constant("n", (double) in.n());
    b.assume(
        Assumption.of(
            "iid", "S is an iid sample of n prompts from the population", true, null,
            "by construction of the sample"));
    double v = Up.div(Up.mul(Up.mul(in.diameter(), in.diameter()), in.rank()), in.n() + 1.0);
    b.note("F9 form (proofs/MODEL.md#facts): 4 B^2 d / (n + 1) >= this value");
    return b.finish(v);
  }

  // ---------------------------------------------------------------------------------------------
  // T-BE and T-HP

  /** The algorithm whose stability is bounded. */
  public enum Algorithm {
    /** Full-batch gradient ascent, constant step eta. */
    GA,
    /** Stochastic gradient ascent, eta_t = 1/(2 L sqrt t), uniform prompt per step. */
    SGA
  }

  /**
   * The uniform loss-stability bound gamma of the selected iterate (proofs/T-BE.md): GA: {@code
   * gamma = beta diam^2 r_u^2 / 8}, {@code r_u = min(D0, (lambdaBar / c_u) rho_u^T D0)}, {@code c_u
   * = beta e^{-diam D0} kappa_u}, {@code rho_u = 1 - eta c_u}; SGA: {@code gamma = beta diam^2 R2_u
   * / 4}, {@code R2_u = min(D0^2, (lambdaBar/c_u)^2 P_T^u D0^2)}. With {@code kappa_u = 0}: {@code
   * r_u = D0}.
   */
  private static double stabilityCore(
      BoundResult.Builder b, BoundInputs in, Algorithm alg, double step, int steps) {
    scale(b, in);
    b.constant("D0", in.d0()).constant("kappaUniform", in.kappaUniform());
    stepsAssumption(b, steps, 0);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    double diam2 = Up.mul(in.diameter(), in.diameter());
    if (alg == Algorithm.GA) {
      b.constant("eta", step).constant("lambdaBar", lambdaBar);
      b.assume(
          Assumption.byMargin(
              "step",
              "0 < eta and eta beta diam^2 / 4 <= 1 (implied by eta <= 1/L(D0))",
              step > 0 ? Down.sub(1, Up.mul(step, lambdaBar)) : -1,
              true,
              "eta = " + step));
      double cu = Constants.curvature(in.beta(), in.diameter(), in.d0(), in.kappaUniform());
      double r = in.d0();
      if (cu > 0) {
        double rho = Math.max(0, Up.sub(1, Down.mul(step, cu)));
        double ku = Up.div(lambdaBar, cu);
        r = Math.min(r, Up.mul(Up.mul(ku, pow(rho, steps)), in.d0()));
        b.constant("cUniform", cu).constant("rhoUniform", rho).constant("Kuniform", ku);
      }
      b.constant("rUniform", r);
      double gamma = Up.div(Up.mul(Up.mul(in.beta(), diam2), Up.mul(r, r)), 8);
      b.constant("gamma", gamma);
      return gamma;
    }
    Pair core = sgaCore(b, in, step, steps, in.kappaUniform(), in.d0(), false);
    b.constant("cUniform", core.second).constant("R2Uniform", core.first);
    double gamma = Up.div(Up.mul(Up.mul(in.beta(), diam2), core.first), 4);
    b.constant("gamma", gamma);
    return gamma;
  }

  /**
   * T-BE (e), stability in expectation (Bousquet and Elisseeff 2002, Lemma 7 / the replace-one
   * identity): the selected iterate of GA (or SGA, over S and the order) is gamma-uniformly stable
   * with gamma from {@link #stabilityUniform}, so {@code |E_S[F(A_S) - F_S(A_S)]| <= gamma}.
   *
   * @param in the constants (uses D0, kappa_u, diam)
   * @param alg the algorithm
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound on the expected generalisation gap
   */
  @Theorem("T-BE")
  public static BoundResult stabilityExpectation(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-BE",
            BoundResult.MAIN,
            "Uniform stability implies generalisation in expectation (Bousquet-Elisseeff 2002)",
            "|E_S[F(A_S) - F_S(A_S)]|, A_S = selected " + alg + " iterate",
            alg == Algorithm.GA ? "in expectation over S" : "in expectation over S and the order");
    double gamma = stabilityCore(b, in, alg, step, steps);
    return b.finish(gamma);
  }

  /**
   * T-BE (e), the uniform loss-stability bound itself: for all samples S, S^i differing in one
   * prompt and every prompt z, {@code |f(A_S; z) - f(A_{S^i}; z)| <= gamma} (SGA: in expectation
   * over a shared order).
   *
   * @param in the constants
   * @param alg the algorithm
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound on the uniform loss stability
   */
  @Theorem("T-BE")
  public static BoundResult stabilityUniform(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-BE",
            "stability",
            "Uniform loss stability of the selected iterate",
            "sup_{S, i, x', z} |f(A_S; z) - f(A_{S^i}; z)|",
            alg == Algorithm.GA
                ? "deterministic, uniform over samples"
                : "in expectation over a shared order, uniform over samples");
    double gamma = stabilityCore(b, in, alg, step, steps);
    return b.finish(gamma);
  }

  /** {@code gamma + ((2n - 1) gamma + M) sqrt(ln(2/delta) / (2n))}, M = 2 B ||theta*|| + gamma. */
  static double mcdiarmid(BoundResult.Builder b, BoundInputs in, double gamma) {
    double m = Up.add(Up.mul(Up.mul(2, in.bound()), in.thetaNorm()), gamma);
    double root = Up.sqrt(Up.div(Up.log(Up.div(2, in.delta())), Down.mul(2, in.n())));
    double coef = Up.add(Up.mul(2.0 * in.n() - 1, gamma), m);
    b.constant("M", m);
    return Up.add(gamma, Up.mul(coef, root));
  }

  /**
   * T-HP (e), stability with high probability (McDiarmid's inequality applied as in Bousquet and
   * Elisseeff 2002, Theorem 12, for replace-one stability): if the algorithm is deterministic and
   * gamma-uniformly stable with losses of range M over its outputs, then with probability {@code
   * >= 1 - delta} over S, {@code |gen_S(A_S)| <= gamma + ((2n - 1) gamma + M) sqrt(ln(2/delta) /
   * (2n))}; here {@code M = 2 B ||theta*|| + gamma}. Not applicable to SGA (randomised: its
   * stability holds only in expectation over the order).
   *
   * @param in the constants
   * @param alg the algorithm
   * @param step eta for GA, L for SGA
   * @param steps T
   * @return the bound
   */
  @Theorem("T-HP")
  public static BoundResult stabilityHighProbability(
      BoundInputs in, Algorithm alg, @PositiveReal double step, int steps) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-HP",
            BoundResult.MAIN,
            "Uniform stability implies generalisation with high probability (McDiarmid)",
            GAP + " at the selected " + alg + " iterate",
            PROB_S);
    double gamma = stabilityCore(b, in, alg, step, steps);
    b.assume(
        Assumption.of(
            "deterministic",
            "the algorithm is deterministic, so gamma bounds |f(A_S; z) - f(A_{S^i}; z)| surely",
            alg == Algorithm.GA,
            null,
            alg == Algorithm.GA ? "GA" : "SGA is stable only in expectation over the order"));
    b.assume(
        Assumption.of(
            "uniform-stability",
            "gamma is a uniform stability bound over all samples",
            true,
            gamma,
            "proven (T-BE)"));
    b.note("Feldman-Vondrak 2019 / Bousquet-Klochkov-Zhivotovskiy 2020 are sharper in order but"
        + " their constants are not verified here; not evaluated");
    return b.finish(mcdiarmid(b, in, gamma));
  }

  /**
   * T-HP (e) fed by a stability measured on one sample: never applicable (a measured stability is
   * not a uniform bound over all samples); the would-be value is reported as constant {@code
   * wouldBeValue}.
   *
   * @param in the constants
   * @param measuredGamma the measured loss stability
   * @return a not-applicable result carrying the would-be value
   */
  @Theorem("T-HP")
  public static BoundResult stabilityHighProbabilityMeasured(
      BoundInputs in, @NonNegativeReal double measuredGamma) {
    BoundResult.Builder b =
        BoundResult.builder(
            "T-HP",
            "measured-stability",
            "McDiarmid bound fed by a measured stability",
            GAP + " at the selected iterate",
            PROB_S);
    scale(b, in);
    b.constant("gamma", measuredGamma);
    b.constant("wouldBeValue", mcdiarmid(b, in, measuredGamma));
    b.assume(
        Assumption.of(
            "uniform-stability",
            "gamma is a uniform stability bound over all samples",
            false,
            measuredGamma,
            "measured on this sample only"));
    return b.finish(null);
  }
}
