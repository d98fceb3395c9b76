package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.PreferenceBounds;
import org.rlhfbounds.learners.PreferenceLearner;
import org.rlhfbounds.learners.PreferenceLearner.Method;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.model.Preferences.PairPolicy;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.PreferenceFile;
import org.rlhfbounds.objective.PreferenceLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds preferences}: fits preference data (a {@code rlhf-bounds.preferences/1} file
 * over an instance's prompts) by the regularised Bradley-Terry MLE (Newton) or by DPO (GA or SGA on
 * the DPO loss), and prints {@code thetaHat}, {@code wDpo = w_ref + thetaHat / beta}, the
 * optimiser's certificate (certified distances to the exact optimum) and the preference theorems
 * in the shape of {@code bound}'s {@code theorems} list (proofs/L-DPO-MLE.md, T-PREF-MLE,
 * T-PREF-STAB).
 */
@Command(
    name = "preferences",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fit pairwise preference data by the regularised Bradley-Terry MLE or DPO and evaluate the"
          + " preference bounds (JSON)."
    })
final class PreferencesCommand extends CommandBase {
  @Mixin private InstanceOption instance = new InstanceOption();

  @Option(names = "--preferences", required = true, paramLabel = "FILE", description = "preferences.json (format rlhf-bounds.preferences/1)")
  private Path preferences = Path.of("");

  @Option(names = "--lambda", required = true, paramLabel = "L", description = "ridge weight lambda > 0 of the Bradley-Terry loss")
  private double lambda;

  @Mixin private Confidence confidence = new Confidence();

  @Option(names = "--algorithm", paramLabel = "A", defaultValue = "mle", description = "mle, dpo-ga or dpo-sga (default: ${DEFAULT-VALUE})")
  private String algorithm = "mle";

  @Option(names = "--steps", paramLabel = "T", description = "number of DPO steps T (required with dpo-ga and dpo-sga; no default)")
  private int steps;

  @Option(names = "--seed", paramLabel = "s", defaultValue = "0", description = "seed of dpo-sga's comparison order (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--pairs", paramLabel = "P", defaultValue = "uniform", description = "the pair policy the data was drawn from, uniform or reference (for the population risk; default: ${DEFAULT-VALUE})")
  private String pairs = "uniform";

  /** The Newton iteration cap of the MLE. */
  private static final int NEWTON_CAP = 100;

  /** Creates the command (picocli instantiates it). */
  PreferencesCommand() {}

  @Override
  public Integer call() throws IOException {
    Method method;
    PairPolicy policy;
    try {
      method = Method.parse(algorithm);
    } catch (IllegalArgumentException e) {
      throw BadInputException.option("--algorithm", "expected mle, dpo-ga or dpo-sga, got \""
          + algorithm + "\"");
    }
    try {
      policy = PairPolicy.parse(pairs);
    } catch (IllegalArgumentException e) {
      throw BadInputException.option("--pairs", "expected uniform or reference, got \"" + pairs
          + "\"");
    }
    Check.positive(lambda, "--lambda");
    double delta = confidence.value();
    if (method == Method.MLE) {
      rejectIfGiven("--steps", "the MLE runs Newton's method to its certified stop");
      rejectIfGiven("--seed", "the MLE draws nothing at random");
    } else {
      require("--steps", "(the number of DPO steps T)");
      Check.atLeast(steps, 0, "--steps");
      if (method == Method.DPO_GA) {
        rejectIfGiven("--seed", "dpo-ga draws nothing at random");
      }
    }
    Instance inst = instance.read();
    FiniteDistribution dist = InstanceOption.population(inst);
    Preferences data = PreferenceFile.read(preferences, dist.prompts());
    PreferenceLoss loss = PreferenceLoss.of(data, dist.prompts(), lambda);
    PreferenceLearner.Fit fit =
        method == Method.MLE
            ? PreferenceLearner.mle(loss, inst.wRef(), inst.beta(), 0, NEWTON_CAP)
            : PreferenceLearner.dpo(loss, inst.wRef(), inst.beta(), method, steps, seed);
    PreferenceBounds.Certificate cert = PreferenceBounds.certificate(loss, fit, inst.beta());
    List<BoundResult> results =
        PreferenceBounds.evaluate(inst, data, policy, loss, fit, delta);

    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("instance", instance.file.toString());
    out.put("preferences", preferences.toString());
    out.put("comparisons", data.size());
    out.put("pairs", policy.label());
    out.put("algorithm", method.label());
    out.put("lambda", lambda);
    out.put("delta", delta);
    out.put("beta", inst.beta());
    out.put("thetaHat", fit.theta());
    out.put("wDpo", fit.w());
    Map<String, @Nullable Object> c = new LinkedHashMap<>();
    c.put("gradientNorm", cert.gradientNorm());
    c.put("thetaRadius", cert.thetaRadius());
    c.put("wRadius", cert.wRadius());
    c.put("iterations", cert.iterations());
    out.put("certificate", c);
    out.putAll(Bounds.toJson(results));
    printJson("preferences", Json.tree(out));
    return ExitCode.OK;
  }
}
