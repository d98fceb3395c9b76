package org.rlhfbounds.learners;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The result of {@link Learners#train}: the run (a {@link Trajectory} for GA and SGA, an {@link
 * OptimumResult} for EXACT and NEWTON), the settings in force, and the measurements ({@link
 * IterateEvaluation}) of every selected iterate.
 *
 * <p>{@link #toMap()} is the structure the CLI prints (field order fixed, no NaN: absent values are
 * left out). Its fields:
 *
 * <ul>
 *   <li>{@code settings}: {@code algorithm}, {@code steps}, {@code n}, {@code d}, {@code beta},
 *       {@code featureBound}, {@code startDistance} ({@code D0}), {@code smoothness} ({@code
 *       L(D0)}), {@code schedule}, {@code maxEtaBetaB2} ({@code max_t eta_t beta B^2}), {@code
 *       nonExpansive} (whether it is {@code <= 1}, the condition of F6/F7), {@code w0};
 *   <li>{@code final}: the output of the run, {@code w_T} (GA, SGA) or the optimum (EXACT,
 *       NEWTON);
 *   <li>{@code selected}: {@code last} ({@code index} = T, {@code w}), {@code bestGradient}
 *       ({@code index} = t*, {@code w}, {@code gradientNorm} = its full gradient norm), {@code
 *       average} ({@code w}, {@code averagedIterates} = {@code "w_1..w_T"}); for EXACT and NEWTON
 *       only {@code last}. Each also carries the measurements of {@link IterateEvaluation#toMap()}:
 *       {@code generalizationGap} and {@code excessRisk} (each {@code value}, {@code
 *       standardError}, {@code exact}, {@code draws}, {@code ci95}), {@code empiricalObjective},
 *       {@code populationObjective}, {@code gradientNorm}, {@code distanceToOptimum};
 *   <li>{@code gradientNorms}, {@code empiricalObjective}, {@code distanceToOptimum}, {@code
 *       kernelComponentNorm}, {@code perpendicularComponentNorm}: per-iterate arrays, {@code t =
 *       0..T} (GA, SGA);
 *   <li>{@code iterates}: the stored iterates, each {@code t} and {@code w};
 *   <li>{@code cost}: {@code stepGradientEvaluations}, {@code selectionGradientEvaluations},
 *       {@code totalGradientEvaluations}, {@code performedGradientEvaluations}, {@code
 *       instrumentationObjectiveEvaluations} (per-prompt evaluations, see {@link Trajectory});
 *   <li>{@code fixedPointStep} (GA, when detected), {@code kernelDim}, {@code rankTolerance},
 *       {@code promptOrder} (SGA);
 *   <li>{@code optimum} (EXACT, NEWTON): {@code converged}, {@code reason}, {@code iterations},
 *       {@code gradientNorm}, {@code tolerance}, {@code gradientEvaluations}, {@code kernelDim},
 *       {@code rankTolerance}, {@code kappa}, {@code kappaPlus}.
 * </ul>
 *
 * <p>Thread-safe: immutable.
 */
public final class TrainResult {
  private final Map<String, Object> settings;
  private final @Nullable Trajectory trajectory;
  private final @Nullable OptimumResult optimum;
  private final Map<Selection, IterateEvaluation> evaluations;

  TrainResult(
      Map<String, Object> settings,
      @Nullable Trajectory trajectory,
      @Nullable OptimumResult optimum,
      Map<Selection, IterateEvaluation> evaluations) {
    this.settings = settings;
    this.trajectory = trajectory;
    this.optimum = optimum;
    this.evaluations = evaluations;
  }

  /**
   * Returns the trajectory (GA, SGA), or null.
   *
   * @return the trajectory
   */
  public @Nullable Trajectory trajectory() {
    return trajectory;
  }

  /**
   * Returns the optimum (EXACT, NEWTON), or null.
   *
   * @return the optimum
   */
  public @Nullable OptimumResult optimum() {
    return optimum;
  }

  /**
   * Returns the output of the run: {@code w_T} or the optimum.
   *
   * @return a copy
   */
  public double[] finalIterate() {
    Trajectory t = trajectory;
    if (t != null) {
      return t.last();
    }
    OptimumResult o = optimum;
    if (o == null) {
      throw new IllegalStateException("no run");
    }
    return o.w();
  }

  /**
   * Returns the measurements of a selected iterate, or null if that selection does not apply.
   *
   * @param s the selection
   * @return the measurements, or null
   */
  public @Nullable IterateEvaluation evaluation(Selection s) {
    return evaluations.get(s);
  }

  /**
   * The structure to print; see the class comment.
   *
   * @return a new ordered map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("settings", new LinkedHashMap<>(settings));
    m.put("final", finalIterate());
    Map<String, Object> sel = new LinkedHashMap<>();
    Trajectory t = trajectory;
    for (Selection s : Selection.values()) {
      IterateEvaluation ev = evaluations.get(s);
      if (ev == null) {
        continue;
      }
      Map<String, Object> e = new LinkedHashMap<>();
      if (t != null) {
        switch (s) {
          case LAST:
            e.put("index", t.steps());
            e.put("w", t.last());
            break;
          case BEST_GRADIENT:
            e.put("index", t.bestGradientIndex());
            e.put("w", t.selected(s));
            break;
          default:
            e.put("w", t.average());
            e.put("averagedIterates", t.steps() == 0 ? "w_0" : "w_1..w_T");
            break;
        }
      } else {
        e.put("w", finalIterate());
      }
      e.putAll(ev.toMap());
      sel.put(key(s), e);
    }
    m.put("selected", sel);
    if (t != null) {
      putIfPresent(m, "gradientNorms", t.gradientNorms());
      putIfPresent(m, "empiricalObjective", t.empiricalObjective());
      putIfPresent(m, "distanceToOptimum", t.distances());
      putIfPresent(m, "kernelComponentNorm", t.kernelNorms());
      putIfPresent(m, "perpendicularComponentNorm", t.perpendicularNorms());
      List<Object> its = new ArrayList<>();
      int[] steps = t.iterateSteps();
      for (int k = 0; k < steps.length; k++) {
        Map<String, Object> it = new LinkedHashMap<>();
        it.put("t", steps[k]);
        it.put("w", t.iterate(k));
        its.add(it);
      }
      m.put("iterates", its);
      Map<String, Object> cost = new LinkedHashMap<>();
      cost.put("stepGradientEvaluations", t.stepEvaluations());
      cost.put("selectionGradientEvaluations", t.selectionEvaluations());
      cost.put("totalGradientEvaluations", t.totalEvaluations());
      cost.put("performedGradientEvaluations", t.performedEvaluations());
      cost.put("instrumentationObjectiveEvaluations", t.instrumentationEvaluations());
      m.put("cost", cost);
      if (t.fixedPointStep() >= 0) {
        m.put("fixedPointStep", t.fixedPointStep());
      }
      if (t.kernelDim() >= 0) {
        m.put("kernelDim", t.kernelDim());
        m.put("rankTolerance", t.rankTolerance());
      }
      int[] order = t.promptOrder();
      if (order != null) {
        m.put("promptOrder", order);
      }
    }
    OptimumResult o = optimum;
    if (o != null) {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("converged", o.converged());
      om.put("reason", o.reason());
      om.put("iterations", o.iterations());
      om.put("gradientNorm", o.gradientNorm());
      om.put("tolerance", o.tolerance());
      om.put("gradientEvaluations", o.gradientEvaluations());
      om.put("kernelDim", o.kernelDim());
      om.put("rankTolerance", o.rankTolerance());
      om.put("kappa", o.kappa());
      Double kp = o.kappaPlus();
      if (kp != null) {
        om.put("kappaPlus", kp);
      }
      m.put("optimum", om);
      Map<String, Object> cost = new LinkedHashMap<>();
      cost.put("totalGradientEvaluations", o.gradientEvaluations());
      m.put("cost", cost);
    }
    return m;
  }

  private static void putIfPresent(Map<String, Object> m, String k, double @Nullable [] v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * The JSON key of a selection: {@code last}, {@code bestGradient}, {@code average}.
   *
   * @param s the selection
   * @return the key
   */
  public static String key(Selection s) {
    switch (s) {
      case LAST:
        return "last";
      case BEST_GRADIENT:
        return "bestGradient";
      default:
        return "average";
    }
  }
}
