package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.testkit.GeneratedInstance;
import org.rlhfbounds.testkit.RandomInstances;
import org.rlhfbounds.testkit.RandomVectors;
import org.rlhfbounds.testkit.RandomVectors.ParameterKind;
import org.rlhfbounds.testkit.quicktheories.Gens;
import org.rlhfbounds.testkit.Linalg;
import org.rlhfbounds.testkit.PromptMoments;
import org.rlhfbounds.testkit.Scales;

/**
 * proofs/F3.md: the Hessian {@code -beta (Sigma_w + T_w[w - w*])}; {@code
 * lambda_max(Sigma_w(x)) <= diam(x)^2 / 4 <= B^2}; {@code ||T_w[v]|| <= diam(x)^3/4 ||v|| <= 2 B^3
 * ||v||}; {@code F_S} is {@code L(D)}-smooth on {@code ||w - w*|| <= D}, {@code L(D) = beta B^2 (1
 * + 2 B D)} (sharpened: {@code beta max_i diam_i^2/4 (1 + diam_i D)}).
 */
class CurvatureProperties {
  /** An instance, a parameter and a unit direction. */
  record Case(GeneratedInstance g, double[] w, double[] v) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w) + " v=" + Arrays.toString(v);
    }
  }

  static Gen<Case> cases(boolean moderate) {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          ParameterKind[] kinds = {
            ParameterKind.NEAR_OPTIMUM, ParameterKind.SPHERE_AROUND_OPTIMUM,
            ParameterKind.NEAR_REFERENCE
          };
          double[] w =
              moderate
                  ? RandomVectors.parameter(rng, g.instance(), kinds[rng.nextInt(kinds.length)])
                  : RandomVectors.parameter(rng, g.instance());
          return new Case(g, w, RandomVectors.direction(rng, w.length));
        });
  }

  /**
   * {@code (grad F(w + h v) - grad F(w - h v)) / 2h}, {@code h = 1e-4 / B}, against {@link
   * Objective#hessianVector}. Tolerance: truncation {@code h^2/6 beta (28 B^5 (||e|| + h) + 21
   * B^4)} (a fifth and a fourth joint cumulant, proofs/F3.md) plus the rounding of the two
   * gradients ({@link Scales#gradient}) divided by {@code 2h} plus the rounding of {@code H v}
   * ({@code 4 beta (1 + 2B||e||)} times {@link Scales#covariance} at {@code diam = 2B}).
   */
  @Test
  void hessianVectorMatchesGradientDifferences() {
    Gens.qt(0xF3_0001L)
        .forAll(cases(true))
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              FiniteDistribution pop = c.g().distribution();
              int d = inst.dim();
              int k = pop.prompts().maxCandidates();
              double b = inst.featureBound();
              double beta = inst.beta();
              double h = 1e-4 / b;
              double[] wp = Linalg.plus(c.w(), h, c.v());
              double[] wm = Linalg.plus(c.w(), -h, c.v());
              double[] gp = o.gradient(pop, wp);
              double[] gm = o.gradient(pop, wm);
              double[] fd = new double[d];
              for (int j = 0; j < d; j++) {
                fd[j] = (gp[j] - gm[j]) / (2 * h);
              }
              double[] hv = o.hessianVector(pop, c.w(), c.v());
              double e = Linalg.norm(Linalg.minus(c.w(), inst.wStar()));
              double trunc =
                  h * h / 6 * beta * (28 * Math.pow(b, 5) * (e + h) + 21 * Math.pow(b, 4));
              double[] wRef = inst.wRef();
              double round =
                  (Scales.gradient(inst, k, wp, o.kl(pop, wp, wRef))
                          + Scales.gradient(inst, k, wm, o.kl(pop, wm, wRef)))
                      / (2 * h)
                  + 4 * beta * (1 + 2 * b * e) * Scales.covariance(inst, k, c.w(), 2 * b);
              double gap = Linalg.norm(Linalg.minus(fd, hv));
              assertTrue(
                  gap <= trunc + round,
                  "||FD - Hv|| = " + gap + " (|Hv| = " + Linalg.norm(hv) + "), tol "
                      + (trunc + round));
            });
  }

  /**
   * {@link Objective#hessianVector} against {@code -beta sum_i mu_i (Sigma_i + T_i[w - w*]) v}
   * built densely in the test from the policy probabilities. Tolerance {@code 4 beta (1 + 2 B
   * ||e||)} times the covariance tolerance {@link Scales#covariance} at {@code diam = 2B}: every
   * term is a covariance-like sum weighted by {@code 1 + <c_a, u>}.
   */
  @Test
  void hessianVectorIsMinusBetaTimesCovariancePlusThirdMoment() {
    Gens.qt(0xF3_0002L)
        .forAll(cases(false))
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              FiniteDistribution pop = c.g().distribution();
              Features f = pop.prompts();
              int d = inst.dim();
              double b = inst.featureBound();
              double[] e = Linalg.minus(c.w(), inst.wStar());
              double[] dense = new double[d];
              for (int i = 0; i < f.size(); i++) {
                PromptMoments m = PromptMoments.of(f, i, o.probabilities(f, i, c.w()));
                double[] s = Linalg.apply(m.covariance(), c.v());
                double[] t = Linalg.apply(m.third(e), c.v());
                for (int j = 0; j < d; j++) {
                  dense[j] -= pop.weight(i) * inst.beta() * (s[j] + t[j]);
                }
              }
              double[] hv = o.hessianVector(pop, c.w(), c.v());
              double tol =
                  4
                      * inst.beta()
                      * (1 + 2 * b * Linalg.norm(e))
                      * Scales.covariance(inst, f.maxCandidates(), c.w(), 2 * b);
              double gap = Linalg.norm(Linalg.minus(hv, dense));
              assertTrue(gap <= tol, "||Hv - dense|| = " + gap + ", tol " + tol);
            });
  }

  /**
   * {@code lambda_max(Sigma_w(x)) <= diam(x)^2 / 4 <= B^2} on every prompt, with {@code Sigma}
   * from {@link Objective#covariance}. Tolerance {@link Scales#covariance}: the probabilities carry
   * a relative error {@code eps_w} that grows with the logits, the computed mean an absolute error
   * {@code delta ~ eps_w B} (which does not shrink with the diameter), so the computed matrix is off
   * by about {@code eps_w diam^2 + 2 delta diam + delta^2}.
   */
  @Test
  void covarianceSpectrumIsAtMostQuarterDiameterSquared() {
    Gens.qt(0xF3_0003L)
        .forAll(cases(false))
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              Features f = c.g().distribution().prompts();
              double b = inst.featureBound();
              for (int i = 0; i < f.size(); i++) {
                double diam = Linalg.diameter(f, i);
                double[] eig = Linalg.eigenvalues(o.covariance(Linalg.onePrompt(f, i), c.w()));
                double lmax = eig[eig.length - 1];
                double tol = Scales.covariance(inst, f.candidates(i), c.w(), diam);
                assertTrue(
                    lmax <= diam * diam / 4 + tol,
                    "prompt " + i + ": lambda_max " + lmax + " > diam^2/4 = " + diam * diam / 4);
                assertTrue(
                    diam * diam / 4 <= b * b * (1 + 1e-15),
                    "prompt " + i + ": diam^2/4 = " + diam * diam / 4 + " > B^2 = " + b * b);
                assertTrue(eig[0] >= -tol, "prompt " + i + ": lambda_min " + eig[0] + " < 0");
              }
            });
  }

  /**
   * {@code ||T_w[v]|| <= max_a ||c_a|| lambda_max(Sigma_w) ||v|| <= diam^3/4 ||v|| <= 2 B^3 ||v||}
   * on every prompt, for a random unit {@code v} and for {@code v = e / ||e||}; {@code T_w[v] =
   * sum_a p_a <c_a, v> c_a c_a^T} is built as a matrix in the test from the policy probabilities of
   * {@link Objective#probabilities}, and its norm is the largest absolute eigenvalue (it is
   * symmetric). Tolerance: the computed centred features are off by at most the mean error {@code
   * delta} ({@link Scales#mean}) and the probabilities by a factor {@code 1 + eps_w}, so the
   * computed {@code ||T[v]||} is at most {@code (1 + eps_w)(diam + delta)(diam^2/4 + delta^2)
   * ||v||} plus arithmetic rounding {@code 4 rounding (diam + delta)^3 ||v||}.
   */
  @Test
  void thirdMomentOperatorNormIsAtMostQuarterDiameterCubed() {
    Gens.qt(0xF3_0004L)
        .forAll(cases(false))
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              Features f = c.g().distribution().prompts();
              double b = inst.featureBound();
              double[] e = Linalg.minus(c.w(), inst.wStar());
              double en = Linalg.norm(e);
              double[][] dirs =
                  en > 0 ? new double[][] {c.v(), Linalg.plus(new double[e.length], 1 / en, e)}
                      : new double[][] {c.v()};
              for (int i = 0; i < f.size(); i++) {
                int k = f.candidates(i);
                double rnd = Scales.rounding(f.dim(), k);
                double diam = Linalg.diameter(f, i);
                double delta = Scales.mean(inst, k, c.w());
                double eta = Scales.logProbability(inst, k, c.w());
                PromptMoments m = PromptMoments.of(f, i, o.probabilities(f, i, c.w()));
                double lmax = Linalg.eigenvalues(m.covariance())[f.dim() - 1];
                double cmax = m.maxCentredNorm();
                for (double[] v : dirs) {
                  double vn = Linalg.norm(v);
                  double t = Linalg.symmetricNorm(m.third(v));
                  double chain = cmax * Math.max(lmax, 0) * vn;
                  assertTrue(
                      t <= chain + 4 * rnd * Math.pow(cmax, 3) * vn,
                      "prompt " + i + ": ||T[v]|| = " + t + " > max||c|| lambda_max = " + chain);
                  double s = diam + delta;
                  double tol =
                      ((1 + eta) * s * (diam * diam / 4 + delta * delta) - diam * diam * diam / 4
                              + 4 * rnd * s * s * s)
                          * vn;
                  assertTrue(
                      t <= diam * diam * diam / 4 * vn + tol,
                      "prompt " + i + ": ||T[v]|| = " + t + " > diam^3/4 = "
                          + diam * diam * diam / 4);
                  assertTrue(diam * diam * diam / 4 <= 2 * b * b * b * (1 + 1e-15));
                }
              }
            });
  }

  /** A sample, a radius D and two points of the ball {@code ||. - w*|| <= D}. */
  record Pair(GeneratedInstance g, Sample s, double radius, double[] w, double[] w2) {
    @Override
    public String toString() {
      return g
          + " n="
          + s.size()
          + " D="
          + radius
          + " w="
          + Arrays.toString(w)
          + " w'="
          + Arrays.toString(w2);
    }
  }

  /**
   * Pairs in the ball: {@code D = r / B} with {@code r} log-uniform in {@code [1e-3, 3]}; {@code
   * w} uniform in the ball; {@code w'} either uniform in the ball or a step of relative length
   * {@code 1e-3} from {@code w} along a random direction or along a feature difference of a random
   * prompt (where the curvature is largest), pulled back into the ball if it left it.
   */
  static Gen<Pair> pairs() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          Instance inst = g.instance();
          Sample s = g.distribution().sample(1 + rng.nextInt(20), rng);
          double radius = RandomVectors.logUniform(rng, 1e-3, 3) / inst.featureBound();
          double[] wStar = inst.wStar();
          double[] w = RandomVectors.inBall(rng, wStar, radius);
          double[] w2;
          int mode = rng.nextInt(3);
          if (mode == 0) {
            w2 = RandomVectors.inBall(rng, wStar, radius);
          } else {
            double[] u = RandomVectors.direction(rng, w.length);
            if (mode == 2) {
              Features f = s.prompts();
              int i = rng.nextInt(f.size());
              double[] diff = Linalg.minus(Linalg.feature(f, i, 0), Linalg.feature(f, i, 1));
              double dn = Linalg.norm(diff);
              if (dn > 0) {
                u = Linalg.plus(new double[diff.length], 1 / dn, diff);
              }
            }
            w2 = RandomVectors.offset(w, u, 1e-3 * radius);
            double[] off = Linalg.minus(w2, wStar);
            double on = Linalg.norm(off);
            if (on > radius) {
              w2 = RandomVectors.offset(wStar, off, radius / on * (1 - 1e-12));
            }
          }
          return new Pair(g, s, radius, w, w2);
        });
  }

  /**
   * {@code ||grad F_S(w) - grad F_S(w')|| <= L_S(D) ||w - w'|| <= L(D) ||w - w'||} with the
   * sharpened {@code L_S(D) = beta max_i diam_i^2/4 (1 + diam_i D)} over the sample's prompts and
   * the seed's {@code L(D) = beta B^2 (1 + 2 B D)} (proofs/MODEL.md#constants). Tolerance: the rounding of the two gradients
   * ({@link Scales#gradient}).
   */
  @Test
  void sampleObjectiveIsSmoothOnTheBall() {
    Gens.qt(0xF3_0005L)
        .forAll(pairs())
        .checkAssert(
            p -> {
              Instance inst = p.g().instance();
              Objective o = Objective.of(inst);
              Features f = p.s().prompts();
              int k = f.maxCandidates();
              double b = inst.featureBound();
              double beta = inst.beta();
              double dist = Linalg.norm(Linalg.minus(p.w(), p.w2()));
              double lip = 0;
              for (int i = 0; i < f.size(); i++) {
                double diam = Linalg.diameter(f, i);
                lip = Math.max(lip, beta * diam * diam / 4 * (1 + diam * p.radius()));
              }
              double lTheory = beta * b * b * (1 + 2 * b * p.radius());
              double diff =
                  Linalg.norm(Linalg.minus(o.gradient(p.s(), p.w()), o.gradient(p.s(), p.w2())));
              double tol =
                  Scales.gradient(inst, k, p.w(), o.kl(p.s(), p.w(), inst.wRef()))
                      + Scales.gradient(inst, k, p.w2(), o.kl(p.s(), p.w2(), inst.wRef()));
              assertTrue(
                  diff <= lip * dist + tol,
                  "||grad F_S(w) - grad F_S(w')|| = "
                      + diff
                      + " > L_S(D) ||w - w'|| = "
                      + lip * dist);
              assertTrue(lip <= lTheory * (1 + 1e-12), "L_S(D) = " + lip + " > L(D) = " + lTheory);
            });
  }

}
