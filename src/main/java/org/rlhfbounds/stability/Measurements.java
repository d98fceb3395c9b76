package org.rlhfbounds.stability;

import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.learners.IterateEvaluation;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Estimate;
import org.rlhfbounds.objective.Objective;

/**
 * Measurements at any iterate {@code w} for a sample {@code S}: {@code gen_S(w) = F(w) - F_S(w)},
 * the excess risk {@code F(w*) - F(w)}, {@code ||grad F_S(w)||} and {@code ||w - w*||} ({@link
 * IterateEvaluation}), exact for a finite distribution and Monte Carlo otherwise, with confidence
 * intervals {@code value +- z_{(1+level)/2} SE} (normal approximation of the Monte Carlo mean; a
 * point when exact).
 *
 * <p>Thread-safe: stateless (an {@link Objective} is not: one per thread).
 */
public final class Measurements {
  private Measurements() {}

  /**
   * Measures at {@code w}.
   *
   * @param obj the objective
   * @param sample the sample
   * @param w the point
   * @param draws Monte Carlo draws (generative distributions), {@code >= 2}
   * @param seed Monte Carlo seed
   * @return the measurements
   */
  @Theorem("F8")
  public static IterateEvaluation at(
      Objective obj, Sample sample, double[] w, int draws, long seed) {
    return IterateEvaluation.of(obj, sample, w, draws, seed);
  }

  /**
   * The two-sided confidence interval of an estimate at a level.
   *
   * @param e the estimate
   * @param level the confidence, in {@code (0, 1)}
   * @return {@code [lower, upper]}
   */
  public static double[] interval(Estimate e, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }
    double h = e.exact() ? 0 : Quantiles.normal(0.5 + level / 2) * e.standardError();
    return new double[] {e.value() - h, e.value() + h};
  }
}
