package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.OrderFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds train}: runs Gradient Ascent (eta = 1/L(D0) by default, proofs/F6.md) or
 * Stochastic Gradient Ascent (eta_t = 1/(2 L sqrt t) by default, F7) on {@code F_S} and prints
 * the trajectory and the selected iterates as JSON ({@link TrainResult#toMap()}): {@code final},
 * {@code selected} {{@code last}, {@code bestGradient} {{@code index}, {@code w}}, {@code
 * average}}, {@code gradientNorms}, {@code empiricalObjective}, {@code cost}, and for each
 * selected iterate its {@code generalizationGap} and {@code excessRisk} (exact: the instance's
 * distribution is finite).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Run GA or SGA on F_S and print the trajectory and the selected iterates (JSON)."})
final class TrainCommand extends CommandBase {
  @Mixin private TrainingInputs in = new TrainingInputs();

  @Mixin private StepSize eta = new StepSize();

  @Mixin private StartVector w0 = new StartVector();

  @Option(names = "--seed", paramLabel = "s", defaultValue = "0", description = "SGA: seed of the prompt order (not with --order) (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--order", paramLabel = "FILE", description = "SGA: prompt order file {\"order\": [..]}, T = its length (not with --steps, --seed; default: drawn with --seed)")
  private @Nullable Path orderFile;

  @Option(names = "--record-every", paramLabel = "k", defaultValue = "0", description = "also print the iterate every k steps (0: none) (default: ${DEFAULT-VALUE})")
  private int recordEvery;

  /** Creates the command (picocli instantiates it). */
  TrainCommand() {}

  @Override
  public Integer call() throws IOException {
    Algorithm alg = in.algorithm();
    Path of = orderFile;
    if (alg == Algorithm.GA) {
      rejectIfGiven("--seed", "GA uses every prompt of the sample at each step; nothing is drawn");
      rejectIfGiven("--order", "GA uses every prompt of the sample at each step");
    }
    if (of != null) {
      rejectIfGiven("--steps", "--order fixes the number of steps T to its length");
      rejectIfGiven("--seed", "--order fixes the prompt order");
    } else {
      require("--steps", "(or, for SGA, --order)");
      Check.atLeast(in.steps, 1, "--steps");
    }
    Check.atLeast(recordEvery, 0, "--record-every");
    OptionalDouble e = eta.value();
    TrainingInputs.Read data = in.read();
    Instance inst = data.instance();
    Sample sample = data.sample();
    double @Nullable [] start = w0.read(inst);
    int @Nullable [] order = of != null ? OrderFile.read(of, sample.size()) : null;
    TrainOptions o =
        TrainOptions.of(alg).steps(in.steps).eta(e).start(start).seed(seed).order(order)
            .recordEvery(recordEvery);
    TrainResult r;
    try (Progress p = Progress.start("train " + alg.name().toLowerCase(Locale.ROOT), 0)) {
      TrainOptions op = o.progress(p);
      r = Check.withStep(e, "--eta", () -> Learners.train(inst, sample, op));
    }
    printJson("train", Json.tree(r.toMap()));
    return ExitCode.OK;
  }

  /**
   * Parses {@code ga} or {@code sga}.
   *
   * @param name the option value
   * @return the algorithm
   */
  static Algorithm parseAlgorithm(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("ga")) {
      return Algorithm.GA;
    }
    if (n.equals("sga")) {
      return Algorithm.SGA;
    }
    throw BadInputException.option("--algorithm", "expected ga or sga, got '" + name + "'");
  }
}
