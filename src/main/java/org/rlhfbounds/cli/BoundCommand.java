package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Enclosure;
import org.rlhfbounds.bounds.Measured;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.learners.Trajectory;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.objective.Objective;
import org.rlhfbounds.stability.Stability;
import org.rlhfbounds.stability.StabilityOptions;
import org.rlhfbounds.stability.StabilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds bound}: runs the learner (GA or SGA, the seed's step sizes by default), takes
 * the seed's selected iterate (smallest full gradient), measures on the instance's finite
 * population the quantities the theorems bound (the generalization gap {@code |F(w) - F_S(w)|},
 * the optimisation error {@code F_S(w*) - F_S(w)}, the excess risk {@code F(w*) - F(w)}, and,
 * with {@code --stability R}, the loss stability and the expected gap over R replace-one samples),
 * and prints every theorem of {@link Bounds#evaluate}: {@code theorems} is a list whose entries
 * hold {@code id}, {@code applicable}, {@code value} (only when applicable), {@code measured},
 * {@code ratio}, {@code assumptions} (each with {@code holds} and its margin) and {@code
 * constants}.
 */
@Command(
    name = "bound",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate every bound on an instance and sample, next to the quantity it bounds measured at"
          + " the learner's selected iterate (JSON)."
    })
final class BoundCommand extends CommandBase {
  @Mixin private TrainingInputs in = new TrainingInputs();

  @Mixin private Confidence confidence = new Confidence();

  @Mixin private StartVector w0 = new StartVector();

  @Option(names = "--seed", paramLabel = "s", defaultValue = "0", description = "seed of SGA's prompt order and of the --stability samples (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--stability", paramLabel = "R", defaultValue = "0", description = "also run R >= 2 replace-one samples to measure the loss stability (0: off) (default: ${DEFAULT-VALUE})")
  private int stabilityReplicates;

  /** Creates the command (picocli instantiates it). */
  BoundCommand() {}

  @Override
  public Integer call() throws IOException {
    Algorithm alg = in.algorithm();
    require("--steps", "(the number of steps T)");
    Check.atLeast(in.steps, 1, "--steps");
    double delta = confidence.value();
    if (stabilityReplicates == 1 || stabilityReplicates < 0) {
      throw BadInputException.option(
          "--stability", "must be 0 (off) or at least 2, got " + stabilityReplicates);
    }
    if (alg == Algorithm.GA && stabilityReplicates == 0) {
      rejectIfGiven("--seed", "GA without --stability draws nothing at random");
    }
    @PositiveProbability double d = Reals.positiveProbability(delta, "--delta");
    TrainingInputs.Read data = in.read();
    Instance inst = data.instance();
    Sample sample = data.sample();
    double @Nullable [] given = w0.read(inst);
    double[] start = given != null ? given : inst.wRef();

    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    List<BoundResult> results;
    try (Progress p = Progress.start("bound", 0)) {
      TrainResult tr =
          Learners.train(
              inst,
              sample,
              TrainOptions.of(alg).steps(in.steps).start(start).seed(seed).progress(p));
      Trajectory traj = tr.trajectory();
      if (traj == null) {
        throw new IllegalStateException("GA/SGA returned no trajectory");
      }
      double[] w = traj.selected(Selection.BEST_GRADIENT);
      Measured m = Measured.at(inst, sample, w, traj.bestGradientNorm());
      Map<String, @Nullable Object> measured = new LinkedHashMap<>();
      measured.put("selection", "bestGradient");
      measured.put("index", traj.bestGradientIndex());
      putEnclosure(measured, "generalizationGap", m.gap());
      putEnclosure(measured, "optimisationError", m.optError());
      putEnclosure(measured, "excessRisk", m.excess());
      measured.put("gradientNorm", traj.bestGradientNorm());
      measured.put("cost", traj.totalEvaluations());
      if (stabilityReplicates >= 2) {
        StabilityReport sr =
            Stability.run(
                inst,
                sample.size(),
                alg,
                in.steps,
                stabilityReplicates,
                seed,
                StabilityOptions.defaults()
                    .start(start)
                    .selection(Selection.BEST_GRADIENT)
                    .threads(Runtime.getRuntime().availableProcessors())
                    .confidence(0.95, d));
        m = m.withStability(sr.lossStability(), sr.meanGeneralizationGap());
        measured.put("lossStability", sr.lossStability());
        measured.put("expectedGeneralizationGap", sr.meanGeneralizationGap());
        measured.put("stabilityReplicates", stabilityReplicates);
      }
      Bounds.Run run =
          alg == Algorithm.GA
              ? Bounds.Run.ga(in.steps, d, start, null)
              : Bounds.Run.sga(in.steps, d, start, null);
      results = Bounds.evaluate(inst, sample, run, m);
      out.put("instance", in.instance.file.toString());
      out.put("sample", in.sampleFile.toString());
      out.put("algorithm", alg.name());
      out.put("steps", in.steps);
      out.put("delta", delta);
      out.put("measured", measured);
    }
    out.putAll(Bounds.toJson(results));
    printJson("bound", Json.tree(out));
    return ExitCode.OK;
  }

  /**
   * Puts a measured quantity as its midpoint under {@code key} and, when it is not exact, its
   * error bound under {@code key + "Error"} (proofs/MEASURE.md).
   */
  private static void putEnclosure(
      Map<String, @Nullable Object> out, String key, @Nullable Enclosure e) {
    if (e == null) {
      out.put(key, null);
      return;
    }
    out.put(key, e.mid());
    if (e.radius() > 0) {
      out.put(key + "Error", e.radius());
    }
  }
}
