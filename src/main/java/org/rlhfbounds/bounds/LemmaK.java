package org.rlhfbounds.bounds;

import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;

/**
 * The machinery of Lemma K (proofs/LEMMA-K.md) that every theorem of {@link TheoremRegistry}
 * calls: the two cores, the Hoeffding term, the curvature, and the assumptions the theorems
 * share, each recorded on a {@link BoundResult.Builder} as it is computed.
 *
 * <p>For every w, with {@code e = w - w*}, {@code r >= ||e_perp||}, {@code p = ||P_N e||} and
 * {@code mid = F(w*) - F_S(w*)},
 *
 * <pre>
 *   - beta (diam r + p sqrt(eps_n))^2 / 8  <=  gen_S(w) - mid  <=  beta diam^2 r^2 / 8,
 *   |mid| <= H = B ||theta*|| sqrt(2 ln(2/delta) / n)   with probability >= 1 - delta over S,
 * </pre>
 *
 * so {@code |gen_S(w)| <= H + beta (diam r + p sqrt(eps_n))^2 / 8} (the "lower core" dominates the
 * "upper core"); the optimisation error {@code F_S(w*) - F_S(w)} is at most the upper core and the
 * excess risk {@code F(w*) - F(w)} at most the lower core, deterministically. The theorems differ
 * only in how they bound {@code r} for the iterate they speak about.
 *
 * <p>Every value is rounded in the direction that keeps the bound above its real-number formula
 * ({@link Up}, {@link Down}): proofs/ROUNDING.md. Non-finite inputs propagate (an infinite radius
 * gives an infinite core, which {@link BoundResult.Builder#finish} reports as not representable);
 * NaN is never produced from finite non-negative inputs.
 *
 * <p>Thread-safe: stateless.
 */
@Theorem("ROUNDING")
final class LemmaK {
  private LemmaK() {}

  /** One part of a learner theorem, evaluated at the inputs, the step and T. */
  @FunctionalInterface
  interface Part {
    /**
     * Evaluates the part.
     *
     * @param in the inputs
     * @param step eta (GA) or L (SGA)
     * @param steps T
     * @return the result
     */
    BoundResult at(BoundInputs in, @PositiveReal double step, int steps);
  }

  /**
   * The parts of a theorem about one learner, each next to its measured quantity (part {@code
   * gap}: the gap, {@code opt}: the optimisation error, {@code excess}: the excess risk); empty
   * when the run used another learner.
   *
   * @param run the run
   * @param learner the learner the theorem speaks about
   * @param parts the parts, in report order
   * @return the results
   * @throws IllegalStateException if a part has another name
   */
  static List<BoundResult> forLearner(BoundContext run, Algorithm learner, Part... parts) {
    if (run.algorithm() != learner) {
      return List.of();
    }
    Measured m = run.measured();
    List<BoundResult> out = new ArrayList<>();
    for (Part p : parts) {
      BoundResult r = p.at(run.inputs(), run.step(), run.steps());
      Enclosure measured;
      switch (r.part()) {
        case BoundResult.MAIN:
          measured = m.gap();
          break;
        case "opt":
          measured = m.optError();
          break;
        case "excess":
          measured = m.excess();
          break;
        default:
          throw new IllegalStateException("no measured quantity for part " + r.part());
      }
      out.add(r.withMeasured(measured));
    }
    return out;
  }

  /**
   * {@code beta (diam r + mu q)^2 / 8}, rounded up: the upper core (sample side of Lemma K), for
   * {@code r >= ||P_R e||}, {@code q >= ||P_U e||} and the leakage {@code mu} (0 for an exact
   * kernel, when the core is {@code beta diam^2 r^2 / 8}).
   *
   * @param beta KL weight
   * @param diam feature diameter
   * @param r a bound on {@code ||P_R e||}
   * @param mu the sample leakage
   * @param q a bound on {@code ||P_U e||}
   * @return the core, rounded up
   */
  @Theorem("LEMMA-K")
  static double upperCore(double beta, double diam, double r, double mu, double q) {
    double s = Up.add(Up.mul(diam, r), Up.mul(mu, q));
    return Up.div(Up.mul(beta, Up.mul(s, s)), 8);
  }

  /**
   * {@code beta (diam r + p sqrt(eps))^2 / 8}, rounded up: the lower core (population side).
   *
   * @param beta KL weight
   * @param diam feature diameter
   * @param r a bound on {@code ||P_R e||}
   * @param p a bound on {@code ||P_U e||}
   * @param eps the residual {@code eps_n(S)}
   * @return the core, rounded up
   */
  @Theorem("LEMMA-K")
  static double lowerCore(double beta, double diam, double r, double p, double eps) {
    double s = Up.add(Up.mul(diam, r), Up.mul(p, Up.sqrt(eps)));
    return Up.div(Up.mul(beta, Up.mul(s, s)), 8);
  }

  /**
   * {@code max(upper core, lower core)} at radius {@code r}, recording both cores as constants:
   * the deviation of {@code gen_S(w)} from {@code F(w*) - F_S(w*)} allowed by Lemma K.
   *
   * @param b the result being built
   * @param in the inputs
   * @param r a bound on {@code ||e_perp||}
   * @param p {@code ||P_N e||}
   * @param eps the residual, or 0 when not needed
   * @return the larger core, rounded up
   */
  static double gapCore(BoundResult.Builder b, BoundInputs in, double r, double p, double eps) {
    double upper = upperCore(in.beta(), in.diameter(), r, in.leakage(), p);
    double lower = lowerCore(in.beta(), in.diameter(), r, p, eps);
    b.constant("upperCore", upper).constant("lowerCore", lower);
    return Math.max(upper, lower);
  }

  /**
   * The residual eps_n when it is needed (kernel and kernel component present), else 0.
   *
   * @param in the inputs
   * @param p {@code ||P_N e||}
   * @return eps_n or 0
   */
  static double epsOrZero(BoundInputs in, double p) {
    Double e = in.epsN();
    return in.kernelDim() > 0 && p > 0 && e != null ? e : 0;
  }

  /**
   * Records the scale constants {@code beta, B, diam, ||theta*||, n, delta}.
   *
   * @param b the result being built
   * @param in the inputs
   */
  static void scale(BoundResult.Builder b, BoundInputs in) {
    b.constant("beta", in.beta())
        .constant("B", in.bound())
        .constant("diam", in.diameter())
        .constant("thetaNorm", in.thetaNorm())
        .constant("n", (double) in.n())
        .constant("delta", in.delta());
  }

  /**
   * The Hoeffding term {@code H} of Lemma K item 5, recorded as {@code H}: {@link
   * Constants#hoeffding} with the range {@code 2 B ||theta*||}, or, when the population is finite
   * and known and its range {@code R_f} of {@code f(w*; .)} is smaller, {@link
   * Constants#hoeffdingRange} with {@code R_f} (recorded as {@code Rf}, with a note).
   *
   * @param b the result being built
   * @param in the inputs
   * @return H, rounded up
   */
  static double hoeffding(BoundResult.Builder b, BoundInputs in) {
    double h = Constants.hoeffding(in.bound(), in.thetaNorm(), in.n(), in.delta());
    double full = fullRange(in);
    Double rf = populationRange(in, full);
    if (rf != null) {
      h = Math.min(h, Constants.hoeffdingRange(Reals.nonNegative(rf, "R_f"), in.n(), in.delta()));
      b.constant("Rf", rf).note(RANGE_NOTE);
    }
    Double var = in.populationVariance();
    Double range = in.optimalValueRange();
    if (var != null && range != null) {
      double r = Math.min(range, full);
      double bern = Constants.bernstein(Reals.nonNegative(var, "Var_D"),
          Reals.nonNegative(r, "R"), in.n(), in.delta());
      b.constant("varF", var).constant("bernstein", bern);
      if (bern < h) {
        h = bern;
        b.note(BERNSTEIN_NOTE);
      }
    }
    b.constant("H", h);
    return h;
  }

  /** The note of a middle term that is Bernstein's with the finite population's variance. */
  static final String BERNSTEIN_NOTE =
      "middle term: Bernstein with the finite population's variance of f(w*; x) (LEMMA-K item 5)";

  /** The note of a middle term that uses the finite population's range of {@code f(w*; .)}. */
  static final String RANGE_NOTE =
      "middle term: range R_f = max_x f(w*;x) - min_x f(w*;x) of the finite population"
          + " (LEMMA-K item 5), not 2 B ||theta*||";

  /**
   * The range {@code R_f} of {@code f(w*; .)} over the known finite population when it is below
   * {@code 2 B ||theta*||} (rounded up), else null (the middle terms then use {@code 2 B
   * ||theta*||}).
   *
   * @param in the inputs
   * @return R_f or null
   */
  static @Nullable Double populationRange(BoundInputs in) {
    return populationRange(in, fullRange(in));
  }

  /**
   * {@link #populationRange(BoundInputs)} with {@code 2 B ||theta*||} already computed.
   *
   * @param in the inputs
   * @param full {@link #fullRange}
   * @return R_f or null
   */
  private static @Nullable Double populationRange(BoundInputs in, double full) {
    Double rf = in.optimalValueRange();
    return rf != null && rf < full ? rf : null;
  }

  /**
   * The width {@code 2 B ||theta*||} of the interval {@code [-B ||theta*||, B ||theta*||]} that
   * holds every {@code f(w*; x)} (LEMMA-K item 5), rounded up.
   *
   * @param in the inputs
   * @return 2 B ||theta*||, rounded up
   */
  private static double fullRange(BoundInputs in) {
    return Up.mul(Up.mul(2, in.bound()), in.thetaNorm());
  }

  /**
   * Checks the assumption {@code residual} (eps_n is known whenever the kernel part of the error
   * is not zero) at the start's kernel part {@code p} and returns the residual to use.
   *
   * @param b the result being built
   * @param in the inputs
   * @param p {@code ||P_N e||}
   * @return {@link #epsOrZero}
   */
  static double residual(BoundResult.Builder b, BoundInputs in, double p) {
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
    return epsOrZero(in, p);
  }

  /**
   * Checks the assumption {@code coverage} (kappa_S^+ exists, or nothing is covered).
   *
   * @param b the result being built
   * @param in the inputs
   * @return kappa+ when it is needed and exists, else null
   */
  static @Nullable Double coverage(BoundResult.Builder b, BoundInputs in) {
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

  /**
   * The curvature {@code c = beta e^{-X} kappa+} of a run ({@link Drift#curvature}, rounded down),
   * recorded as {@code c}, with the assumption {@code curvature} ({@code c > 0}).
   *
   * @param b the result being built
   * @param in the inputs
   * @param drift the run's drift (gives X)
   * @param kappaPlus kappa+
   * @return c
   */
  static double curvature(BoundResult.Builder b, BoundInputs in, Drift drift, double kappaPlus) {
    return recordCurvature(b, drift.curvature(in, Reals.nonNegative(kappaPlus, "kappaPlus")));
  }

  /** Records {@code c} and the assumption {@code curvature}; returns c. */
  private static double recordCurvature(BoundResult.Builder b, double c) {
    b.constant("c", c);
    curvatureAssumption(b, c);
    return c;
  }

  /**
   * The curvature {@code c} of T-GA-SHARP and T-SGA-SHARP: {@link #curvature}'s {@code beta
   * e^{-X} kappa+}, or, when the inputs carry T-GA-ADAPT's curvature profile and it gives more,
   * {@code beta e^{-mu Q} kappa(Dbar)} (the profile's bound holds at every w with {@code ||P_R e||
   * <= Dbar}, {@code ||P_U e|| <= Q}); rounded down, recorded as {@code c} (the worst-case value as
   * {@code cWorst} when replaced), with the assumption {@code curvature}.
   *
   * @param b the result being built
   * @param in the inputs
   * @param drift the run's drift (gives X, Dbar and Q)
   * @param kappaPlus kappa+
   * @return c
   */
  static double sharpCurvature(
      BoundResult.Builder b, BoundInputs in, Drift drift, double kappaPlus) {
    double c = drift.curvature(in, Reals.nonNegative(kappaPlus, "kappaPlus"));
    CurvatureProfile profile = in.curvatureProfile();
    if (profile != null && Double.isFinite(drift.dbar())) {
      double k = profile.lowerBound(Reals.nonNegative(drift.dbar(), "Dbar"));
      double cp = Down.mul(Down.mul(in.beta(), Down.exp(-Up.mul(in.leakage(), drift.q()))), k);
      if (cp > c) {
        b.constant("cWorst", c);
        b.note("curvature: c = beta e^{-mu Q} kappa(Dbar) from the curvature profile (T-GA-ADAPT)");
        c = cp;
      }
    }
    return recordCurvature(b, c);
  }

  /**
   * The assumption {@code curvature}: {@code c > 0} (no underflow).
   *
   * @param b the result being built
   * @param c the curvature
   */
  static void curvatureAssumption(BoundResult.Builder b, double c) {
    b.assume(
        Assumption.byMargin(
            "curvature", "c = beta e^{-X} kappa+ > 0 (no underflow)", c, false, ""));
  }

  /**
   * The assumption {@code steps} ({@code T >= min}), recording {@code T}.
   *
   * @param b the result being built
   * @param steps T
   * @param min the least T the theorem allows
   */
  static void steps(BoundResult.Builder b, int steps, int min) {
    b.assume(Assumption.byMargin("steps", "T >= " + min, steps - min, true, "T = " + steps));
    b.constant("T", (double) steps);
  }

  /**
   * The assumption {@code step} of constant-step GA: {@code 0 < eta} and {@code eta beta diam^2 / 4
   * <= 1}, with margin {@code 1 - eta lambdaBar}.
   *
   * @param b the result being built
   * @param eta the step
   * @param lambdaBar {@code beta diam^2 / 4}, rounded up
   */
  static void gaStep(BoundResult.Builder b, double eta, double lambdaBar) {
    b.assume(
        Assumption.byMargin(
            "step",
            "0 < eta and eta beta diam^2 / 4 <= 1 (implied by eta <= 1/L(D0))",
            eta > 0 ? Down.sub(1, Up.mul(eta, lambdaBar)) : -1,
            true,
            "eta = " + eta));
  }

  /**
   * Records what every constant-step GA theorem records first: the scale, {@code eta, D_perp, p},
   * the assumptions {@code steps} ({@code T >= 0}) and {@code step} ({@code eta lambdaBar <= 1}),
   * and the run's drift (LEMMA-DRIFT) with its constants.
   *
   * @param b the result being built
   * @param in the inputs
   * @param eta the step
   * @param steps T
   * @return the drift of the run
   */
  static Drift gaRun(BoundResult.Builder b, BoundInputs in, double eta, int steps) {
    LemmaK.scale(b, in);
    b.constant("eta", eta).constant("Dperp", in.dPerp()).constant("p", in.pKernel());
    LemmaK.steps(b, steps, 0);
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    b.constant("lambdaBar", lambdaBar);
    LemmaK.gaStep(b, eta, lambdaBar);
    Drift dr = Drift.ga(in, eta, steps);
    dr.record(b, in);
    return dr;
  }

  /**
   * {@code base^t} rounded up, with {@code base^0 = 1} and {@code 0^t = 0} for {@code t > 0}.
   *
   * @param base a number in {@code [0, 1]}
   * @param t the exponent, {@code >= 0}
   * @return the power, rounded up
   */
  static double pow(double base, int t) {
    if (t == 0) {
      return 1;
    }
    return base == 0 ? 0 : Up.pow(base, t);
  }

  /**
   * The seed-form tail shared by T-GA-SEED and T-SGA-SEED: {@code H + c1 T^{-q} + beta y (2 diam
   * a + y) / 8} (the extra term recorded as {@code extraTerm} when positive), rounded up. With
   * {@code r <= a + y / diam} the lemma's core {@code beta (diam r + ...)^2 / 8} is {@code beta
   * diam^2 a^2 / 8 + beta y (2 diam a + y) / 8}, and {@code beta diam^2 a^2 / 8 <= c1 T^{-q}}.
   *
   * @param b the result being built
   * @param in the inputs
   * @param h the Hoeffding term (0 for a deterministic part)
   * @param c1 the rate coefficient
   * @param tq {@code T^{-q}}, rounded up
   * @param a the rate part of the radius
   * @param y the extra part of {@code diam r + ...}: leakage, rounding and kernel terms
   * @return the seed-form value
   */
  static double seedTail(
      BoundResult.Builder b, BoundInputs in, double h, double c1, double tq, double a, double y) {
    double value = Up.add(h, Up.mul(c1, tq));
    if (y > 0) {
      double extra =
          Up.div(Up.mul(in.beta(), Up.mul(y, Up.add(Up.mul(2, Up.mul(in.diameter(), a)), y))), 8);
      b.constant("extraTerm", extra);
      value = Up.add(value, extra);
    }
    return value;
  }

  /**
   * The rate of a seed-form theorem (T-GA-SEED, T-SGA-SEED) for one run: the coefficient {@code
   * c1} of {@code T^{-q}}, the rate part {@code a} of the radius ({@code beta diam^2 a^2 / 8 <= c1
   * T^{-q}}), the extra part {@code y} of {@code diam r + mu Q} (selection floor, leakage and
   * rounding; 0 for an exact kernel in exact arithmetic), and the run's drift.
   *
   * @param c1 the rate coefficient
   * @param a the rate part of the radius
   * @param y the extra part
   * @param drift the run's drift
   */
  record SeedRate(double c1, double a, double y, Drift drift) {}

  /**
   * The sharper form a seed-form theorem proves next to the seed's, recorded as {@code
   * valueRate1}.
   */
  @FunctionalInterface
  interface ProvenForm {
    /**
     * Evaluates the proven form.
     *
     * @param h the Hoeffding term (0 for a deterministic part)
     * @param eps the residual used (0 for a deterministic part)
     * @return the value, rounded up
     */
    double value(double h, double eps);
  }

  /**
   * A part of a seed-form theorem being built: its result builder and the run's rate, recorded on
   * it. The theorems differ only in how they bound the rate; the tails below are shared.
   *
   * @param b the result being built
   * @param rate the run's rate
   */
  record SeedPart(BoundResult.Builder b, SeedRate rate) {

    /**
     * Finishes the gap part in the seed's form {@link #seedTail H + c1 T^{-q} + extra} at {@code
     * y' = y + Q max(0, sqrt(eps_n) - mu)}, which covers both cores of Lemma K; not applicable when
     * {@code T < 1} (assumption {@code steps}).
     *
     * @param in the inputs
     * @param steps T
     * @param exponent {@code -q}
     * @param proven the proven form, or null when the theorem records none
     * @param notes the notes of the result
     * @return the result
     */
    BoundResult gap(
        BoundInputs in, int steps, double exponent, @Nullable ProvenForm proven, String... notes) {
      double h = hoeffding(b, in);
      if (steps < 1) {
        return b.finish(null); // assumption "steps" fails
      }
      double q = rate.drift().q();
      double eps = residual(b, in, q);
      if (proven != null) {
        b.constant("valueRate1", proven.value(h, eps));
      }
      double yGap = Up.add(rate.y(), Up.mul(q, Math.max(0, Up.sub(Up.sqrt(eps), in.leakage()))));
      double value = seedTail(b, in, h, rate.c1(), Up.pow(steps, exponent), rate.a(), yGap);
      for (String note : notes) {
        b.note(note);
      }
      return b.finish(value);
    }

    /**
     * Finishes the optimisation part in the seed's form {@code c1 T^{-q} + extra} (no Hoeffding
     * term: the part is deterministic given S); not applicable when {@code T < 1}.
     *
     * @param in the inputs
     * @param steps T
     * @param exponent {@code -q}
     * @param proven the proven form, or null when the theorem records none
     * @return the result
     */
    BoundResult optimisation(
        BoundInputs in, int steps, double exponent, @Nullable ProvenForm proven) {
      if (steps < 1) {
        return b.finish(null); // assumption "steps" fails
      }
      if (proven != null) {
        b.constant("valueRate1", proven.value(0, 0));
      }
      return b.finish(seedTail(b, in, 0, rate.c1(), Up.pow(steps, exponent), rate.a(), rate.y()));
    }
  }

  /**
   * {@code num / den} rounded up for {@code num >= 0}, {@code den >= 0}: {@code +inf} when the
   * denominator underflowed to 0 (and 0 when the numerator is 0), never an exception.
   *
   * @param num the numerator
   * @param den the denominator
   * @return the quotient, rounded up
   */
  static double divUp(double num, double den) {
    if (den > 0) {
      return Up.div(num, den);
    }
    return num == 0 ? 0 : Double.POSITIVE_INFINITY;
  }

  /**
   * The number of per-prompt gradients of {@code steps} full gradients on {@code n} prompts.
   *
   * @param steps the number of full gradients
   * @param n the sample size
   * @return {@code steps n}
   */
  static long prompts(long steps, int n) {
    return steps * n;
  }
}
