package org.rlhfbounds.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.bounds.Assumption;
import org.rlhfbounds.bounds.BoundTheorem;
import org.rlhfbounds.bounds.TheoremRegistry;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.objective.Coverage;

/**
 * The audit of a feature export: the theorems' assumptions checked on the data, each with holds or
 * fails, the measured value and the margin (proofs/MODEL.md#model, proofs/AUDIT-CERT.md).
 *
 * <ul>
 *   <li><b>feature bound</b>: {@code B} = the largest feature norm, rounded up so that it bounds
 *       the exact norms; the norm quantiles show whether a few rows set it;
 *   <li><b>candidates</b>: every prompt has {@code K <= d} (the seed's assumption);
 *   <li><b>per-prompt rank</b>: every prompt's candidate features are linearly independent (rank
 *       {@code K} with the tolerance of {@link Summaries#RANK_TOLERANCE}); the offending prompts
 *       are listed;
 *   <li><b>coverage</b> of {@code Sigma_S(0)} (the uniform reference policy, {@code w_ref = 0}):
 *       the kernel is decided by the library's one kernel policy ({@link
 *       Coverage#ofUniformCovariance}); {@code lambda_min} of the exact covariance of the exported
 *       numbers is certified from below ({@link AssemblyCertificate}). A positive certified bound
 *       proves full coverage, so the export is then reported covered, with its condition number,
 *       even when the policy's tolerance would declare its smallest directions uncovered (an
 *       ill-conditioned export is covered; the policy's count is kept as {@code
 *       policyKernelDim}).
 * </ul>
 *
 * <p>Thread-safe: immutable.
 */
public final class Audit {
  /** The id of the audit JSON schema, the first field of {@code audit.json}. */
  public static final String SCHEMA = "urn:rlhf-bounds:schema:audit:1";

  private final String source;
  private final int prompts;
  private final long rows;
  private final int dim;
  private final int maxCandidates;
  private final boolean float32;
  private final double featureBound;
  private final double[] normQuantiles;
  private final double p99;
  private final double[] sortedNorms;
  private final Coverage coverage;
  private final double kappaCertified;
  private final double assemblyError;
  private final int[] ranks;
  private final int[] candidates;
  private final int[] deficient;
  private final int aboveDim;
  private final @Nullable Realizability realizability;

  private Audit(
      String source, int prompts, boolean float32, @Nullable Realizability re, ChunkSummary s) {
    this.source = source;
    this.prompts = prompts;
    this.rows = s.rows();
    this.dim = s.dim();
    this.maxCandidates = s.maxCandidates();
    this.float32 = float32;
    double normSqUpper = AssemblyCertificate.normSqUpper(s.maxNormSq(), dim);
    this.featureBound = Up.sqrt(normSqUpper);
    this.sortedNorms = s.norms();
    Arrays.sort(sortedNorms);
    this.normQuantiles = SummaryStatistics.quantiles(sortedNorms);
    this.p99 = SummaryStatistics.quantile(sortedNorms, 0.99);
    double[] sigma = SummaryStatistics.sigma(s, prompts);
    this.coverage =
        Coverage.ofUniformCovariance(new DMatrixRMaj(dim, dim, true, sigma), featureBound, maxCandidates);
    this.assemblyError =
        AssemblyCertificate.assemblyError(sigma, dim, rows, maxCandidates, normSqUpper);
    this.kappaCertified =
        AssemblyCertificate.lowerBound(
            sigma, dim, rows, maxCandidates, normSqUpper, coverage.kappa());
    this.ranks = s.ranks();
    this.candidates = s.candidates();
    List<Integer> bad = new ArrayList<>();
    int above = 0;
    for (int i = 0; i < ranks.length && i < candidates.length; i++) {
      if (ranks[i] < candidates[i]) {
        bad.add(i);
      }
      if (candidates[i] > dim) {
        above++;
      }
    }
    this.deficient = bad.stream().mapToInt(Integer::intValue).toArray();
    this.aboveDim = above;
    this.realizability = re;
  }

  private Audit(FeatureExport e, ChunkSummary s) {
    this(e.source(), e.prompts(), e.isFloat32(), e.hasRewards() ? Realizability.of(e) : null, s);
  }

  /**
   * Audits an export: summarises it ({@link Summaries#of}) and checks the assumptions.
   *
   * @param e the export
   * @param threads worker threads, {@code >= 1} (the result does not depend on it)
   * @param progress called with the number of prompts summarised so far
   * @return the audit
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static Audit of(FeatureExport e, int threads, java.util.function.IntConsumer progress) {
    return new Audit(e, Summaries.of(e, threads, progress));
  }

  /**
   * Audits an export from its summary.
   *
   * @param e the export (for its name and shape)
   * @param s the summary of all its prompts
   * @return the audit
   * @throws IllegalArgumentException if the summary does not cover every prompt of {@code e}
   */
  public static Audit of(FeatureExport e, ChunkSummary s) {
    if (s.prompts() != e.prompts() || s.dim() != e.dim()) {
      throw new IllegalArgumentException(
          "summary of " + s.prompts() + " prompts of dimension " + s.dim() + " for " + e);
    }
    return new Audit(e, s);
  }

  /**
   * Audits an export without rewards from its summary alone, for engines that summarise the
   * export's ranges where the data lies ({@link Summaries#range}) and never hold it whole: the
   * same audit as {@link #of(FeatureExport, ChunkSummary)} of an export with this name, storage
   * and shape, no rewards, and the summary's prompts and dimension.
   *
   * @param source the export's name (the {@code features} field of the JSON)
   * @param float32 whether the export stores float32
   * @param s the summary of all its prompts, merged in prompt order
   * @return the audit
   * @throws IllegalArgumentException if the summary has no prompt, more than {@code
   *     Integer.MAX_VALUE} of them, or dimension 0
   */
  public static Audit ofSummary(String source, boolean float32, ChunkSummary s) {
    if (s.prompts() < 1 || s.prompts() > Integer.MAX_VALUE || s.dim() < 1) {
      throw new IllegalArgumentException(
          "summary of " + s.prompts() + " prompts of dimension " + s.dim() + " for " + source);
    }
    return new Audit(source, (int) s.prompts(), float32, null, s);
  }

  /**
   * Returns the certified lower bound on {@code lambda_min} of the exact {@code Sigma_S(0)} (0 when
   * nothing positive is certified).
   *
   * @return kappa certified
   */
  public double kappaCertified() {
    return kappaCertified;
  }

  /**
   * Whether full coverage is proved ({@link #kappaCertified()} {@code > 0}).
   *
   * @return true when covered
   */
  public boolean covered() {
    return kappaCertified > 0;
  }

  /**
   * Returns the coverage of {@code Sigma_S(0)} as decided by the kernel policy.
   *
   * @return the coverage
   */
  public Coverage coverage() {
    return coverage;
  }

  /**
   * Returns the kernel dimension reported: 0 when coverage is proved, else the policy's.
   *
   * @return dim N_S
   */
  public int kernelDim() {
    return covered() ? 0 : coverage.kernelDim();
  }

  /**
   * Returns {@code kappa+}: {@code lambda_min} when coverage is proved, else the policy's.
   *
   * @return kappa plus, or null when nothing is covered
   */
  public @Nullable Double kappaPlus() {
    if (covered()) {
      return coverage.kappa(); // lambda_min, positive since certified
    }
    return coverage.kappaPlus();
  }

  /**
   * Returns {@code Gamma = lambda_max / kappa+}, or null without {@code kappa+}.
   *
   * @return Gamma or null
   */
  public @Nullable Double conditionNumber() {
    Double kp = kappaPlus();
    return kp == null || !(kp > 0) ? null : coverage.lambdaMax() / kp;
  }

  /**
   * Returns the feature bound {@code B} (the largest norm, rounded up).
   *
   * @return B
   */
  public double featureBound() {
    return featureBound;
  }

  /**
   * Returns the least-squares theta of the export's rewards, or null without rewards.
   *
   * @return a copy of theta, or null
   */
  public double @Nullable [] fittedTheta() {
    Realizability re = realizability;
    return re == null ? null : re.theta();
  }

  /**
   * Returns the largest feature norm as computed (the largest of {@link #sortedNorms()}).
   *
   * @return the norm
   */
  public double maxNorm() {
    return SummaryStatistics.quantile(sortedNorms, 1.0);
  }

  /**
   * Returns the prompts whose candidate features are linearly dependent, ascending (a copy).
   *
   * @return the prompt indices
   */
  public int[] rankDeficient() {
    return deficient.clone();
  }

  /**
   * Returns the feature norms, ascending (a copy).
   *
   * @return the norms
   */
  public double[] sortedNorms() {
    return sortedNorms.clone();
  }

  /**
   * Returns the rank of every prompt's features (a copy).
   *
   * @return the ranks
   */
  public int[] ranks() {
    return ranks.clone();
  }

  /** One checked assumption. */
  private record Check(String id, boolean holds, double value, double margin, String detail) {}

  private List<Check> checks() {
    List<Check> out = new ArrayList<>();
    out.add(
        new Check(
            "featureBound",
            true,
            featureBound,
            featureBound - p99,
            "||phi|| <= B = " + fmt(featureBound) + " for every row (largest norm, rounded up);"
                + " margin: B minus the 99% norm quantile"));
    out.add(
        new Check(
            "candidatesAtMostDim",
            aboveDim == 0,
            maxCandidates,
            dim - maxCandidates,
            aboveDim + " prompts have K > d = " + dim + " (K_max = " + maxCandidates + ")"));
    out.add(
        new Check(
            "perPromptRank",
            deficient.length == 0,
            deficient.length,
            -deficient.length,
            deficient.length + " of " + prompts + " prompts have linearly dependent candidate"
                + " features (rank < K; Gram eigenvalues above " + Summaries.RANK_TOLERANCE
                + " of the largest count)"));
    out.add(
        new Check(
            "coverage",
            covered(),
            kappaCertified,
            kappaCertified,
            covered()
                ? "lambda_min(Sigma_S(0)) > " + fmt(kappaCertified) + " is certified (rounding of"
                    + " the assembly included): full coverage holds"
                : "no positive lower bound on lambda_min(Sigma_S(0)) is certified; the kernel"
                    + " policy finds " + coverage.kernelDim() + " uncovered directions"));
    Realizability re = realizability;
    if (re != null) {
      out.add(
          new Check(
              "realizability",
              re.holds(),
              re.relativeResidual(),
              Realizability.TOLERANCE - re.relativeResidual(),
              "least-squares theta over the rows' features against the rewards: ||r - Phi theta|| = "
                  + fmt(re.residualNorm()) + ", relative " + fmt(re.relativeResidual())
                  + " (realizable up to " + Realizability.TOLERANCE + "), R^2 = " + fmt(re.r2())));
    }
    return out;
  }

  private List<String> recommendations() {
    List<String> out = new ArrayList<>();
    if (!covered()) {
      out.add(
          "coverage fails in " + coverage.kernelDim() + " directions, spanned mostly by features "
              + kernelFeatures() + ": every bound that divides by kappa needs the residual"
              + " eps_n of proofs/T-RES.md instead");
    }
    Double gamma = conditionNumber();
    if (gamma != null && gamma > 1e8) {
      out.add(
          "Gamma = " + String.format(Locale.ROOT, "%.3g", gamma) + ": every bound that divides by"
              + " kappa is vacuous at any practical n and T");
    }
    if (deficient.length > 0) {
      out.add(
          "per-prompt rank deficient in " + deficient.length + " prompts (first: "
              + Arrays.toString(Arrays.copyOf(deficient, Math.min(5, deficient.length)))
              + "): drop duplicated or collinear responses");
    }
    if (aboveDim > 0) {
      out.add(aboveDim + " prompts have more candidates than dimensions (K > d)");
    }
    if (p99 > 0 && featureBound > 4 * p99) {
      out.add(
          "B = " + fmt(featureBound) + " is set by a few rows (99% of norms are below "
              + fmt(p99) + "): normalise or clip them, every bound grows with B");
    }
    if (out.isEmpty()) {
      out.add("every checked assumption holds");
    }
    return out;
  }

  /** The three coordinates carrying most of the kernel's weight. */
  // Index: eigenvector rows have d entries; r < kernelDim <= d.
  @SuppressWarnings("index")
  private String kernelFeatures() {
    double[] v = coverage.eigenvectors();
    double[] w = new double[dim];
    for (int r = 0; r < coverage.kernelDim(); r++) {
      for (int j = 0; j < dim; j++) {
        w[j] += v[r * dim + j] * v[r * dim + j];
      }
    }
    Integer[] idx = new Integer[dim];
    for (int j = 0; j < dim; j++) {
      idx[j] = j;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(w[b], w[a]));
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < Math.min(3, dim); t++) {
      sb.append(t == 0 ? "" : ", ").append(idx[t]).append(String.format(Locale.ROOT, " (%.0f%%)", 100 * w[idx[t]] / Math.max(1, coverage.kernelDim())));
    }
    return sb.toString();
  }

  /**
   * The audit as the JSON object of {@code audit.json} (schema {@value #SCHEMA}), without the
   * reward model: {@link #toJson(TheoremAudit)} of null.
   *
   * @return the object (keys in a fixed order)
   */
  public ObjectNode toJson() {
    return toJson(null);
  }

  /**
   * The audit as the JSON object of {@code audit.json} (schema {@value #SCHEMA}): the checks, and,
   * with the reward model, the coverage at {@code w_ref} and {@code w*}, the held-out eps_n and
   * the theorems evaluated on the audited data ({@link TheoremAudit}); without it {@code model},
   * {@code coverageAt} and {@code epsN} are null and every theorem is not applicable for want of
   * {@code theta*} and {@code beta}.
   *
   * @param model the model-dependent part, or null
   * @return the object (keys in a fixed order)
   */
  public ObjectNode toJson(@Nullable TheoremAudit model) {
    ObjectNode root = Json.object();
    root.put("schema", SCHEMA);
    root.put("features", source);
    root.put("prompts", prompts);
    root.put("rows", rows);
    root.put("dim", dim);
    root.put("maxCandidates", maxCandidates);
    root.put("dtype", float32 ? "float32" : "float64");
    root.put("verdict", verdict());
    root.put("featureBound", featureBound);
    ObjectNode norms = root.putObject("featureNorms");
    for (int q = 0; q < SummaryStatistics.QUANTILES.length && q < normQuantiles.length; q++) {
      norms.put("q" + SummaryStatistics.QUANTILES[q], normQuantiles[q]);
    }
    norms.put("max", SummaryStatistics.quantile(sortedNorms, 1.0));
    ObjectNode cov = root.putObject("coverage");
    cov.put("matrix", "Sigma_S(0)");
    cov.put("kernelDim", kernelDim());
    cov.put("policyKernelDim", coverage.kernelDim());
    cov.put("kappa", coverage.kappa());
    putNullable(cov, "kappaPlus", kappaPlus());
    cov.put("kappaCertified", kappaCertified);
    cov.put("assemblyError", assemblyError);
    cov.put("lambdaMax", coverage.lambdaMax());
    putNullable(cov, "conditionNumber", conditionNumber());
    cov.put("tolerance", coverage.tolerance());
    cov.set("eigenvalues", Json.array(coverage.eigenvalues()));
    ObjectNode pp = root.putObject("perPrompt");
    pp.put("rankTolerance", Summaries.RANK_TOLERANCE);
    pp.put("rankDeficientCount", deficient.length);
    pp.set("rankDeficient", Json.array(deficient));
    pp.put("candidatesAboveDim", aboveDim);
    Realizability re = realizability;
    if (re == null) {
      root.putNull("realizability");
    } else {
      ObjectNode o = root.putObject("realizability");
      o.set("theta", Json.array(re.theta()));
      o.put("residualNorm", re.residualNorm());
      o.put("relativeResidual", re.relativeResidual());
      o.put("r2", re.r2());
      o.put("tolerance", Realizability.TOLERANCE);
    }
    ArrayNode checks = root.putArray("checks");
    for (Check c : checks()) {
      ObjectNode o = checks.addObject();
      o.put("id", c.id());
      o.put("holds", c.holds());
      o.put("value", c.value());
      o.put("margin", c.margin());
      o.put("detail", c.detail());
    }
    if (model != null) {
      model.putInto(root);
    } else {
      root.putNull("model");
      root.putNull("coverageAt");
      root.putNull("epsN");
      ArrayNode th = root.putArray("theorems");
      for (BoundTheorem t : TheoremRegistry.ALL) {
        th.add(Json.tree(withoutModel(t)));
      }
      root.putNull("planning");
    }
    ArrayNode rec = root.putArray("recommendations");
    for (String r : recommendations()) {
      rec.add(r);
    }
    return root;
  }

  /** The entry of a theorem when theta* or beta is not known. */
  private Map<String, @Nullable Object> withoutModel(BoundTheorem t) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("kind", t.kind().label());
    m.put("applicable", false);
    m.put(
        "assumptions",
        List.of(
            Assumption.of(
                    "model",
                    "the reward parameter theta* and the KL weight beta are known",
                    false,
                    null,
                    realizability == null
                        ? "give --theta FILE and --beta b"
                        : "give --beta b (theta* is fitted from the export's rewards)")
                .toMap()));
    return m;
  }

  static void putNullable(ObjectNode o, String key, @Nullable Double v) {
    if (v == null) {
      o.putNull(key);
    } else {
      o.put(key, v.doubleValue());
    }
  }

  /**
   * Returns the one-word verdict: {@code COVERED} or {@code NOT COVERED}, with {@code ", RANK
   * DEFICIENT"} when some prompt's features are dependent.
   *
   * @return the verdict
   */
  public String verdict() {
    return (covered() ? "COVERED" : "NOT COVERED") + (deficient.length > 0 ? ", RANK DEFICIENT" : "");
  }

  /**
   * The audit as Markdown without the reward model: {@link #toMarkdown(TheoremAudit)} of null.
   *
   * @return the text ({@code \n} line ends)
   */
  public String toMarkdown() {
    return toMarkdown(null);
  }

  /**
   * The audit as Markdown: the verdict table first, then the details, and the sections of the
   * reward model's part when it is given.
   *
   * @param model the model-dependent part, or null
   * @return the text ({@code \n} line ends)
   */
  public String toMarkdown(@Nullable TheoremAudit model) {
    StringBuilder b = new StringBuilder();
    b.append("# Audit of ").append(source).append("\n\n");
    b.append("| check | holds | value | margin |\n| --- | --- | --- | --- |\n");
    for (Check c : checks()) {
      b.append("| ").append(c.id()).append(" | ").append(c.holds() ? "yes" : "**no**").append(" | ")
          .append(fmt(c.value())).append(" | ").append(fmt(c.margin())).append(" |\n");
    }
    b.append("\nVerdict: **").append(verdict()).append("**\n\n## Details\n\n");
    b.append("- export: ").append(prompts).append(" prompts, ").append(rows).append(" rows, d = ")
        .append(dim).append(", K_max = ").append(maxCandidates).append(float32 ? ", float32" : ", float64").append("\n");
    for (Check c : checks()) {
      b.append("- ").append(c.id()).append(": ").append(c.detail()).append("\n");
    }
    b.append("- coverage of Sigma_S(0): lambda_max = ").append(fmt(coverage.lambdaMax()))
        .append(", kappa = ").append(fmt(coverage.kappa()))
        .append(", kappa+ = ").append(kappaPlus() == null ? "none" : fmt(kappaPlus()))
        .append(", Gamma = ").append(conditionNumber() == null ? "none" : fmt(conditionNumber()))
        .append(", kernel dimension ").append(kernelDim())
        .append(" (policy: ").append(coverage.kernelDim()).append(", tolerance ")
        .append(fmt(coverage.tolerance())).append("), certified kappa ").append(fmt(kappaCertified))
        .append(" (assembly error bound ").append(fmt(assemblyError)).append(")\n");
    b.append("- feature norms: ");
    for (int q = 0; q < SummaryStatistics.QUANTILES.length && q < normQuantiles.length; q++) {
      b.append(q == 0 ? "" : ", ").append("q").append(SummaryStatistics.QUANTILES[q]).append(" = ").append(fmt(normQuantiles[q]));
    }
    b.append("\n\n## Recommendations\n\n");
    for (String r : recommendations()) {
      b.append("- ").append(r).append("\n");
    }
    b.append("\n");
    if (model != null) {
      b.append(model.toMarkdown());
    } else {
      b.append("## Bounds on the audited data\n\nNot evaluated: ")
          .append(realizability == null
              ? "give --theta FILE and --beta b"
              : "give --beta b (theta* is fitted from the export's rewards)")
          .append(" to evaluate the theorems, the coverage at w* and eps_n.\n");
    }
    return b.toString();
  }

  static String fmt(@Nullable Double v) {
    return v == null ? "none" : String.format(Locale.ROOT, "%.6g", v);
  }
}
