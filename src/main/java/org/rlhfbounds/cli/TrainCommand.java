package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Learners;
import org.rlhfbounds.learners.TrainOptions;
import org.rlhfbounds.learners.TrainResult;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.SampleFile;
import org.rlhfbounds.model.io.VectorFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
final class TrainCommand implements Callable<Integer> {
  @Spec private @Nullable CommandSpec spec;

  @Mixin private TrainingInputs in = new TrainingInputs();

  @Option(
      names = "--eta",
      paramLabel = "auto|X",
      defaultValue = "auto",
      description = "step size: auto (GA 1/L(D0), SGA 1/(2 L sqrt t)) or a constant X > 0")
  private String eta = "auto";

  @Option(names = "--w0", paramLabel = "FILE", description = "start vector file (default w_ref)")
  private @Nullable Path w0File;

  @Option(names = "--seed", paramLabel = "s", defaultValue = "0", description = "SGA seed")
  private long seed;

  @Option(
      names = "--order",
      paramLabel = "FILE",
      description = "SGA prompt order file {\"order\": [..]} (overrides --seed and --steps)")
  private @Nullable Path orderFile;

  @Option(
      names = "--record-every",
      paramLabel = "k",
      defaultValue = "0",
      description = "also print the iterate every k steps (0: none)")
  private int recordEvery;

  /** Creates the command (picocli instantiates it). */
  TrainCommand() {}

  @Override
  public Integer call() throws IOException {
    CommandSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    Algorithm alg = parseAlgorithm(in.algorithm);
    Check.atLeast(recordEvery, 0, "--record-every");
    OptionalDouble e = parseEta(eta);
    Instance inst = InstanceFile.read(in.instanceFile);
    FiniteDistribution dist = inst.finiteDistribution();
    if (dist == null) {
      throw new IllegalStateException("InstanceFile.read returned a generative instance");
    }
    Sample sample = SampleFile.read(in.sampleFile, dist);
    Path wf = w0File;
    double @Nullable [] w0 = wf != null ? VectorFile.read(wf, inst) : null;
    Path of = orderFile;
    int @Nullable [] order = of != null ? org.rlhfbounds.model.io.OrderFile.read(of, sample.size()) : null;
    if (order == null) {
      Check.atLeast(in.steps, 1, "--steps");
    }
    TrainOptions o =
        TrainOptions.of(alg).steps(in.steps).eta(e).start(w0).seed(seed).order(order)
            .recordEvery(recordEvery);
    TrainResult r;
    try (Progress p = Progress.start("train " + alg.name().toLowerCase(java.util.Locale.ROOT), 0)) {
      r = Check.withStep(e, "--eta", () -> Learners.train(inst, sample, o));
    }
    s.commandLine().getOut().print(Json.toText(Json.tree(r.toMap())));
    return ExitCode.OK;
  }

  /**
   * Parses {@code ga} or {@code sga}.
   *
   * @param name the option value
   * @return the algorithm
   */
  static Algorithm parseAlgorithm(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    if (n.equals("ga")) {
      return Algorithm.GA;
    }
    if (n.equals("sga")) {
      return Algorithm.SGA;
    }
    throw BadInputException.option("--algorithm", "expected ga or sga, got '" + name + "'");
  }

  /**
   * Parses {@code auto} (the default step: empty) or a positive finite step size.
   *
   * @param v the option value
   * @return the step size, or empty for {@code auto}
   */
  static OptionalDouble parseEta(String v) {
    if (v.trim().equalsIgnoreCase("auto")) {
      return OptionalDouble.empty();
    }
    double x;
    try {
      x = Double.parseDouble(v.trim());
    } catch (NumberFormatException ex) {
      throw BadInputException.option("--eta", "expected auto or a number, got '" + v + "'");
    }
    return OptionalDouble.of(Check.positive(x, "--eta"));
  }
}
