package org.rlhfbounds.objective;

import java.lang.ref.WeakReference;
import java.util.SplittableRandom;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.Finite;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.qual.PositiveReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.PromptDistribution;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;

/**
 * The KL-regularised RLHF objective of an {@link Instance}, averaged over a {@link PromptMeasure}
 * (a finite population or a sample's empirical measure): {@code F_mu(w) = sum_i mu_i f(w; x_i)},
 * its gradient, Hessian-vector products, {@code Sigma_mu(w) = sum_i mu_i Cov_{pi_w} phi(x_i, .)},
 * the excess {@code beta sum_i mu_i KL(pi_w || pi_{w*})}, and population quantities of
 * generative distributions by Monte Carlo (proofs/MODEL.md#model, proofs/F1.md to F3.md).
 *
 * <p>Sums over prompts run in parallel over a fixed split into chunks of consecutive prompts that
 * depends only on the sizes (M, K_max, d): each chunk sums in index order, the chunk sums are added
 * in chunk order, so results are bit-for-bit the same for any number of threads ({@link
 * #withThreads}); a block of at most {@code 2^16} feature values is one chunk, i.e. the plain
 * sequential sum. {@link #covariance} accumulates every entry of its upper triangle over all
 * candidate rows in index order whatever the split. Inputs {@code w}, {@code v} must have length d and be finite ({@link
 * IllegalArgumentException} otherwise); results are checked finite on the way out.
 *
 * <p>{@link #value} and {@link #covarianceApplyAndValue} keep, from their second call on the same
 * prompts, a table of each row's {@code log pi_ref} and {@code r*} (two doubles per row, the same
 * bits as the kernels compute them each time), so that a run of many steps evaluates one logit per
 * candidate and step instead of three; the results are the same bits with and without it.
 *
 * <p>Not thread-safe: an instance holds a scratch {@link Workspace} and that table; use one per
 * thread (the worker threads of one call use their own workspaces).
 */
public final class Objective {
  private final Instance instance;
  private final double[] theta;
  private final double[] wRef;
  private final double[] wStar;
  private final double beta;
  private final @NonNegative int dim;
  private final int threads;
  private Workspace ws;
  /** The prompts of the last {@link #valueRaw} or {@link #covarianceApplyAndValue} call. */
  private WeakReference<@Nullable Features> seen = new WeakReference<>(null);
  /** The prompts {@link #reference} holds the reference terms of. */
  private WeakReference<@Nullable Features> referenceOf = new WeakReference<>(null);
  /** Their reference terms ({@link PromptKernels#referenceTerms}), two per row. */
  private double @Nullable [] reference;

  private Objective(Instance instance, int threads) {
    this.instance = instance;
    this.theta = instance.theta();
    this.wRef = instance.wRef();
    this.wStar = instance.wStar();
    this.beta = instance.beta();
    this.dim = instance.dim();
    this.threads = threads;
    this.ws = new Workspace(2, dim);
  }

  /**
   * Creates the objective of an instance.
   *
   * @param instance the instance
   * @return its objective
   */
  public static Objective of(Instance instance) {
    return new Objective(instance, Chunks.defaultThreads());
  }

  /**
   * Returns an objective of the same instance whose sums use {@code threads} threads (1: the
   * calling thread only). The results are the same bits for every thread count.
   *
   * @param threads the number of threads, {@code >= 1}
   * @return the objective
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public Objective withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    return new Objective(instance, threads);
  }

  /**
   * Returns the number of threads of this objective's sums.
   *
   * @return the thread count, {@code >= 1}
   */
  public int threads() {
    return threads;
  }

  /** {@code sum_i mu_i term(x_i)} ({@link PromptSums#scalar}). */
  private double sum(PromptMeasure m, double[] a, double[] b, PromptSums.ScalarTerm term) {
    return PromptSums.scalar(this, threads, ws(m.prompts()), m, a, b, term);
  }

  /** Writes {@code sum_i term_i} into {@code out} ({@link PromptSums#vector}). */
  private void sum(
      PromptMeasure m, double[] a, double[] b, double[] out, PromptSums.VectorTerm term) {
    PromptSums.vector(this, threads, ws(m.prompts()), m, a, b, out, term);
  }

  /**
   * Returns the instance.
   *
   * @return the instance
   */
  public Instance instance() {
    return instance;
  }

  /**
   * Returns a copy of w*.
   *
   * @return w*
   */
  public @Finite double[] wStar() {
    return instance.wStar();
  }

  private Workspace ws(Features f) {
    if (ws.maxK < f.maxCandidates()) {
      ws = new Workspace(f.maxCandidates(), dim);
    }
    return ws;
  }

  private void check(double[] v, String what) {
    if (v.length != dim) {
      throw new IllegalArgumentException(what + ": expected length d = " + dim + ", got " + v.length);
    }
    Reals.requireFinite(v, what);
  }

  private void checkMeasure(PromptMeasure m) {
    if (m.prompts().dim() != dim) {
      throw new IllegalArgumentException(
          "prompts: dimension " + m.prompts().dim() + " differs from the instance's d = " + dim);
    }
  }

  /**
   * Per-prompt objective {@code f(w; x_i)}.
   *
   * @param f the prompts
   * @param i the prompt
   * @param w the policy parameter
   * @return f(w; x_i)
   */
  @Theorem("F1")
  public @Finite double promptValue(Features f, int i, double[] w) {
    check(w, "w");
    Workspace s = ws(f);
    return Reals.finite(
        PromptKernels.value(
            f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), dim, theta, wRef,
            beta, w, s),
        "f(w;x)");
  }

  /**
   * The averaged objective {@code F_mu(w) = sum_i mu_i f(w; x_i)}: {@code F(w)} for a finite
   * population, {@code F_S(w)} for a sample.
   *
   * @param m the measure
   * @param w the policy parameter
   * @return F_mu(w)
   */
  @Theorem("F1")
  public @Finite double value(PromptMeasure m, double[] w) {
    check(w, "w");
    checkMeasure(m);
    return Reals.finite(valueRaw(m, w), "F(w)");
  }

  double valueRaw(PromptMeasure m, double[] w) {
    double[] ref = reference(m.prompts());
    return ref == null ? sum(m, w, w, VALUE) : sum(m, w, ref, VALUE_CACHED);
  }

  /** One prompt's {@code f(a; x)} (the term of {@link #value}; {@code b} unused). */
  private static final PromptSums.ScalarTerm VALUE =
      (o, data, row0, k, row, a, b, s) ->
          PromptKernels.value(data, row0, k, o.dim, o.theta, o.wRef, o.beta, a, s);

  /** {@link #VALUE} from the reference terms {@code b} ({@link #reference}): the same bits. */
  private static final PromptSums.ScalarTerm VALUE_CACHED =
      (o, data, row0, k, row, a, b, s) ->
          PromptKernels.valueCached(data, row0, k, o.dim, o.beta, a, b, 2 * row, s);

  /**
   * {@link #VALUE} at the w of the preceding {@link #SIGMA_V} term, from the (log-)probabilities it
   * left in the workspace and the reference terms {@code b}: only for {@link
   * PromptSums#both}, which runs the two terms of a prompt one after the other in one workspace.
   */
  private static final PromptSums.ScalarTerm VALUE_AFTER_SIGMA_V =
      (o, data, row0, k, row, a, b, s) -> PromptKernels.valueOfPolicy(k, o.beta, b, 2 * row, s);

  /**
   * The reference terms of the prompts {@code f} ({@link PromptKernels#referenceTerms}: {@code
   * log pi_ref} and {@code r*} of every row), or null. They are computed on the second call in a
   * row for the same prompts (the same object) and kept while those prompts are the latest: a
   * run of many steps on one sample (GA's objective trace) then evaluates one logit per candidate
   * and step instead of three, while a single evaluation (a replace-one sample, say) costs what
   * it did. Two doubles per row: at most a quarter of the feature bytes for d >= 8.
   */
  private double @Nullable [] reference(Features f) {
    double[] ref = reference;
    if (ref != null && referenceOf.get() == f) {
      return ref;
    }
    if (seen.get() != f) {
      seen = new WeakReference<>(f);
      return null;
    }
    reference = null;
    ref = referenceTerms(f);
    reference = ref;
    referenceOf = new WeakReference<>(f);
    return ref;
  }

  /** Whether this objective holds the reference terms of {@code f} (for the tests). */
  boolean holdsReferenceOf(Features f) {
    return reference != null && referenceOf.get() == f;
  }

  /**
   * Computes the reference terms of every prompt of {@code f}, in parallel over the chunks of
   * {@link PromptSums#chunkSize}: each prompt writes only its own entries, so the table is the
   * same for any number of threads.
   */
  private double[] referenceTerms(Features f) {
    int rows = f.rows();
    if (rows > Integer.MAX_VALUE / 2) {
      throw new IllegalArgumentException("prompts: " + rows + " rows are too many for the table");
    }
    double[] out = new double[2 * rows];
    int n = f.size();
    int size = PromptSums.chunkSize(f, dim);
    Chunks.run(
        threads,
        Chunks.count(n, size),
        c -> {
          Workspace s = Workspace.ofThread(f.maxCandidates(), dim);
          int lo = c * size;
          int hi = (int) Math.min(n, (long) lo + size);
          for (int i = lo; i < hi; i++) {
            PromptKernels.referenceTerms(
                f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), dim, theta, wRef, out,
                2 * f.rowOffset(i), s);
          }
        });
    return out;
  }

  /** One prompt's {@code weight Sigma_a(x) b} (the term of {@link #covarianceApply}). */
  private static final PromptSums.VectorTerm SIGMA_V =
      (o, data, row0, k, row, a, b, weight, acc, s) ->
          PromptKernels.covarianceApply(data, row0, k, o.dim, a, b, weight, acc, s);

  /**
   * Writes {@code Sigma_mu(w) v} into {@code out} (overwritten) and returns {@code F_mu(w)}, in
   * one pass over the prompts that reads each prompt's rows once for both: the same bits as
   * {@link #covarianceApply(PromptMeasure, double[], double[], double[])} and {@link #value}
   * called one after the other (the same per-prompt kernels, the same chunks, each sum in the
   * same order). GA's step with a recorded objective trace: {@code v = beta (w* - w)} makes
   * {@code out} the gradient (F2).
   *
   * @param m the measure
   * @param w the policy parameter
   * @param v the vector
   * @param out output, length d
   * @return F_mu(w)
   * @throws IllegalArgumentException if w or v is not finite, or F_mu(w) is not
   */
  @Theorem({"F1", "F2"})
  public @Finite double covarianceApplyAndValue(
      PromptMeasure m, double[] w, double[] v, double[] out) {
    check(w, "w");
    check(v, "v");
    checkMeasure(m);
    double[] ref = reference(m.prompts());
    double value =
        PromptSums.both(
            this, threads, ws(m.prompts()), m, w, v, out, SIGMA_V, w, ref == null ? w : ref,
            ref == null ? VALUE : VALUE_AFTER_SIGMA_V);
    return Reals.finite(value, "F(w)");
  }

  /**
   * The averaged optimal value {@code F_mu(w*) = sum_i mu_i beta log E_{pi_ref} exp(r* / beta)}
   * computed by the Gibbs formula (proofs/F1.md), not by evaluating f at w*.
   *
   * @param m the measure
   * @return F_mu(w*)
   */
  @Theorem("F1")
  public @Finite double gibbsValue(PromptMeasure m) {
    checkMeasure(m);
    double sum =
        sum(
            m,
            theta,
            theta,
            (o, data, row0, k, row, a, b, s) ->
                PromptKernels.gibbsValue(data, row0, k, o.dim, o.theta, o.wRef, o.beta, s));
    return Reals.finite(sum, "F(w*)");
  }

  /**
   * The gradient {@code grad F_mu(w)}, computed by the general covariance formula.
   *
   * @param m the measure
   * @param w the policy parameter
   * @return a new array holding the gradient
   */
  @Theorem("F2")
  public @Finite double[] gradient(PromptMeasure m, double[] w) {
    double[] out = new double[dim];
    gradient(m, w, out);
    return Reals.finiteArray(out, "gradient");
  }

  /**
   * Writes {@code grad F_mu(w)} into {@code out} (overwritten).
   *
   * @param m the measure
   * @param w the policy parameter
   * @param out output, length d
   */
  public void gradient(PromptMeasure m, double[] w, double[] out) {
    check(w, "w");
    checkMeasure(m);
    gradientRaw(m, w, out);
  }

  void gradientRaw(PromptMeasure m, double[] w, double[] out) {
    sum(
        m,
        w,
        w,
        out,
        (o, data, row0, k, row, a, b, weight, acc, s) ->
            PromptKernels.gradient(
                data, row0, k, o.dim, o.theta, o.wRef, o.beta, a, weight, acc, s));
  }

  /**
   * Writes the gradient of one prompt, {@code grad f(w; x_i)}, into {@code out} (overwritten).
   *
   * @param f the prompts
   * @param i the prompt
   * @param w the policy parameter
   * @param out output, length d
   */
  public void promptGradient(Features f, int i, double[] w, double[] out) {
    java.util.Arrays.fill(out, 0.0);
    Workspace s = ws(f);
    PromptKernels.gradient(
        f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), dim, theta, wRef, beta,
        w, 1.0, out, s);
  }

  /**
   * The gradient in the closed form of proofs/F2.md, {@code beta Sigma_mu(w) (w* - w)}.
   *
   * @param m the measure
   * @param w the policy parameter
   * @return a new array holding the gradient
   */
  @Theorem("F2")
  public @Finite double[] gradientClosedForm(PromptMeasure m, double[] w) {
    check(w, "w");
    double[] ws = wStar;
    if (ws.length != w.length) {
      throw new IllegalStateException("w* has length " + ws.length + ", w " + w.length);
    }
    double[] u = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      u[j] = beta * (ws[j] - w[j]);
    }
    return covarianceApply(m, w, u);
  }

  /**
   * The Hessian-vector product {@code (Hess F_mu)(w) v} (proofs/F3.md).
   *
   * @param m the measure
   * @param w the point
   * @param v the direction
   * @return a new array holding {@code H v}
   */
  @Theorem("F3")
  public @Finite double[] hessianVector(PromptMeasure m, double[] w, double[] v) {
    check(w, "w");
    check(v, "v");
    checkMeasure(m);
    double[] out = new double[dim];
    sum(
        m,
        w,
        v,
        out,
        (o, data, row0, k, row, a, b, weight, acc, s) ->
            CurvatureKernels.hessianVector(data, row0, k, o.dim, o.wStar, o.beta, a, b, weight, acc, s));
    return Reals.finiteArray(out, "Hessian-vector product");
  }

  /**
   * {@code Sigma_mu(w) v}, the averaged policy covariance applied to a vector.
   *
   * @param m the measure
   * @param w the policy parameter
   * @param v the vector
   * @return a new array
   */
  public @Finite double[] covarianceApply(PromptMeasure m, double[] w, double[] v) {
    double[] out = new double[dim];
    covarianceApply(m, w, v, out);
    return Reals.finiteArray(out, "Sigma v");
  }

  /**
   * Writes {@code Sigma_mu(w) v} into {@code out} (overwritten).
   *
   * @param m the measure
   * @param w the policy parameter
   * @param v the vector
   * @param out output, length d
   */
  public void covarianceApply(PromptMeasure m, double[] w, double[] v, double[] out) {
    check(w, "w");
    check(v, "v");
    checkMeasure(m);
    Features f = m.prompts();
    int n = f.size();
    if (Chunks.count(n, PromptSums.chunkSize(f, dim)) <= 1) {
      // GA's step: one chunk is the plain loop, without the indirection of a term
      java.util.Arrays.fill(out, 0.0);
      Workspace s = ws(f);
      for (int i = 0; i < n; i++) {
        PromptKernels.covarianceApply(
            f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), dim, w, v,
            m.weight(i), out, s);
      }
      return;
    }
    sum(m, w, v, out, SIGMA_V);
  }

  /**
   * The dense averaged covariance {@code Sigma_mu(w)} as an EJML matrix: the upper triangle
   * {@code sum_i mu_i sum_a (p_ia c_ia[r]) c_ia[c]} ({@code r <= c}) summed over the candidate
   * rows in index order, mirrored onto the lower triangle (exactly symmetric).
   *
   * @param m the measure
   * @param w the policy parameter
   * @return a new d x d matrix
   * @throws IllegalArgumentException if w is not finite or an entry of Sigma is not
   */
  @Theorem({"F3", "F5"})
  public DMatrixRMaj covariance(PromptMeasure m, double[] w) {
    check(w, "w");
    checkMeasure(m);
    DMatrixRMaj out = new DMatrixRMaj(dim, dim);
    UpperGram.store(accumulateCovariance(m, w), dim, true, out.data);
    Reals.finiteArray(out.data, "Sigma(w)");
    return out;
  }

  /**
   * The upper triangle of {@code Sigma_mu(w) = sum_i mu_i sum_a (p_ia c_ia) c_ia^T}, one array per
   * row ({@link CovarianceAssembly}): the rows are the centred rows {@code c_ia} and the weights
   * {@code p_ia = mu_i pi_w(a|x_i)} ({@link PromptKernels#centredRows}), so every entry {@code r <=
   * c} sums its terms {@code (p_ia c_ia[r]) c_ia[c]} over the rows in index order: the same bits
   * whatever the blocks, tiles or threads.
   */
  private double[][] accumulateCovariance(PromptMeasure m, double[] w) {
    Features f = m.prompts();
    int maxK = f.maxCandidates();
    int d = dim;
    return CovarianceAssembly.upper(
        f,
        threads,
        (j, src, row0, rows, p, at) -> {
          Workspace s = Workspace.ofThread(maxK, d);
          PromptKernels.centredRows(
              src, row0, f.candidates(j), d, w, m.weight(j), rows, p, at, s);
        },
        null);
  }

  /**
   * {@code sum_i mu_i KL(pi_w(.|x_i) || pi_v(.|x_i))}.
   *
   * @param m the measure
   * @param w first parameter
   * @param v second parameter
   * @return the averaged KL divergence
   */
  @Theorem({"F1", "F4"})
  public @NonNegativeReal double kl(PromptMeasure m, double[] w, double[] v) {
    check(w, "w");
    check(v, "v");
    checkMeasure(m);
    double sum =
        sum(
            m,
            w,
            v,
            (o, data, row0, k, row, a, b, s) -> PromptKernels.kl(data, row0, k, o.dim, a, b, s));
    return Reals.nonNegative(sum, "KL");
  }

  /**
   * The excess {@code F_mu(w*) - F_mu(w) = beta sum_i mu_i KL(pi_w || pi_{w*})} (proofs/F1.md),
   * computed through the KL (never negative, no cancellation).
   *
   * @param m the measure
   * @param w the policy parameter
   * @return the excess risk
   */
  @Theorem("F1")
  public @NonNegativeReal double excess(PromptMeasure m, double[] w) {
    @PositiveReal double b = instance.beta();
    return Reals.multiply(b, kl(m, w, wStar));
  }

  /**
   * The policy probabilities {@code pi_w(.|x_i)}.
   *
   * @param f prompts
   * @param i the prompt
   * @param w the parameter
   * @return a new array of K(i) probabilities
   * @throws IllegalArgumentException if w is not finite or its logits overflow
   */
  @Theorem("F5")
  public double[] probabilities(Features f, int i, double[] w) {
    check(w, "w");
    double[] out = new double[f.candidates(i)];
    Workspace s = ws(f);
    PromptKernels.probabilities(
        f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), dim, w, out, s);
    return Reals.finiteArray(out, "probabilities");
  }

  /**
   * The population objective {@code F(w)}: exact for a finite distribution, otherwise a Monte
   * Carlo mean over {@code draws} fresh prompts from the seed, with its standard error.
   *
   * @param w the policy parameter
   * @param draws Monte Carlo draws (ignored for finite distributions), {@code >= 2}
   * @param seed Monte Carlo seed
   * @return the estimate
   */
  public Estimate population(double[] w, int draws, long seed) {
    return populationOf(w, draws, seed, false);
  }

  /**
   * The population excess {@code F(w*) - F(w) = beta E_x KL(pi_w || pi_{w*})}: exact for a finite
   * distribution, otherwise Monte Carlo with its standard error.
   *
   * @param w the policy parameter
   * @param draws Monte Carlo draws
   * @param seed Monte Carlo seed
   * @return the estimate
   */
  public Estimate populationExcess(double[] w, int draws, long seed) {
    return populationOf(w, draws, seed, true);
  }

  private Estimate populationOf(double[] w, int draws, long seed, boolean excess) {
    check(w, "w");
    PromptDistribution d = instance.distribution();
    if (d instanceof FiniteDistribution) {
      FiniteDistribution fd = (FiniteDistribution) d;
      return Estimate.exact(excess ? excess(fd, w) : value(fd, w));
    }
    if (draws < 2) {
      throw new IllegalArgumentException("draws: Monte Carlo needs >= 2 draws, got " + draws);
    }
    Sample mc = d.sample(draws, new SplittableRandom(seed));
    Features f = mc.prompts();
    Workspace s = ws(f);
    double mean = 0;
    double m2 = 0;
    for (int i = 0; i < f.size(); i++) {
      double[] rows = f.promptRows(i, s.rows);
      int row0 = f.firstRow(i);
      int k = f.candidates(i);
      double x =
          excess
              ? beta * PromptKernels.kl(rows, row0, k, dim, w, wStar, s)
              : PromptKernels.value(rows, row0, k, dim, theta, wRef, beta, w, s);
      double delta = x - mean;
      mean += delta / (i + 1);
      m2 += delta * (x - mean);
    }
    double se = Math.sqrt(m2 / (f.size() - 1) / f.size());
    return Estimate.monteCarlo(Reals.finite(mean, "F(w)"), Reals.nonNegative(se, "standard error"), f.size());
  }
}
