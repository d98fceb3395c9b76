package org.rlhfbounds.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.OptionalDouble;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.learners.Selection;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.stability.ReplaceOne;
import org.rlhfbounds.stability.Stability;
import org.rlhfbounds.stability.StabilityOptions;
import org.rlhfbounds.stability.StabilityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class StabilityCommand extends CommandBase {
  @Mixin private InstanceOption instance = new InstanceOption();

  @Option(names = "--n", required = true, paramLabel = "N", description = "sample size n")
  private int n;

  @Option(names = "--algorithm", required = true, paramLabel = "ga|sga|exact", description = "ga, sga or exact (the empirical optimum)")
  private String algorithm = "";

  @Option(names = "--steps", defaultValue = "100", paramLabel = "T", description = "ga, sga: steps T (default: ${DEFAULT-VALUE})")
  private int steps;

  @Option(names = "--replicates", defaultValue = "20", paramLabel = "R", description = "samples R >= 2 (default: ${DEFAULT-VALUE})")
  private int replicates;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "s", description = "seed of the samples (default: ${DEFAULT-VALUE})")
  private long seed;

  @Mixin private StepSize eta = new StepSize();

  @Mixin private StartVector w0 = new StartVector();

  @Option(names = "--selection", defaultValue = "best-gradient", paramLabel = "best-gradient|last|average", description = "ga, sga: the iterate that is the output (best-gradient: the seed's rule) (default: ${DEFAULT-VALUE})")
  private String selection = "best-gradient";

  @Option(names = "--replacement", defaultValue = "random", paramLabel = "random|adversarial", description = "replacement drawn from D, or the worst of --candidates draws (default: ${DEFAULT-VALUE})")
  private String replacement = "random";

  @Option(names = "--candidates", defaultValue = "16", paramLabel = "C", description = "adversarial: draws per position (default: ${DEFAULT-VALUE})")
  private int candidates;

  @Option(names = "--positions", paramLabel = "P", description = "replace only the first P <= n positions (default: all n)")
  private @Nullable Integer positions;

  @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "threads (0: all cores) (default: ${DEFAULT-VALUE})")
  private int threads;

  @Mixin private Confidence delta = new Confidence();

  /** Creates the command (picocli instantiates it). */
  StabilityCommand() {}

  @Override
  public Integer call() throws IOException {
    Algorithm alg = parse(algorithm);
    Check.atLeast(n, 1, "--n");
    Check.atLeast(replicates, 2, "--replicates");
    if (alg == Algorithm.EXACT) {
      String why = "exact computes the empirical optimum, with no steps and no iterates";
      for (String o : new String[] {"--steps", "--eta", "--w0", "--selection"}) {
        rejectIfGiven(o, why);
      }
    } else {
      Check.atLeast(steps, 1, "--steps");
    }
    ReplaceOne.Mode mode = parseMode(replacement);
    if (mode == ReplaceOne.Mode.RANDOM) {
      rejectIfGiven("--candidates", "only --replacement adversarial draws candidates");
    }
    Check.atLeast(candidates, 1, "--candidates");
    Integer pos = positions;
    int p = pos == null ? n : Check.atLeast(pos, 1, "--positions");
    if (p > n) {
      throw BadInputException.option("--positions", "must be <= --n = " + n + ", got " + p);
    }
    Check.atLeast(threads, 0, "--threads");
    double d = delta.value();
    OptionalDouble e = eta.value();
    Selection sel = parseSelection(selection);
    Instance inst = instance.read();
    double @Nullable [] start = w0.read(inst);
    int t = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    StabilityOptions o =
        StabilityOptions.defaults()
            .eta(e)
            .start(start)
            .selection(sel)
            .replacement(mode, candidates)
            .positions(p)
            .threads(t)
            .confidence(0.95, d);
    StabilityReport r;
    try (Progress pr = Progress.start("stability", 0)) {
      StabilityOptions op = o.progress(pr);
      r = Check.withStep(e, "--eta", () -> Stability.run(inst, n, alg, steps, replicates, seed, op));
    }
    printJson("stability", Json.tree(r.toMap()));
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
        return Selection.BEST_GRADIENT;
      case "average":
        return Selection.AVERAGE;
      default:
        throw BadInputException.option(
            "--selection", "expected best-gradient, last or average, got '" + v + "'");
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
