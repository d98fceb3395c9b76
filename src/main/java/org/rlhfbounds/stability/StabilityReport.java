package org.rlhfbounds.stability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of {@link Stability#run}. {@link #toMap()} is what the CLI prints; its fields (fixed
 * order, no timing, so the same seed gives the same bytes whatever the thread count):
 *
 * <ul>
 *   <li>{@code settings}: {@code algorithm}, {@code n}, {@code steps}, {@code replicates}, {@code
 *       seed}, {@code selection}, {@code schedule}, {@code maxEtaBetaB2}, {@code replacement}
 *       ({@code RANDOM} or {@code ADVERSARIAL}), {@code candidates}, {@code positionsPerReplicate},
 *       {@code evaluationSet} (its description), {@code shortcuts}, {@code confidence}, {@code
 *       delta};
 *   <li>{@code argumentStability}: {@code max} and {@code mean} over replicates of {@code max_i
 *       ||A(S) - A(S^(i))||}, and {@code perReplicate};
 *   <li>{@code argumentStabilityBound}, {@code argumentStabilityBoundCoverage}, {@code
 *       lossStabilityBound}: the largest F10 bound over all measured pairs (see {@link
 *       BoundValue#toMap()}: {@code applicable}, {@code value}, {@code formula} or {@code
 *       failedAssumption});
 *   <li>{@code lossStability}: {@code max}, {@code mean}, {@code perReplicate} of {@code max_{i, x
 *       in E} |f(A(S);x) - f(A(S^(i));x)|};
 *   <li>{@code expectedGeneralizationGap}: {@code mean}, {@code standardDeviation}, {@code
 *       replicates}, {@code tInterval} (Student t, approximate), {@code hoeffdingInterval} (exact
 *       coverage, from the range {@code M} of {@code gen} on the ball of radius {@code D0}), {@code
 *       range};
 *   <li>{@code replaceOneEstimate} (RANDOM only): {@code mean} and {@code tInterval} of the
 *       replace-one term, an independent estimator of the same expectation (Bousquet-Elisseeff
 *       Lemma 7);
 *   <li>{@code selections}: for {@code last}, {@code bestGradient}, {@code average} of each base
 *       run, the means over replicates of {@code generalizationGap}, {@code excessRisk}, {@code
 *       gradientNorm}, {@code distanceToOptimum}, and {@code bestGradientBeatsLast} (replicates
 *       where the best-gradient iterate has the smaller excess risk);
 *   <li>{@code hoeffdingMiddleTerm}: the F8 bound on {@code |F(w*) - F_S(w*)|} at {@code delta};
 *   <li>{@code coverage}: {@code kernelDim}, {@code kappa}, {@code kappaPlus} per replicate;
 *   <li>{@code compute}: {@code baseGradientEvaluations}, {@code retrainGradientEvaluations} (after
 *       shortcuts), {@code naiveRetrainGradientEvaluations} (fresh runs), {@code retrainRatio}
 *       (their quotient), {@code retrainingRuns}, {@code identicalReplacements}, {@code
 *       fixedPointStops}, {@code sharedSgaSteps}, {@code measurementGradientEvaluations}.
 * </ul>
 *
 * <p>Thread-safe: immutable after construction (the map is copied out).
 */
public final class StabilityReport {
  private final Map<String, Object> map;
  private final double argumentStability;
  private final double lossStability;
  private final double meanGap;
  private final double[] tInterval;
  private final long performed;
  private final long naive;

  StabilityReport(
      Map<String, Object> map,
      double argumentStability,
      double lossStability,
      double meanGap,
      double[] tInterval,
      long performed,
      long naive) {
    this.map = map;
    this.argumentStability = argumentStability;
    this.lossStability = lossStability;
    this.meanGap = meanGap;
    this.tInterval = tInterval.clone();
    this.performed = performed;
    this.naive = naive;
  }

  /**
   * Returns the largest measured argument stability over replicates.
   *
   * @return the value
   */
  public double argumentStability() {
    return argumentStability;
  }

  /**
   * Returns the largest measured loss stability over replicates.
   *
   * @return the value
   */
  public double lossStability() {
    return lossStability;
  }

  /**
   * Returns the mean generalisation gap over replicates.
   *
   * @return the mean
   */
  public double meanGeneralizationGap() {
    return meanGap;
  }

  /**
   * Returns the Student-t interval of the expected generalisation gap.
   *
   * @return {@code [lower, upper]}
   */
  public double[] gapInterval() {
    return tInterval.clone();
  }

  /**
   * Returns the retraining cost after shortcuts.
   *
   * @return per-prompt gradient evaluations
   */
  public long retrainEvaluations() {
    return performed;
  }

  /**
   * Returns the retraining cost of fresh runs.
   *
   * @return per-prompt gradient evaluations
   */
  public long naiveRetrainEvaluations() {
    return naive;
  }

  /**
   * The structure to print; see the class comment.
   *
   * @return a deep-enough copy (the top-level map)
   */
  public Map<String, Object> toMap() {
    return new LinkedHashMap<>(map);
  }
}
