package org.rlhfbounds.learners;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Objective;

/**
 * The CLI-independent facade of the learners: one call trains, records and measures (see {@link
 * TrainResult} for the printed fields).
 *
 * <p>Thread-safe: stateless; each call uses its own {@link Objective}.
 */
public final class Learners {
  private Learners() {}

  /**
   * Trains with the common options.
   *
   * @param instance the instance
   * @param sample the sample S
   * @param algorithm GA, SGA, EXACT or NEWTON
   * @param steps T (GA, SGA; ignored otherwise)
   * @param eta a constant step (finite, {@code > 0}), or empty for the default ({@code 1/L(D0)} for
   *     GA, {@code 1/(2 L sqrt t)} for SGA)
   * @param w0 the start, or null for {@code w_ref}
   * @param seed the SGA seed
   * @param order an explicit SGA prompt order (overrides seed and steps), or null
   * @param recordEvery store iterates every k steps (0: none)
   * @return the result
   * @throws IllegalArgumentException if a given {@code eta} is NaN, infinite or not positive, or
   *     on bad options
   */
  public static TrainResult train(
      Instance instance,
      Sample sample,
      Algorithm algorithm,
      int steps,
      OptionalDouble eta,
      double @Nullable [] w0,
      long seed,
      int @Nullable [] order,
      int recordEvery) {
    return train(
        instance,
        sample,
        TrainOptions.of(algorithm)
            .steps(steps)
            .eta(eta)
            .start(w0)
            .seed(seed)
            .order(order)
            .recordEvery(recordEvery));
  }

  /** GA and SGA runs of at least this many steps read the sample from a contiguous copy. */
  static final int CONTIGUOUS_STEPS = 32;

  /**
   * Trains with full options.
   *
   * @param instance the instance
   * @param drawn the sample S
   * @param o the options
   * @return the result
   */
  @Theorem({"F6", "F7"})
  public static TrainResult train(Instance instance, Sample drawn, TrainOptions o) {
    Objective obj = Objective.of(instance);
    // A sample drawn by index is a view on the population's storage: no copy, but its prompts lie
    // scattered, and a full gradient over a 20000 x 8 x 128 view takes about 1.45 x the time it
    // takes over a contiguous copy (bench/KernelBench.java). The copy costs about what 40 such
    // passes lose, so a run of many passes copies first; a short one (the fixed cost) does not.
    boolean iterative = o.algorithm() == Algorithm.GA || o.algorithm() == Algorithm.SGA;
    boolean longRun = !iterative || o.steps() >= CONTIGUOUS_STEPS;
    Sample sample = longRun ? drawn.contiguous() : drawn;
    double @Nullable [] start = o.w0();
    double[] w0 = start != null ? start.clone() : instance.wRef();
    GradientAscent.check(w0, instance.dim(), "w0");
    @PositiveReal double b = instance.featureBound();
    @PositiveReal double l =
        GradientAscent.smoothness(instance.beta(), b, GradientAscent.startDistance(instance, w0));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("algorithm", o.algorithm().name());
    settings.put("n", sample.size());
    settings.put("d", instance.dim());
    settings.put("beta", instance.beta());
    settings.put("featureBound", b);
    settings.put("startDistance", GradientAscent.startDistance(instance, w0));
    settings.put("smoothness", l);
    settings.put("w0", w0.clone());
    Map<Selection, IterateEvaluation> ev = new EnumMap<>(Selection.class);
    Trajectory traj = null;
    OptimumResult opt = null;
    Recording rec =
        (o.trace() ? Recording.full(o.recordEvery()) : Recording.lean()).withProgress(o.progress());
    switch (o.algorithm()) {
      case GA:
        {
          OptionalDouble e = o.eta();
          @PositiveReal double eta =
              e.isPresent()
                  ? Reals.positive(e.getAsDouble(), "eta")
                  : GradientAscent.defaultStep(instance, w0);
          settings.put("steps", o.steps());
          settings.put("schedule", "constant " + eta);
          putCondition(settings, eta * instance.beta() * b * b);
          traj = GradientAscent.run(obj, sample, eta, w0, o.steps(), rec);
          break;
        }
      case SGA:
        {
          StepSchedule sched = o.schedule();
          if (sched == null) {
            OptionalDouble e = o.eta();
            sched =
                e.isPresent()
                    ? StepSchedule.constant(Reals.positive(e.getAsDouble(), "eta"))
                    : StochasticGradientAscent.defaultSchedule(instance, w0);
          }
          int[] given = o.order();
          int[] order =
              given != null
                  ? given
                  : StochasticGradientAscent.uniformOrder(sample.size(), o.steps(), o.seed());
          settings.put("steps", order.length);
          settings.put("schedule", sched.describe());
          settings.put("seed", o.seed());
          putCondition(
              settings,
              order.length == 0 ? 0 : sched.max(order.length) * instance.beta() * b * b);
          traj = StochasticGradientAscent.run(obj, sample, sched, w0, order, rec, null);
          break;
        }
      case EXACT:
        opt = EmpiricalOptimum.exact(obj, sample, w0);
        break;
      default:
        {
          OptionalDouble tol = o.tolerance();
          opt =
              EmpiricalOptimum.newton(
                  obj,
                  sample,
                  w0,
                  tol.isPresent()
                      ? Reals.nonNegative(tol.getAsDouble(), "tol")
                      : EmpiricalOptimum.defaultTolerance(instance, w0),
                  o.maxIterations());
          break;
        }
    }
    if (traj != null) {
      Selection[] sels = Selection.values();
      IterateEvaluation[] each =
          IterateEvaluation.ofSelections(obj, sample, traj, o.draws(), o.mcSeed());
      for (int k = 0; k < sels.length && k < each.length; k++) {
        ev.put(sels[k], each[k]);
      }
    } else if (opt != null) {
      ev.put(Selection.LAST, IterateEvaluation.of(obj, sample, opt.w(), o.draws(), o.mcSeed()));
    }
    return new TrainResult(settings, traj, opt, ev);
  }

  private static void putCondition(Map<String, Object> settings, double etaBetaB2) {
    settings.put("maxEtaBetaB2", etaBetaB2);
    settings.put("nonExpansive", etaBetaB2 <= 1);
  }
}
