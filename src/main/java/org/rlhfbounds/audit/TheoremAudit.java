package org.rlhfbounds.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.bounds.Assumption;
import org.rlhfbounds.bounds.BoundContext;
import org.rlhfbounds.bounds.BoundInputs;
import org.rlhfbounds.bounds.BoundResult;
import org.rlhfbounds.bounds.BoundTheorem;
import org.rlhfbounds.bounds.Bounds;
import org.rlhfbounds.bounds.Constants;
import org.rlhfbounds.bounds.CovarianceEnclosure;
import org.rlhfbounds.bounds.CoveredSubspace;
import org.rlhfbounds.bounds.Measured;
import org.rlhfbounds.bounds.TheoremRegistry;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.PositiveProbability;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.learners.Algorithm;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.objective.Objective;

/**
 * The part of an audit that needs the reward model: with {@code theta*}, {@code beta} and {@code
 * w_ref} known, the coverage of {@code Sigma_S(w)} at {@code w_ref} and at the optimum {@code w* =
 * w_ref + theta* / beta} (proofs/MODEL.md#model), every theorem of {@link TheoremRegistry} evaluated
 * on the audited sample, and the residual {@code eps_n(S) = E_x max_{a,b} ||P_{N_S}(phi(x,a) -
 * phi(x,b))||^2} (proofs/MODEL.md#notation) estimated on held-out prompts with a confidence
 * interval.
 *
 * <p><b>The sample.</b> The audited sample S is the whole export, or, with {@code n < M}, {@code n}
 * of its prompts drawn without replacement by a {@link SplittableRandom} of the seed (in their
 * order in the export). The population is unknown: the theorems are evaluated by {@link
 * Bounds#context} with the population unknown, so {@code diam = 2B}, {@code eps_n(S)} is unknown
 * (T-RES is then not applicable unless S covers every direction), the uniform coverage {@code
 * kappa_u} is 0 and the difference rank is {@code d} (worst cases); {@code B} is the bound on the
 * population's feature norms the caller declares (at least the export's largest norm). No learner
 * is run: the a-posteriori theorem (T-OPT, which needs a run's measured gradient) and the theorems
 * of the other algorithm are listed as not applicable with the reason.
 *
 * <p><b>Coverage.</b> At {@code w_ref} and at {@code w*}, by the library's kernel split of {@code
 * Sigma_S(0)} ({@link CoveredSubspace#of(Objective, org.rlhfbounds.model.PromptMeasure)}) and its
 * certified {@code kappa+} ({@link CoveredSubspace#kappaPlus}); at {@code w*} these are the
 * numbers the theorems use ({@link BoundInputs}).
 *
 * <p><b>eps_n.</b> With {@code n < M} the held-out prompts are the {@code M - n} outside S and the
 * estimate is of {@code eps_n(S)} itself; with {@code n = M} the export is split by the seed into
 * a training half {@code S'} of {@code floor(M/2)} prompts and the rest, and the estimate is of
 * {@code eps_{|S'|}(S')}. The estimate is the held-out mean of the per-prompt residuals (each
 * rounded up, {@link CoveredSubspace#residual}); every residual lies in {@code [0, (2B)^2]}, so by
 * Hoeffding's inequality (W. Hoeffding, JASA 58 (1963) 13-30, doi:10.1080/01621459.1963.10500830,
 * Theorem 2) the interval {@code mean -+ 4B^2 sqrt(ln(2/delta) / (2m))} over {@code m} held-out
 * prompts holds with probability {@code >= 1 - delta} over their draw, when they are iid from the
 * population.
 *
 * <p>Deterministic: the result depends on the seed, never on a thread count. Thread-safe:
 * immutable.
 */
public final class TheoremAudit {
  /**
   * What the audit knows of the reward model and the run the theorems are evaluated for.
   *
   * @param theta {@code theta*}, length d
   * @param thetaSource where theta came from (a file name, or the least-squares fit)
   * @param beta the KL weight, {@code > 0}
   * @param wRef the reference parameter, length d
   * @param featureBound the bound B on the population's feature norms
   * @param n the sample size, in {@code [1, M]}
   * @param delta the failure probability, in (0, 1)
   * @param steps T, {@code >= 1}
   * @param algorithm GA or SGA
   * @param seed the seed of the sample's and the held-out split's draws
   */
  public record Settings(
      double[] theta,
      String thetaSource,
      double beta,
      double[] wRef,
      double featureBound,
      int n,
      double delta,
      int steps,
      Algorithm algorithm,
      long seed) {}

  private final Parts parts;

  /** The coverage of {@code Sigma_S(w)} at one point. */
  private record PointCoverage(
      String matrix, int kernelDim, @Nullable Double kappaPlus, boolean certified, double lambdaMaxUpper) {
    @Nullable Double conditionNumber() {
      Double k = kappaPlus;
      return k == null ? null : Up.div(lambdaMaxUpper, k);
    }

    ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("matrix", matrix);
      o.put("kernelDim", kernelDim);
      Audit.putNullable(o, "kappaPlus", kappaPlus);
      o.put("kappaPlusCertified", certified);
      o.put("lambdaMaxUpper", lambdaMaxUpper);
      Audit.putNullable(o, "conditionNumber", conditionNumber());
      return o;
    }
  }

  /** The held-out estimate of eps_n. */
  private record Residual(
      int training, int heldOut, int kernelDim, double estimate, double low, double high) {}

  /**
   * What the audit holds once evaluated: the settings, the theorem entries, the coverage at w_ref
   * and w*, the held-out estimate of eps_n (null when nothing is held out) with the sentence saying
   * what it estimates, and the planning part.
   */
  private record Parts(
      Settings settings,
      List<Map<String, @Nullable Object>> theorems,
      PointCoverage atRef,
      PointCoverage atStar,
      @Nullable Residual residual,
      String residualNote,
      AuditPlanning planning) {}

  private TheoremAudit(Parts parts) {
    this.parts = parts;
  }

  /**
   * Evaluates the model-dependent part of the audit of an export.
   *
   * @param e the export
   * @param s the settings
   * @return the result
   * @throws IllegalArgumentException if a setting is out of its range (theta or w_ref of the wrong
   *     length or not finite, beta or B not positive and finite, B below a feature norm, n outside
   *     {@code [1, M]}, delta outside (0, 1), {@code steps < 1}, an algorithm other than GA or SGA)
   */
  public static TheoremAudit of(FeatureExport e, Settings s) {
    @PositiveReal double beta = Reals.positive(s.beta(), "beta");
    @PositiveReal double bound = Reals.positive(s.featureBound(), "featureBound");
    @PositiveProbability double delta = Reals.positiveProbability(s.delta(), "delta");
    int m = e.prompts();
    if (s.n() < 1 || s.n() > m) {
      throw new IllegalArgumentException("n: must lie in [1, " + m + "], got " + s.n());
    }
    if (s.steps() < 1) {
      throw new IllegalArgumentException("steps: must be >= 1, got " + s.steps());
    }
    if (s.algorithm() != Algorithm.GA && s.algorithm() != Algorithm.SGA) {
      throw new IllegalArgumentException("algorithm: must be GA or SGA, got " + s.algorithm());
    }
    int[] order = permutation(m, s.seed());
    Evaluated ev =
        evaluate(
            s.n() == m ? features(e) : features(e, sortedPrefix(order, 0, s.n())),
            s, beta, bound, delta);
    // the held-out prompts are widened from the export only now that the sample is unreachable,
    // so that the export widened to double is held at most once
    Residual res = null;
    String note;
    if (s.n() < m) {
      res = residual(ev.split(), s.n(), features(e, sortedPrefix(order, s.n(), m)), bound, delta);
      note = "eps_n(S) of the audited sample S, estimated on the " + (m - s.n()) + " prompts outside it";
    } else if (m >= 2) {
      int half = m / 2;
      CoveredSubspace trainSplit =
          split(features(e, sortedPrefix(order, 0, half)), s, beta, bound);
      res = residual(trainSplit, half, features(e, sortedPrefix(order, half, m)), bound, delta);
      note =
          "n = M: eps_" + half + "(S') of a seeded half S' of the export, estimated on the other "
              + (m - half) + " prompts";
    } else {
      note = "one prompt: nothing to hold out";
    }
    return new TheoremAudit(
        new Parts(
            s, entries(ev.results(), s.algorithm()), ev.atRef(), ev.atStar(), res, note,
            AuditPlanning.of(features(e), s)));
  }

  /** What the audited sample tells: the theorems, the coverage at w_ref and w*, its split. */
  private record Evaluated(
      List<BoundResult> results, PointCoverage atRef, PointCoverage atStar, CoveredSubspace split) {}

  /**
   * Evaluates the theorems and the coverage on the audited sample; the sample is reachable only
   * from this frame, so it can be collected once this returns.
   */
  private static Evaluated evaluate(
      Features chosen,
      Settings s,
      @PositiveReal double beta,
      @PositiveReal double bound,
      @PositiveProbability double delta) {
    Sample sample = Sample.of(chosen);
    Instance inst =
        Instance.of(beta, s.theta(), s.wRef(), bound, FiniteDistribution.uniform(chosen));
    Bounds.Run run =
        s.algorithm() == Algorithm.GA
            ? Bounds.Run.ga(s.steps(), delta, inst.wRef(), null)
            : Bounds.Run.sga(s.steps(), delta, inst.wRef(), null);
    // the split Bounds computed for the coverage constants is the library's split of S: reused
    Bounds.SplitContext sc = Bounds.contextWithSplit(inst, sample, false, run, Measured.none());
    BoundContext ctx = sc.context();
    CoveredSubspace split = sc.split();
    BoundInputs in = ctx.inputs();
    PointCoverage atRef = at("Sigma_S(w_ref)", Objective.of(inst), split, sample, inst.wRef());
    PointCoverage atStar =
        new PointCoverage(
            "Sigma_S(w*)", in.kernelDim(), in.kappaPlus(), in.kappaCertified(), in.lambdaMaxUpper());
    return new Evaluated(TheoremRegistry.evaluate(ctx), atRef, atStar, split);
  }

  /** The library's split of a block of prompts under the audited model. */
  private static CoveredSubspace split(
      Features prompts, Settings s, @PositiveReal double beta, @PositiveReal double bound) {
    Instance inst =
        Instance.of(beta, s.theta(), s.wRef(), bound, FiniteDistribution.uniform(prompts));
    return CoveredSubspace.of(Objective.of(inst), Sample.of(prompts));
  }

  /** The coverage of {@code Sigma_S(w)} on the library's split. */
  private static PointCoverage at(
      String name, Objective o, CoveredSubspace split, Sample sample, double[] w) {
    CovarianceEnclosure sigma = CovarianceEnclosure.of(sample, w, o.threads());
    CoveredSubspace.KappaPlus kp = split.kappaPlus(sigma);
    return new PointCoverage(
        name, split.kernelDim(), kp.value(), kp.certified(), sigma.lambdaMaxUpper());
  }

  /** The held-out estimate of the split's residual with its Hoeffding interval. */
  private static Residual residual(
      CoveredSubspace split, int training, Features heldOut, double bound, double delta) {
    int m = heldOut.size();
    double mean = split.residual(Sample.of(heldOut));
    double range = Up.mul(4, Up.mul(bound, bound));
    double half = Up.mul(range, Up.sqrt(Up.div(Up.log(2 / Down.mul(delta, 1)), 2.0 * m)));
    double low = Math.max(0, Down.sub(mean, half));
    double high = Math.min(range, Up.add(mean, half));
    return new Residual(training, m, split.kernelDim(), mean, low, high);
  }

  /** Every prompt of the export, widened to double. */
  private static Features features(FeatureExport e) {
    int[] off = IntStream.rangeClosed(0, e.prompts()).map(e::offset).toArray();
    double[] data = new double[values(e, e.rows())];
    e.copyRows(0, e.rows(), data);
    return Features.ofOwned(data, off, e.dim(), e.source());
  }

  /**
   * The prompts {@code idx[0], idx[1], ...} of the export, widened to double: the same block as
   * {@code features(e).select(idx)}, without widening the whole export first.
   */
  private static Features features(FeatureExport e, int[] idx) {
    int d = e.dim();
    int[] off = new int[idx.length + 1];
    int total = 0;
    for (int s = 0; s < idx.length; s++) {
      total = Math.addExact(total, e.candidates(idx[s]));
      off[s + 1] = total;
    }
    double[] data = new double[values(e, total)];
    double[] one = new double[values(e, e.maxCandidates())];
    for (int s = 0; s < idx.length; s++) {
      int k = e.candidates(idx[s]);
      e.copyRows(e.offset(idx[s]), k, one);
      int at = off[s] * d;
      int len = k * d;
      Indices.requireRange(one, 0, len);
      Indices.requireRange(data, at, len);
      System.arraycopy(one, 0, data, at, len);
    }
    return Features.ofOwned(data, off, d, e.source());
  }

  /** The number of values of {@code rows} rows of the export, if one array can hold them. */
  private static @NonNegative int values(FeatureExport e, int rows) {
    long len = (long) rows * e.dim();
    int n = (int) len;
    if (n != len || n < 0 || n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(e + ": too many values for one array");
    }
    return n;
  }

  /** A permutation of {@code 0..m-1} drawn by the seed (Fisher-Yates). */
  private static int[] permutation(int m, long seed) {
    int[] p = IntStream.range(0, m).toArray();
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = p.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Indices.requireIndex(p, i);
      Indices.requireIndex(p, j);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The entries {@code from .. to - 1} of a permutation, ascending. */
  private static int[] sortedPrefix(int[] p, int from, int to) {
    return Arrays.stream(p).skip(from).limit(to - from).sorted().toArray();
  }

  /** The JSON entries of every registered theorem: its results, or why it has none. */
  private static List<Map<String, @Nullable Object>> entries(
      List<BoundResult> results, Algorithm alg) {
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (BoundTheorem t : TheoremRegistry.ALL) {
      boolean any = false;
      for (BoundResult r : results) {
        if (r.id().equals(t.id())) {
          out.add(r.toMap());
          any = true;
        }
      }
      if (!any) {
        out.add(notEvaluated(t, alg));
      }
    }
    return out;
  }

  /** The entry of a theorem that says nothing about the audited run, with the reason. */
  private static Map<String, @Nullable Object> notEvaluated(BoundTheorem t, Algorithm alg) {
    Assumption a =
        t.kind() == BoundTheorem.Kind.A_POSTERIORI
            ? Assumption.of(
                "run",
                "a learner run's selected iterate and its measured gradient norm are known",
                false,
                null,
                "the audit runs no learner; `rlhf-bounds bound` evaluates it after a run")
            : Assumption.of(
                "algorithm",
                "the run uses the algorithm the theorem is about",
                false,
                null,
                "the audit evaluated " + alg + " (--algorithm)");
    Map<String, @Nullable Object> m = new java.util.LinkedHashMap<>();
    m.put("id", t.id());
    m.put("kind", t.kind().label());
    m.put("applicable", false);
    m.put("assumptions", List.of(a.toMap()));
    return m;
  }

  /**
   * Returns the settings the audit was evaluated with.
   *
   * @return the settings
   */
  public Settings settings() {
    return parts.settings();
  }

  /**
   * Returns {@code kappa+} of {@code Sigma_S(w*)} on the covered part (certified when {@link
   * #kappaPlusAtOptimumCertified()}), or null when nothing is covered.
   *
   * @return kappa+ at w*
   */
  public @Nullable Double kappaPlusAtOptimum() {
    return parts.atStar().kappaPlus();
  }

  /**
   * Returns whether {@link #kappaPlusAtOptimum()} is certified.
   *
   * @return the flag
   */
  public boolean kappaPlusAtOptimumCertified() {
    return parts.atStar().certified();
  }

  /**
   * Returns the kernel dimension of the library's split.
   *
   * @return dim N_S
   */
  public int kernelDim() {
    return parts.atStar().kernelDim();
  }

  /**
   * Returns the planning part: the audited prompts as the population.
   *
   * @return the planning part
   */
  public AuditPlanning planning() {
    return parts.planning();
  }

  /**
   * Returns the theorem entries, in the shape of the {@code bound} command's {@code theorems}.
   *
   * @return a copy of the list
   */
  public List<Map<String, @Nullable Object>> theorems() {
    return new ArrayList<>(parts.theorems());
  }

  /**
   * Adds {@code model}, {@code coverageAt}, {@code epsN} and {@code theorems} to an audit's JSON.
   *
   * @param root the object of {@code audit.json}
   */
  void putInto(ObjectNode root) {
    Settings settings = parts.settings();
    ObjectNode model = root.putObject("model");
    model.put("theta", settings.thetaSource());
    model.put("thetaNorm", Constants.norm(settings.theta()));
    model.put("beta", settings.beta());
    model.put("wRefNorm", Constants.norm(settings.wRef()));
    model.put("featureBound", settings.featureBound());
    model.put("n", settings.n());
    model.put("delta", settings.delta());
    model.put("steps", settings.steps());
    model.put("algorithm", settings.algorithm().name());
    model.put("seed", settings.seed());
    ObjectNode at = root.putObject("coverageAt");
    at.set("wRef", parts.atRef().toJson());
    at.set("wStar", parts.atStar().toJson());
    Residual r = parts.residual();
    if (r == null) {
      root.putNull("epsN");
    } else {
      ObjectNode o = root.putObject("epsN");
      o.put("trainingPrompts", r.training());
      o.put("heldOutPrompts", r.heldOut());
      o.put("kernelDim", r.kernelDim());
      o.put("estimate", r.estimate());
      o.put("low", r.low());
      o.put("high", r.high());
      o.put("confidence", 1 - settings.delta());
      o.put("note", parts.residualNote());
    }
    ArrayNode th = root.putArray("theorems");
    for (Map<String, @Nullable Object> t : parts.theorems()) {
      th.add(Json.tree(t));
    }
    parts.planning().putInto(root);
  }

  /**
   * The Markdown sections of this part: coverage at w_ref and w*, eps_n, the theorem table.
   *
   * @return the text ({@code \n} line ends)
   */
  String toMarkdown() {
    Settings settings = parts.settings();
    StringBuilder b = new StringBuilder();
    b.append("## Coverage at w_ref and w*\n\n")
        .append("theta: ").append(settings.thetaSource()).append(", beta = ")
        .append(Audit.fmt(settings.beta())).append(", ||w_ref|| = ")
        .append(Audit.fmt(Constants.norm(settings.wRef()))).append("\n\n")
        .append("| matrix | kernel dim | kappa+ | certified | lambda_max (upper) | Gamma |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    for (PointCoverage c : List.of(parts.atRef(), parts.atStar())) {
      b.append("| ").append(c.matrix()).append(" | ").append(c.kernelDim()).append(" | ")
          .append(Audit.fmt(c.kappaPlus())).append(" | ").append(c.certified() ? "yes" : "no")
          .append(" | ").append(Audit.fmt(c.lambdaMaxUpper())).append(" | ")
          .append(Audit.fmt(c.conditionNumber())).append(" |\n");
    }
    b.append("\n## Residual eps_n\n\n");
    Residual r = parts.residual();
    if (r == null) {
      b.append("not estimated: ").append(parts.residualNote()).append("\n");
    } else {
      b.append(parts.residualNote()).append(": ").append(Audit.fmt(r.estimate())).append(", interval at confidence ")
          .append(1 - settings.delta()).append(": [")
          .append(Audit.fmt(r.low())).append(", ").append(Audit.fmt(r.high())).append("] (Hoeffding, ")
          .append(r.heldOut()).append(" held-out prompts, kernel dimension ")
          .append(r.kernelDim()).append(")\n");
    }
    b.append("\n## Bounds on the audited data\n\n")
        .append("n = ").append(settings.n()).append(", delta = ").append(settings.delta())
        .append(", T = ").append(settings.steps()).append(", ").append(settings.algorithm())
        .append(", B = ").append(Audit.fmt(settings.featureBound()))
        .append(" (the population is unknown: diam = 2B, eps_n(S) unknown, kappa_u = 0)\n\n")
        .append("| theorem | part | kind | applicable | value | failed assumption |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    for (Map<String, @Nullable Object> t : parts.theorems()) {
      Object v = t.get("value");
      b.append("| ").append(t.get("id")).append(" | ")
          .append(t.get("part") == null ? "-" : t.get("part")).append(" | ").append(t.get("kind"))
          .append(" | ").append(Boolean.TRUE.equals(t.get("applicable")) ? "yes" : "**no**")
          .append(" | ").append(v instanceof Double ? Audit.fmt((Double) v) : "-").append(" | ")
          .append(failed(t)).append(" |\n");
    }
    return b.append(parts.planning().toMarkdown()).toString();
  }

  /** The names and details of an entry's failed assumptions, or "-". */
  private static String failed(Map<String, @Nullable Object> t) {
    StringBuilder b = new StringBuilder();
    Object as = t.get("assumptions");
    if (as instanceof List) {
      for (Object o : (List<?>) as) {
        if (o instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) o).get("holds"))) {
          Map<?, ?> a = (Map<?, ?>) o;
          b.append(b.length() == 0 ? "" : "; ").append(a.get("name")).append(": ")
              .append(String.valueOf(a.get("statement")).replace('|', '/')).append(" fails (")
              .append(String.valueOf(a.get("detail")).replace('|', '/')).append(")");
        }
      }
    }
    return b.length() == 0 ? "-" : b.toString();
  }
}
