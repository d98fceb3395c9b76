package org.rlhfbounds.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.bounds.BoundCases.At;
import org.rlhfbounds.bounds.BoundCases.Case;
import org.rlhfbounds.bounds.BoundCases.Run;
import org.rlhfbounds.bounds.Frequencies.Tightness;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.objective.Objective;

/**
 * Properties of T-OPT, T-GA-SHARP, T-GA-ADAPT and T-GA-SEED on random finite instances (every family, with and
 * without coverage, near-degenerate included; exact population quantities), with a GA loop in
 * test code. Deterministic statements (the optimisation error, the excess risk, the two cores of
 * Lemma K around {@code mid = F(w*) - F_S(w*)}, the radius of the selected iterate) are asserted
 * on every example; the gap bounds (probability {@code >= 1 - delta} over S) by their violation
 * count against the 99.9% binomial quantile of {@link Frequencies}.
 */
class GaBoundProperties {
  static final double DELTA = 0.05;

  /** The step: the seed's 1/L(D0), the trajectory 1/L_S, or 0.95 / lambdaBar (SHARP only). */
  static double step(Case c, BoundInputs in, SplittableRandom r) {
    Instance inst = c.inst();
    double lambdaBar = Constants.curvatureCeiling(in.beta(), in.diameter());
    switch (r.nextInt(3)) {
      case 0:
        return 1 / Constants.smoothness(inst.beta(), inst.featureBound(), in.d0());
      case 1:
        double ls = Constants.trajectorySmoothness(in.beta(), in.diameter(), in.dPerp());
        return ls > 0 ? 1 / ls / (1 + 1e-12) : 1;
      default:
        return lambdaBar > 0 ? 0.95 / lambdaBar : 1;
    }
  }

  @Test
  void gaBoundsHoldOnEveryExample() {
    Tightness tight = new Tightness("GA, random finite instances (1000 examples)");
    AtomicInteger examples = new AtomicInteger();
    AtomicInteger sharpViolations = new AtomicInteger();
    AtomicInteger seedViolations = new AtomicInteger();
    AtomicInteger optViolations = new AtomicInteger();
    AtomicInteger ebViolations = new AtomicInteger();
    BoundGens.qt(0x4A01L)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              Case c = BoundCases.random(seed, 200, false);
              Objective o = Objective.of(c.inst());
              BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), DELTA);
              double eta = step(c, in, new SplittableRandom(seed ^ 0x5DEECE66DL));
              int t = c.steps();
              Run run = BoundCases.ga(o, c.sample(), c.w0(), eta, t);
              CoveredSubspace cov = CoveredSubspace.of(o, c.sample());
              At at = BoundCases.measure(o, c, cov, run.best());
              double tol = BoundCases.tolerance(c, run.best());
              double dev = at.gen() - at.mid();
              String where = BoundCases.describe(c, "eta", eta, "in", in, "at", at);
              examples.incrementAndGet();

              BoundResult gap = GaSharpTheorem.gap(in, Reals.positive(eta, "eta"), t);
              BoundResult opt = GaSharpTheorem.optimisation(in, Reals.positive(eta, "eta"), t);
              BoundResult exc = GaSharpTheorem.excess(in, Reals.positive(eta, "eta"), t);
              if (gap.applicable()) {
                double r = gap.constant("r");
                assertTrue(at.ePerp() <= r * (1 + 1e-9) + 1e-12 * (1 + in.d0()),
                    () -> "T-GA-SHARP radius: ||e_perp|| = " + at.ePerp() + " > r_T = " + r + " "
                        + where);
                assertTrue(dev <= gap.constant("upperCore") + tol,
                    () -> "Lemma K upper core: " + dev + " > " + gap.constant("upperCore") + " "
                        + where);
                assertTrue(-dev <= gap.constant("lowerCore") + tol,
                    () -> "Lemma K lower core: " + dev + " < -" + gap.constant("lowerCore") + " "
                        + where);
                assertTrue(opt.applicable() && exc.applicable());
                assertTrue(at.opt() <= opt.requireValue() + tol,
                    () -> "T-GA-SHARP#opt: " + at.opt() + " > " + opt.requireValue() + " " + where);
                assertTrue(at.excess() <= exc.requireValue() + tol,
                    () -> "T-GA-SHARP#excess: " + at.excess() + " > " + exc.requireValue() + " "
                        + where);
                if (Math.abs(at.gen()) > gap.requireValue()) {
                  sharpViolations.incrementAndGet();
                }
                tight.add("T-GA-SHARP", gap.requireValue(), Math.abs(at.gen()), 1e-9);
                tight.add("T-GA-SHARP#opt", opt.requireValue(), at.opt(), 1e-9);
                tight.add("T-GA-SHARP#excess", exc.requireValue(), at.excess(), 1e-9);
              }
              BoundResult ao = GaAdaptiveTheorem.optimisation(in, Reals.positive(eta, "eta"), t);
              BoundResult ae = GaAdaptiveTheorem.excess(in, Reals.positive(eta, "eta"), t);
              if (ao.applicable()) {
                double r = ao.constant("r");
                assertTrue(at.ePerp() <= r * (1 + 1e-9) + 1e-12 * (1 + in.d0()),
                    () -> "T-GA-ADAPT radius: ||e_perp|| = " + at.ePerp() + " > r = " + r + " "
                        + where);
                assertTrue(ae.applicable(), () -> "T-GA-ADAPT#excess not applicable " + where);
                assertTrue(at.opt() <= ao.requireValue() + tol,
                    () -> "T-GA-ADAPT#opt: " + at.opt() + " > " + ao.requireValue() + " " + where);
                assertTrue(at.excess() <= ae.requireValue() + tol,
                    () -> "T-GA-ADAPT#excess: " + at.excess() + " > " + ae.requireValue() + " "
                        + where);
                tight.add("T-GA-ADAPT#opt", ao.requireValue(), at.opt(), 1e-9);
                tight.add("T-GA-ADAPT#excess", ae.requireValue(), at.excess(), 1e-9);
              }
              BoundResult eb = EmpiricalBernsteinTheorem.gap(in, Reals.positive(eta, "eta"), t);
              if (eb.applicable()) {
                // the cores are those of T-GA-SHARP at min(r_T, T-GA-ADAPT's r)
                assertTrue(gap.applicable(), () -> "T-HP-EB applicable without T-GA-SHARP " + where);
                double rEb = eb.constant("r");
                assertTrue(rEb <= gap.constant("r"), () -> "T-HP-EB radius above r_T " + where);
                assertTrue(at.ePerp() <= rEb * (1 + 1e-9) + 1e-12 * (1 + in.d0()),
                    () -> "T-HP-EB radius: ||e_perp|| = " + at.ePerp() + " > r = " + rEb + " "
                        + where);
                if (rEb == gap.constant("r")) {
                  assertEquals(gap.constant("upperCore"), eb.constant("upperCore"), 0);
                  assertEquals(gap.constant("lowerCore"), eb.constant("lowerCore"), 0);
                } else {
                  assertEquals(ao.constant("r"), rEb, 0, () -> "T-HP-EB: r is T-GA-ADAPT's " + where);
                }
                double core = Math.max(eb.constant("upperCore"), eb.constant("lowerCore"));
                assertTrue(eb.requireValue() >= eb.constant("E") + core,
                    () -> "T-HP-EB: value below E + core " + eb + " " + where);
                if (Math.abs(at.gen()) > eb.requireValue()) {
                  ebViolations.incrementAndGet();
                }
                tight.add("T-HP-EB", eb.requireValue(), Math.abs(at.gen()), 1e-9);
              }
              if (t >= 1) {
                BoundResult sg = GaSeedTheorem.gap(in, Reals.positive(eta, "eta"), t);
                BoundResult so = GaSeedTheorem.optimisation(in, Reals.positive(eta, "eta"), t);
                if (sg.applicable()) {
                  double core = (sg.requireValue() - sg.constant("H")) * (1 + 1e-12);
                  assertTrue(Math.abs(dev) <= core + tol,
                      () -> "T-GA-SEED core: |gen - mid| = " + Math.abs(dev) + " > " + core + " "
                          + where);
                  double rate1 = (sg.constant("valueRate1") - sg.constant("H")) * (1 + 1e-12);
                  assertTrue(Math.abs(dev) <= rate1 + tol,
                      () -> "T-GA-SEED T^-1 core: " + Math.abs(dev) + " > " + rate1 + " " + where);
                  assertTrue(at.opt() <= so.requireValue() + tol,
                      () -> "T-GA-SEED#opt: " + at.opt() + " > " + so.requireValue() + " " + where);
                  if (Math.abs(at.gen()) > sg.requireValue()) {
                    seedViolations.incrementAndGet();
                  }
                  tight.add("T-GA-SEED", sg.requireValue(), Math.abs(at.gen()), 1e-9);
                  tight.add("T-GA-SEED#opt", so.requireValue(), at.opt(), 1e-9);
                }
              }
              double gEff = run.bestGradNorm() + Bounds.gradientTolerance(c.inst(), in.d0());
              BoundResult so = StationaryPointTheorem.gap(in, Reals.nonNegative(gEff, "g"), in.dPerp(),
                  in.pKernel());
              if (so.applicable()) {
                double r = so.constant("r");
                assertTrue(at.ePerp() <= r * (1 + 1e-9) + 1e-12 * (1 + in.d0()),
                    () -> "T-OPT radius: " + at.ePerp() + " > " + r + " " + where);
                double core = Math.max(so.constant("upperCore"), so.constant("lowerCore"));
                assertTrue(Math.abs(dev) <= core + tol,
                    () -> "T-OPT core: " + Math.abs(dev) + " > " + core + " " + where);
                if (Math.abs(at.gen()) > so.requireValue()) {
                  optViolations.incrementAndGet();
                }
                tight.add("T-OPT", so.requireValue(), Math.abs(at.gen()), 1e-9);
              }
            });
    int n = examples.get();
    int q = Frequencies.allowedViolations(n, DELTA);
    System.out.println(tight.table());
    System.out.printf(
        "GA gap violations at delta = %.2f over %d examples: T-GA-SHARP %d, T-GA-SEED %d, T-OPT %d,"
            + " T-HP-EB %d (allowed %d)%n",
        DELTA, n, sharpViolations.get(), seedViolations.get(), optViolations.get(),
        ebViolations.get(), q);
    assertTrue(sharpViolations.get() <= q, "T-GA-SHARP violations " + sharpViolations.get());
    assertTrue(seedViolations.get() <= q, "T-GA-SEED violations " + seedViolations.get());
    assertTrue(optViolations.get() <= q, "T-OPT violations " + optViolations.get());
    assertTrue(ebViolations.get() <= q, "T-HP-EB violations " + ebViolations.get());
  }

  /**
   * The Hoeffding step alone, the only random ingredient of the gap bounds, at three levels of
   * delta: over many samples of fixed populations, the frequency of {@code |F(w*) - F_S(w*)| >
   * H(n, delta)} stays below the binomial quantile.
   */
  @Test
  void hoeffdingTermViolationFrequency() {
    middleTermFrequency("Hoeffding", 0x4A02L, 300, (c, delta) -> Constants.hoeffding(
        Constants.maxFeatureNorm(c.pop().prompts()), Constants.norm(c.inst().theta()),
        c.sample().size(), delta));
  }

  /**
   * The Hoeffding step with the finite population's range {@code R_f} of {@code f(w*; .)} (LEMMA-K
   * item 5), the width every gap theorem and T-HP-EB use for a known finite population: the same
   * frequency check, with {@code H_f} read from a theorem's recorded {@code H} on the inputs of
   * {@link Bounds#inputs}, so the whole path is checked; some cases must have {@code H_f} below
   * the range-{@code 2 B ||theta*||} term, else the check would say nothing new.
   */
  @Test
  void populationRangeHoeffdingViolationFrequency() {
    AtomicInteger narrower = new AtomicInteger();
    middleTermFrequency("population-range Hoeffding", 0x4A04L, 200, (c, delta) -> {
      BoundInputs in = Bounds.inputs(c.inst(), c.sample(), c.w0(), delta);
      double h = ResidualTheorem.gap(in).constant("H");
      if (h < Constants.hoeffding(in.bound(), in.thetaNorm(), in.n(), delta)) {
        narrower.incrementAndGet();
      }
      return h;
    });
    assertTrue(narrower.get() > 0, "R_f never below 2 B ||theta*||: the property checks nothing new");
  }

  /** A bound on {@code |F(w*) - F_S(w*)|} for samples of a case's size and population. */
  @FunctionalInterface
  private interface MiddleBound {
    double at(Case c, @PositiveProbability double delta);
  }

  /**
   * Over {@code examples} random cases times 10 fresh samples of the case's size, the frequency of
   * {@code |F(w*) - F_S(w*)| > bound} stays below the binomial quantile at delta = 0.5, 0.2, 0.05.
   */
  private static void middleTermFrequency(
      String name, long seed, int examples, MiddleBound bound) {
    double[] deltas = {0.5, 0.2, 0.05};
    int[] violations = new int[deltas.length];
    AtomicInteger trials = new AtomicInteger();
    BoundGens.qt(seed, examples)
        .forAll(BoundGens.seeds())
        .checkAssert(
            caseSeed -> {
              Case c = BoundCases.random(caseSeed, 0, false);
              Objective o = Objective.of(c.inst());
              double popValue = o.gibbsValue(c.pop());
              double[] h = new double[deltas.length];
              for (int j = 0; j < deltas.length; j++) {
                h[j] = bound.at(c, Reals.positiveProbability(deltas[j], "delta"));
              }
              SplittableRandom r = new SplittableRandom(caseSeed);
              for (int k = 0; k < 10; k++) {
                double mid = popValue - o.gibbsValue(c.pop().sample(c.sample().size(), r));
                trials.incrementAndGet();
                for (int j = 0; j < deltas.length; j++) {
                  if (Math.abs(mid) > h[j]) {
                    violations[j]++;
                  }
                }
              }
            });
    Frequencies.assertBelowQuantile(name, deltas, violations, trials.get());
  }

  /**
   * The Hoeffding step on near-extremal populations, where it is nearly tight: two prompts whose
   * candidates all share the feature {@code +B u} or {@code -B u}, with {@code theta* = t u}, so
   * {@code f(w*; x) = +-B t} with probability 1/2 each (the largest variance the range allows).
   * Over 300 populations times 10 samples, the violation frequency of {@code |mid| > H} stays below
   * the binomial quantile at delta = 0.5 and 0.2 (observed rates are about 0.1 and 0.01 for large
   * n, against 0.5 and 0.2; a Hoeffding term a factor 4 too small raises them to about 0.7).
   */
  @Test
  void hoeffdingTermOnTwoPointPopulations() {
    double[] deltas = {0.5, 0.2};
    int[] violations = new int[deltas.length];
    AtomicInteger trials = new AtomicInteger();
    BoundGens.qt(0x4A03L, 300)
        .forAll(BoundGens.seeds())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              int d = 1 + r.nextInt(3);
              double b = 0.5 + r.nextDouble();
              double t = 0.2 + 2 * r.nextDouble();
              double[] u = new double[d];
              u[0] = 1;
              double[] data = new double[4 * d];
              for (int j = 0; j < d; j++) {
                data[j] = b * u[j];
                data[d + j] = b * u[j];
                data[2 * d + j] = -b * u[j];
                data[3 * d + j] = -b * u[j];
              }
              var pop = org.rlhfbounds.model.FiniteDistribution.uniform(
                  org.rlhfbounds.model.Features.uniform(data, 2, 2, d, "two-point"));
              double[] theta = new double[d];
              theta[0] = t;
              Instance inst = Instance.of(1.0, theta, new double[d], Reals.positive(b, "B"), pop);
              Objective o = Objective.of(inst);
              double popValue = o.gibbsValue(pop);
              int n = 1 + r.nextInt(60);
              for (int k = 0; k < 10; k++) {
                var smp = pop.sample(n, r);
                double mid = popValue - o.gibbsValue(smp);
                trials.incrementAndGet();
                for (int j = 0; j < deltas.length; j++) {
                  double h = Constants.hoeffding(Constants.maxFeatureNorm(pop.prompts()),
                      Constants.norm(theta), n, Reals.positiveProbability(deltas[j], "delta"));
                  if (Math.abs(mid) > h) {
                    violations[j]++;
                  }
                }
              }
            });
    Frequencies.assertBelowQuantile("two-point Hoeffding", deltas, violations, trials.get());
  }
}
