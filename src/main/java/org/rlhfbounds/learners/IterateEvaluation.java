package org.rlhfbounds.learners;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Estimate;
import org.rlhfbounds.objective.Objective;

/**
 * Generalisation measurements at one point {@code w} for a sample {@code S} (proofs/MODEL.md#notation,
 * proofs/F8.md): the generalisation gap {@code gen_S(w) = F(w) - F_S(w)}, the excess risk {@code
 * F(w*) - F(w) = beta E_x KL(pi_w || pi_{w*})}, {@code ||grad F_S(w)||} (closed form of F2) and
 * {@code ||w - w*||}.
 *
 * <p>{@code F_S} is an exact finite sum. {@code F} and the excess are exact for a finite
 * distribution and Monte Carlo means over {@code draws} fresh prompts otherwise ({@link
 * Objective#population}, {@link Objective#populationExcess}, same seed for both); the gap then
 * inherits the standard error of {@code F}. The 95% intervals are {@code value +- 1.959964 SE}
 * (normal approximation of the Monte Carlo mean; a single point when exact).
 *
 * <p>Thread-safe: immutable.
 */
public final class IterateEvaluation {
  /** The two-sided 95% standard normal quantile, {@code Phi^{-1}(0.975)}. */
  public static final double Z95 = 1.959963984540054;

  private final Estimate population;
  private final double empirical;
  private final Estimate gap;
  private final Estimate excess;
  private final double gradientNorm;
  private final double distance;

  private IterateEvaluation(
      Estimate population,
      double empirical,
      Estimate gap,
      Estimate excess,
      double gradientNorm,
      double distance) {
    this.population = population;
    this.empirical = empirical;
    this.gap = gap;
    this.excess = excess;
    this.gradientNorm = gradientNorm;
    this.distance = distance;
  }

  /**
   * Measures at {@code w}.
   *
   * @param obj the objective (its instance's distribution is the population)
   * @param sample the sample S
   * @param w the point
   * @param draws Monte Carlo draws for a generative distribution ({@code >= 2}; ignored when
   *     finite)
   * @param seed Monte Carlo seed
   * @return the measurements
   */
  @Theorem("F8")
  public static IterateEvaluation of(
      Objective obj, Sample sample, double[] w, int draws, long seed) {
    GradientAscent.check(w, obj.instance().dim(), "w");
    Estimate pop = obj.population(w, draws, seed);
    @Finite double emp = obj.value(sample, w);
    Estimate gap =
        pop.exact()
            ? Estimate.exact(Reals.finite(pop.value() - emp, "gen_S(w)"))
            : Estimate.monteCarlo(
                Reals.finite(pop.value() - emp, "gen_S(w)"), pop.standardError(), pop.draws());
    Estimate ex = obj.populationExcess(w, draws, seed);
    double[] ws = obj.wStar();
    if (ws.length != w.length) {
      throw new IllegalStateException("w* has length " + ws.length + ", w " + w.length);
    }
    double s = 0;
    for (int j = 0; j < ws.length; j++) {
      s += (w[j] - ws[j]) * (w[j] - ws[j]);
    }
    return new IterateEvaluation(
        pop, emp, gap, ex, EmpiricalOptimum.gradientNorm(obj, sample, w), Math.sqrt(s));
  }

  /**
   * Measures at each of {@code ws}: element {@code i} is {@link #of of(obj, sample, ws[i], draws,
   * seed)}. Points with the same values (as {@link java.util.Arrays#equals(double[], double[])}, e.g.
   * the last and the best-gradient iterate of a run that ends at its smallest gradient) are measured
   * once and share the result, which is the same bits since the measurement is a deterministic
   * function of its arguments.
   *
   * @param obj the objective
   * @param sample the sample S
   * @param ws the points
   * @param draws Monte Carlo draws, as for {@link #of}
   * @param seed Monte Carlo seed
   * @return the measurements, one per point
   */
  public static IterateEvaluation[] ofEach(
      Objective obj, Sample sample, double[][] ws, int draws, long seed) {
    IterateEvaluation[] out = new IterateEvaluation[ws.length];
    for (int i = 0; i < ws.length; i++) {
      IterateEvaluation found = null;
      for (int j = 0; j < i && found == null; j++) {
        if (java.util.Arrays.equals(ws[j], ws[i])) {
          found = out[j];
        }
      }
      out[i] = found != null ? found : of(obj, sample, ws[i], draws, seed);
    }
    return out;
  }

  /**
   * Measures the iterate each selection rule picks from a run: element {@code k} belongs to {@code
   * Selection.values()[k]}, and equal iterates are measured once ({@link #ofEach}).
   *
   * @param obj the objective
   * @param sample the sample S
   * @param traj the run
   * @param draws Monte Carlo draws, as for {@link #of}
   * @param seed Monte Carlo seed
   * @return the measurements, one per selection rule, in declaration order
   */
  public static IterateEvaluation[] ofSelections(
      Objective obj, Sample sample, Trajectory traj, int draws, long seed) {
    Selection[] sels = Selection.values();
    double[][] points = new double[sels.length][];
    for (int k = 0; k < sels.length; k++) {
      points[k] = traj.selected(sels[k]);
    }
    return ofEach(obj, sample, points, draws, seed);
  }

  /**
   * Returns {@code F(w)}.
   *
   * @return the estimate
   */
  public Estimate population() {
    return population;
  }

  /**
   * Returns {@code F_S(w)}.
   *
   * @return the value
   */
  public @Finite double empirical() {
    return Reals.finite(empirical, "F_S(w)");
  }

  /**
   * Returns {@code gen_S(w) = F(w) - F_S(w)}.
   *
   * @return the estimate
   */
  public Estimate generalizationGap() {
    return gap;
  }

  /**
   * Returns {@code F(w*) - F(w)}.
   *
   * @return the estimate
   */
  public Estimate excessRisk() {
    return excess;
  }

  /**
   * Returns {@code ||grad F_S(w)||}.
   *
   * @return the norm
   */
  public @NonNegativeReal double gradientNorm() {
    return Reals.nonNegative(gradientNorm, "gradient norm");
  }

  /**
   * Returns {@code ||w - w*||}.
   *
   * @return the distance
   */
  public @NonNegativeReal double distance() {
    return Reals.nonNegative(distance, "distance");
  }

  /**
   * An estimate as a map: {@code value}, {@code standardError}, {@code exact}, {@code draws},
   * {@code ci95} ({@code [lower, upper]}).
   *
   * @param e the estimate
   * @return the map
   */
  public static Map<String, Object> estimateMap(Estimate e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", e.value());
    m.put("standardError", e.standardError());
    m.put("exact", e.exact());
    m.put("draws", e.draws());
    double h = Z95 * e.standardError();
    m.put("ci95", new double[] {e.value() - h, e.value() + h});
    return m;
  }

  /**
   * The measurements as a map: {@code generalizationGap}, {@code excessRisk} (estimate maps),
   * {@code empiricalObjective}, {@code populationObjective} (estimate map), {@code gradientNorm},
   * {@code distanceToOptimum}.
   *
   * @return the map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generalizationGap", estimateMap(gap));
    m.put("excessRisk", estimateMap(excess));
    m.put("empiricalObjective", empirical);
    m.put("populationObjective", estimateMap(population));
    m.put("gradientNorm", gradientNorm);
    m.put("distanceToOptimum", distance);
    return m;
  }
}
