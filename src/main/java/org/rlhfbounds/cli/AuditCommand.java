package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.audit.TheoremAudit;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.io.Ranges;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.FeatureExports;
import org.rlhfbounds.report.AuditFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds audit}: reads a feature export ({@link FeatureExports}: {@code .npy}, {@code
 * .npz} or {@code .csv}), checks the theorems' assumptions on it ({@link Audit}) and writes {@code
 * DIR/audit.json} (schema {@code urn:rlhf-bounds:schema:audit:1}), {@code DIR/audit.md} and its
 * figures ({@link AuditPlots}: spectrum, per-prompt ranks, feature norms; PNG and SVG). The
 * audit is computed whole before anything is written, and each file is written atomically, so a
 * failed audit leaves no report. The output does not depend on {@code --threads}.
 *
 * <p>With the reward model ({@code --theta FILE} or an export with rewards, whose least-squares
 * theta is then used, and {@code --beta}) it also reports the coverage at {@code w_ref} and
 * {@code w*}, the held-out eps_n and every theorem on the audited data ({@link TheoremAudit}).
 * Options that only serve the model ({@code --w-ref --feature-bound --n --delta --steps
 * --algorithm --seed}) are rejected without it; {@code --theta} is rejected for an export with
 * rewards (two sources of theta), and {@code --theta} without {@code --beta}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Audit a feature export: do the theorems' assumptions hold on it, with what margins?",
      "Writes DIR/audit.json, DIR/audit.md and the figures DIR/audit-*.png and .svg."
    })
final class AuditCommand extends CommandBase {

  @Option(
      names = "--features",
      required = true,
      paramLabel = "FILE",
      description = ".npy (M, K, d) or (rows, d), .npz (features, offsets, rewards) or .csv")
  private Path features = Path.of("");

  @Option(
      names = "--offsets",
      paramLabel = "FILE",
      description = "int64 .npy of M + 1 prompt offsets, for a (rows, d) array")
  private @Nullable Path offsets;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("audit-out");

  @Option(names = "--force", description = "replace existing audit.json, audit.md and figures")
  private boolean force;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "worker threads (default: the number of processors)")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Mixin private ModelVectors vectors = new ModelVectors();

  @Option(
      names = "--beta",
      paramLabel = "b",
      description =
          "KL weight > 0, needed for w*, eps_n and the theorems (default: none, required with"
              + " --theta)")
  private @Nullable Double beta;

  @Option(
      names = "--feature-bound",
      paramLabel = "B",
      description =
          "bound on the population's feature norms the theorems assume, >= the export's largest"
              + " norm (default: that norm, rounded up)")
  private @Nullable Double featureBound;

  @Option(
      names = "--n",
      paramLabel = "N",
      description = "sample size of the theorems, in [1, M] (default: all M prompts of the export)")
  private @Nullable Integer n;

  @Mixin private Confidence confidence = new Confidence();

  @Option(
      names = "--steps",
      paramLabel = "T",
      defaultValue = "1000",
      description = "T of the GA or SGA theorems, >= 1 (default: ${DEFAULT-VALUE})")
  private int steps;

  @Option(
      names = "--algorithm",
      paramLabel = "ga|sga",
      defaultValue = "ga",
      description = "the learner of the theorems (default: ${DEFAULT-VALUE})")
  private String algorithm = "ga";

  @Option(
      names = "--seed",
      paramLabel = "s",
      defaultValue = "0",
      description =
          "seed of the sample (--n < M) and of the held-out split of eps_n (default: ${DEFAULT-VALUE})")
  private long seed;

  /** Creates the command (picocli instantiates it). */
  AuditCommand() {}

  @Override
  public Integer call() throws IOException {
    Check.atLeast(threads, 1, "--threads");
    Double b0 = beta;
    if (b0 != null) {
      Check.positive(b0, "--beta");
    }
    Double fb = featureBound;
    if (fb != null) {
      Check.positive(fb, "--feature-bound");
    }
    double delta = confidence.value();
    Check.atLeast(steps, 1, "--steps");
    Algorithm alg = algorithm();
    Path t = vectors.theta;
    if (t != null && b0 == null) {
      throw BadInputException.option("--beta", "missing; it is required with --theta");
    }
    Path json = out.resolve("audit.json");
    Path md = out.resolve("audit.md");
    Check.outputs(out, AuditFiles.paths(out), force, "--out");
    FeatureExport e;
    try (Progress p = Progress.start("reading " + features, 0)) {
      e = FeatureExports.read(features, offsets);
    }
    if (t != null && e.hasRewards()) {
      throw BadInputException.option(
          "--theta",
          "conflicts with the rewards of " + features + " (theta* is fitted from them); give one");
    }
    boolean model = b0 != null && (t != null || e.hasRewards());
    if (!model) {
      String why = "the reward model is not known (give --beta with --theta FILE or an export with rewards)";
      for (String o : List.of("--beta", "--w-ref", "--feature-bound", "--n", "--delta", "--steps", "--algorithm", "--seed")) {
        rejectIfGiven(o, why);
      }
    }
    Integer size = n;
    if (size != null && (size < 1 || size > e.prompts())) {
      throw BadInputException.option(
          "--n", "must lie in [1, " + e.prompts() + "] (the prompts of " + features + "), got " + size);
    }
    double[] th = vectors.theta(e.dim());
    double[] ref = vectors.wRef(e.dim());
    Audit a;
    try (Progress p = Progress.start("summarising", e.prompts())) {
      AtomicLong seen = new AtomicLong();
      a = Audit.of(e, threads, done -> p.advance(done - seen.getAndSet(done)));
    }
    TheoremAudit ta = null;
    if (model && b0 != null) {
      double[] tv = th != null ? th : a.fittedTheta();
      if (tv == null) {
        throw new IllegalStateException("no theta although the model is known");
      }
      double bound = a.featureBound();
      if (fb != null) {
        if (!(fb >= a.maxNorm())) {
          throw BadInputException.option(
              "--feature-bound",
              "must be >= the largest feature norm of " + features + ", " + a.maxNorm() + ", got " + fb);
        }
        bound = fb;
      }
      String range = Ranges.check(b0, tv, ref, bound);
      if (range != null) {
        throw new BadInputException(
            (t != null ? "--theta " + t : "theta fitted from " + features) + ", --beta "
                + b0 + ": " + range);
      }
      TheoremAudit.Settings st =
          new TheoremAudit.Settings(
              tv,
              t != null ? t.toString() : "least squares on the rewards of " + features,
              b0,
              ref,
              bound,
              size != null ? size : e.prompts(),
              delta,
              steps,
              alg,
              seed);
      try (Progress p = Progress.start("evaluating the theorems", 0)) {
        ta = TheoremAudit.of(e, st);
      }
    }
    int figures = AuditFiles.write(a, ta, out);
    java.io.PrintWriter pw = out();
    pw.println("verdict: " + a.verdict());
    pw.println("wrote " + json);
    pw.println("wrote " + md);
    pw.println("wrote " + figures + " figures (PNG and SVG) to " + out);
    return ExitCode.OK;
  }

  /** The parsed {@code --algorithm}: GA or SGA. */
  private Algorithm algorithm() {
    String a = algorithm.trim().toLowerCase(java.util.Locale.ROOT);
    if (a.equals("ga")) {
      return Algorithm.GA;
    }
    if (a.equals("sga")) {
      return Algorithm.SGA;
    }
    throw BadInputException.option("--algorithm", "expected ga or sga, got '" + algorithm + "'");
  }
}
