package org.rlhfbounds.objective;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.testkit.GeneratedInstance;
import org.rlhfbounds.testkit.RandomInstances;
import org.rlhfbounds.testkit.RandomVectors;
import org.rlhfbounds.testkit.RandomVectors.ParameterKind;
import org.rlhfbounds.testkit.quicktheories.Gens;
import org.rlhfbounds.testkit.Linalg;
import org.rlhfbounds.testkit.PromptMoments;
import org.rlhfbounds.testkit.Scales;

/**
 * proofs/F2.md: {@code grad f(w;x) = Cov_{pi_w}(phi, g) = beta Sigma_w(x) (w* -
 * w)}, checked against central finite differences of {@code F} and against the closed form.
 */
class GradientProperties {
  /** An instance, a parameter and a unit direction. */
  record Case(GeneratedInstance g, double[] w, double[] v) {
    @Override
    public String toString() {
      return g + " w=" + Arrays.toString(w) + " v=" + Arrays.toString(v);
    }
  }

  /** Parameters of every kind, large logits included. */
  static Gen<Case> cases() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          double[] w = RandomVectors.parameter(rng, g.instance());
          return new Case(g, w, RandomVectors.direction(rng, w.length));
        });
  }

  /**
   * Parameters at moderate logits (finite differences of values of size 1e6 carry no digits of a
   * derivative).
   */
  static Gen<Case> moderateCases() {
    return Gens.seeded(
        rng -> {
          GeneratedInstance g = RandomInstances.instance(rng);
          ParameterKind[] kinds = {
            ParameterKind.NEAR_OPTIMUM, ParameterKind.SPHERE_AROUND_OPTIMUM,
            ParameterKind.NEAR_REFERENCE
          };
          double[] w =
              RandomVectors.parameter(rng, g.instance(), kinds[rng.nextInt(kinds.length)]);
          return new Case(g, w, RandomVectors.direction(rng, w.length));
        });
  }

  /**
   * Central differences {@code (F(w + h v) - F(w - h v)) / 2h} with {@code h = 1e-4 / B} (logits
   * move by at most {@code 1e-4}) against {@code <grad F(w), v>}. Tolerance: the truncation error
   * {@code h^2/6 max |F'''|} with {@code |F'''| <= beta (7 B^4 (||e|| + h) + 4 B^3)} (third
   * derivative of {@code -beta KL(pi_w || pi_w*)} along a unit direction: a fourth and a third
   * joint cumulant of features of diameter {@code <= 2B}, proofs/F2.md) plus the rounding of the
   * two values divided by {@code 2h} and the rounding of the gradient.
   */
  @Test
  void gradientMatchesCentralDifferences() {
    Gens.qt(0xF2_0001L)
        .forAll(moderateCases())
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
              double fd = (o.value(pop, wp) - o.value(pop, wm)) / (2 * h);
              double[] g = o.gradient(pop, c.w());
              double dir = Linalg.dot(g, c.v());
              double e = Linalg.norm(Linalg.minus(c.w(), inst.wStar()));
              double trunc =
                  h * h / 6 * beta * (7 * Math.pow(b, 4) * (e + h) + 4 * Math.pow(b, 3));
              double[] wRef = inst.wRef();
              double[] wStar = inst.wStar();
              double round =
                  (Scales.value(inst, k, wp, o.kl(pop, wp, wRef), o.kl(pop, wp, wStar))
                          + Scales.value(inst, k, wm, o.kl(pop, wm, wRef), o.kl(pop, wm, wStar)))
                      / (2 * h)
                  + Scales.gradient(inst, k, c.w(), o.kl(pop, c.w(), wRef));
              assertTrue(
                  Math.abs(fd - dir) <= trunc + round,
                  "central difference "
                      + fd
                      + " vs <grad, v> = "
                      + dir
                      + ", tol "
                      + (trunc + round));
            });
  }

  /**
   * The general formula ({@link Objective#gradient}) against the closed form ({@link
   * Objective#gradientClosedForm}) and against {@code beta sum_i mu_i Sigma_i (w* - w)} with
   * {@code Sigma_i} built densely in the test. Tolerance: {@link Scales#gradient} plus {@code beta
   * ||w* - w||} times the covariance tolerance {@link Scales#covariance} at {@code diam = 2B}.
   */
  @Test
  void gradientMatchesClosedForm() {
    Gens.qt(0xF2_0002L)
        .forAll(cases())
        .checkAssert(
            c -> {
              Instance inst = c.g().instance();
              Objective o = Objective.of(inst);
              FiniteDistribution pop = c.g().distribution();
              Features f = pop.prompts();
              int d = inst.dim();
              int k = f.maxCandidates();
              double b = inst.featureBound();
              double[] u = Linalg.minus(inst.wStar(), c.w());
              double[] general = o.gradient(pop, c.w());
              double[] closed = o.gradientClosedForm(pop, c.w());
              double[] dense = new double[d];
              for (int i = 0; i < f.size(); i++) {
                DMatrixRMaj sigma =
                    PromptMoments.of(f, i, o.probabilities(f, i, c.w())).covariance();
                double[] s = Linalg.apply(sigma, u);
                for (int j = 0; j < d; j++) {
                  dense[j] += pop.weight(i) * inst.beta() * s[j];
                }
              }
              double tol =
                  Scales.gradient(inst, k, c.w(), o.kl(pop, c.w(), inst.wRef()))
                      + inst.beta() * Linalg.norm(u) * Scales.covariance(inst, k, c.w(), 2 * b);
              double gap = Linalg.norm(Linalg.minus(general, closed));
              assertTrue(gap <= tol, "||general - closed form|| = " + gap + ", tol " + tol);
              double gapDense = Linalg.norm(Linalg.minus(closed, dense));
              assertTrue(
                  gapDense <= tol,
                  "||closed form - beta Sigma (w* - w)|| = " + gapDense + ", tol " + tol);
            });
  }
}
