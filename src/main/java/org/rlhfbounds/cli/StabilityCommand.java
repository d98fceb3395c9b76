package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.InstanceFile;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.model.io.VectorFile;
import org.rlhfbounds.stability.ReplaceOne;
import org.rlhfbounds.stability.Stability;
import org.rlhfbounds.stability.StabilityOptions;
import org.rlhfbounds.stability.StabilityReport;
import org.rlhfbounds.stability.StabilityBounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf-bounds stability}: replace-one experiments (proofs/F10.md). Draws R samples of size
 * n from the instance's distribution, trains on each and on its replace-one neighbours S^(i), and
 * prints ({@link StabilityReport#toMap()}) the measured argument stability {@code sup_i ||A(S) -
 * A(S^(i))||}, the loss stability {@code sup_{i,x} |f(A(S);x) - f(A(S^(i));x)|} over the stated
 * evaluation set, the expected generalization gap with its confidence interval over the R
 * samples, the stability bounds, and the compute used (with the naive cost for comparison).
 */
@Command(
    name = "stability",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Replace-one stability experiments: argument and loss stability, the expected"
          + " generalization gap with its interval, and the compute used (JSON)."
    })
final class StabilityCommand implements Callable<Integer> {
  @Spec private @Nullable CommandSpec spec;

  @Option(names = "--instance", required = true, paramLabel = "FILE", description = "instance.json")
  private Path instanceFile = Path.of("");

  @Option(names = "--n", required = true, paramLabel = "N", description = "sample size n")
  private int n;

  @Option(
      names = "--algorithm",
      required = true,
      paramLabel = "ga|sga|exact",
      description = "ga, sga or exact (the empirical optimum)")
  private String algorithm = "";

  @Option(names = "--steps", defaultValue = "100", paramLabel = "T", description = "steps T (ga, sga)")
  private int steps;

  @Option(names = "--replicates", defaultValue = "20", paramLabel = "R", description = "samples R >= 2")
  private int replicates;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "s", description = "seed")
  private long seed;

  @Option(names = "--eta", defaultValue = "auto", paramLabel = "auto|X", description = "step size")
  private String eta = "auto";

  @Option(names = "--w0", paramLabel = "FILE", description = "start vector file (default w_ref)")
  private @Nullable Path w0File;

  @Option(
      names = "--selection",
      defaultValue = "last",
      paramLabel = "last|best-gradient|average",
      description = "which iterate is the learner's output")
  private String selection = "last";

  @Option(
      names = "--replacement",
      defaultValue = "random",
      paramLabel = "random|adversarial",
      description = "replacement drawn from D, or the worst of --candidates draws")
  private String replacement = "random";

  @Option(names = "--candidates", defaultValue = "16", paramLabel = "C", description = "adversarial candidates")
  private int candidates;

  @Option(
      names = "--positions",
      defaultValue = "2147483647",
      paramLabel = "P",
      description = "replace only the first P positions (default: all n)")
  private int positions;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "threads (0: all cores)")
  private int threads;

  @Option(names = "--delta", defaultValue = StabilityBounds.DEFAULT_DELTA_TEXT, paramLabel = "D", description = "confidence parameter")
  private double delta;

  /** Creates the command (picocli instantiates it). */
  StabilityCommand() {}

  @Override
  public Integer call() throws IOException {
    CommandSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    Algorithm alg = parse(algorithm);
    Check.atLeast(n, 1, "--n");
    Check.atLeast(replicates, 2, "--replicates");
    Check.atLeast(candidates, 1, "--candidates");
    Check.atLeast(positions, 1, "--positions");
    Check.atLeast(threads, 0, "--threads");
    if (alg != Algorithm.EXACT) {
      Check.atLeast(steps, 1, "--steps");
    }
    Check.delta(delta, "--delta");
    OptionalDouble e = TrainCommand.parseEta(eta);
    Selection sel = parseSelection(selection);
    ReplaceOne.Mode mode = parseMode(replacement);
    Instance inst = InstanceFile.read(instanceFile);
    Path wf = w0File;
    double @Nullable [] w0 = wf != null ? VectorFile.read(wf, inst) : null;
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    StabilityOptions o =
        StabilityOptions.defaults()
            .eta(e)
            .start(w0)
            .selection(sel)
            .replacement(mode, candidates)
            .positions(positions)
            .threads(t)
            .confidence(0.95, delta);
    StabilityReport r;
    try (Progress p = Progress.start("stability", 0)) {
      r = Check.withStep(e, "--eta", () -> Stability.run(inst, n, alg, steps, replicates, seed, o));
    }
    s.commandLine().getOut().print(Json.toText(Json.tree(r.toMap())));
    return ExitCode.OK;
  }

  private static Algorithm parse(String name) {
    String v = name.trim().toLowerCase(Locale.ROOT);
    if (v.equals("exact")) {
      return Algorithm.EXACT;
    }
    return TrainCommand.parseAlgorithm(name);
  }

  private static Selection parseSelection(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "last":
        return Selection.LAST;
      case "best-gradient":
      case "best":
        return Selection.BEST_GRADIENT;
      case "average":
        return Selection.AVERAGE;
      default:
        throw BadInputException.option(
            "--selection", "expected last, best-gradient or average, got '" + v + "'");
    }
  }

  private static ReplaceOne.Mode parseMode(String v) {
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "random":
        return ReplaceOne.Mode.RANDOM;
      case "adversarial":
        return ReplaceOne.Mode.ADVERSARIAL;
      default:
        throw BadInputException.option(
            "--replacement", "expected random or adversarial, got '" + v + "'");
    }
  }
}
