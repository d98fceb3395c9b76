package org.rlhfbounds.bounds;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.Objective;

/**
 * The certified ingredients of the a-posteriori certificate T-POST (proofs/T-POST.md) at one point
 * w, computed from w, the rewards and the sample (never from {@code ||w - w*||}):
 *
 * <ul>
 *   <li>{@code G >= ||beta Sigma_S(w) (w*_d - w)||}, the gradient towards the instance's double
 *       {@code w*_d} ({@code Cov_{pi_w}(phi, t)}, {@code t_a = beta <w*_d - w, phi_a - phi_0>},
 *       proofs/F2.md), enclosed coordinate by coordinate ({@link #gradient}), so {@code G} is the
 *       computed norm plus an explicit allowance for every rounding error, which is relative to
 *       the small {@code w*_d - w} near the optimum;
 *   <li>{@code lambda <= lambda_min(P_R Sigma_S(w) P_R)} on the covered part R of the project's
 *       split ({@link CoveredSubspace}): {@code Sigma_S(w)} enclosed entrywise, Rump's certificate
 *       ({@link VerifiedSpd}) on the midpoint matrix, minus the Frobenius norm of the radius
 *       matrix (Weyl); null, with the reason, when nothing positive is certified;
 *   <li>for a finite population, {@code c} with {@code Sigma_D(w) <= c Sigma_S(w)} in the Loewner
 *       order (certified as {@code c Sigma_S(w) - Sigma_D(w) > 0} the same way), used by the
 *       excess risk; with a kernel the same on the covered part R ({@code Q_R^T (c Sigma_S(w) -
 *       Sigma_D(w)) Q_R > 0}, the restriction not enclosed, as for {@code lambda}), with the
 *       population's leakage {@code mu_D} into U; null when not certified;
 *   <li>{@code s >= ||w*_double - w*||}, the rounding of the instance's {@code w* = w_ref + theta*
 *       / beta}, so that the bounds also hold at the double w* the measurements use.
 * </ul>
 *
 * <p>NaN or infinite entries of w give an infinite G (the theorem then reports the bound as not
 * representable). Thread-safe: immutable.
 */
public final class PosteriorCertificate {
  private static final double U = 0x1p-53;

  /**
   * Largest {@code M K_max d^2} for which the population's covariance is enclosed (about a second
   * of assembly, {@link CovarianceEnclosure}).
   */
  private static final double POPULATION_BUDGET = 0x1p32;

  /** Multipliers of the computed generalised eigenvalue tried for {@code c}, best first. */
  private static final double[] RATIO_TRIES = {1 + 0x1p-20, 1 + 0x1p-10, 1.01, 1.1, 1.5, 2, 4};

  private final double gradientComputed;
  private final double gradientUpper;
  private final int kernelDim;
  private final int dim;
  private final double leakage;
  private final @Nullable Double lambda;
  private final String lambdaDetail;
  private final @Nullable Double populationRatio;
  private final String populationDetail;
  private final double slack;
  private final @Nullable Double gradientInverse;
  private final @Nullable Double solveRadius;
  private final @Nullable Double populationForm;
  private final @Nullable Double sampleRange;
  private final @Nullable Double populationRange;
  private final double populationLeakage;
  private final @Nullable Double populationLambdaMax;
  private final double sampleLambdaMax;
  private final @Nullable Double populationKernelLambdaMax;
  private final @Nullable Double populationCrossNorm;
  private final double sampleResidual;

  private PosteriorCertificate(
      double gradientComputed,
      double gradientUpper,
      int kernelDim,
      int dim,
      double leakage,
      @Nullable Double lambda,
      String lambdaDetail,
      @Nullable Double populationRatio,
      String populationDetail,
      double slack,
      @Nullable Double gradientInverse,
      @Nullable Double solveRadius,
      @Nullable Double populationForm,
      @Nullable Double sampleRange,
      @Nullable Double populationRange,
      double populationLeakage,
      @Nullable Double populationLambdaMax,
      double sampleLambdaMax,
      @Nullable Double populationKernelLambdaMax,
      @Nullable Double populationCrossNorm,
      double sampleResidual) {
    this.gradientComputed = gradientComputed;
    this.gradientUpper = gradientUpper;
    this.kernelDim = kernelDim;
    this.dim = dim;
    this.leakage = leakage;
    this.lambda = lambda;
    this.lambdaDetail = lambdaDetail;
    this.populationRatio = populationRatio;
    this.populationDetail = populationDetail;
    this.slack = slack;
    this.gradientInverse = gradientInverse;
    this.solveRadius = solveRadius;
    this.populationForm = populationForm;
    this.sampleRange = sampleRange;
    this.populationRange = populationRange;
    this.populationLeakage = populationLeakage;
    this.populationLambdaMax = populationLambdaMax;
    this.sampleLambdaMax = sampleLambdaMax;
    this.populationKernelLambdaMax = populationKernelLambdaMax;
    this.populationCrossNorm = populationCrossNorm;
    this.sampleResidual = sampleResidual;
  }

  /**
   * Computes the certified ingredients at a point.
   *
   * @param inst the instance (rewards theta*, w_ref, beta; its finite distribution, if any, is the
   *     population)
   * @param sample the sample S
   * @param w the point (the selected iterate)
   * @return the certificate
   * @throws IllegalArgumentException if w has the wrong length
   */
  @Theorem("T-POST")
  public static PosteriorCertificate of(Instance inst, Sample sample, double[] w) {
    int d = inst.dim();
    if (w.length != d) {
      throw new IllegalArgumentException("w: expected length d = " + d + ", got " + w.length);
    }
    Objective o = Objective.of(inst);
    CoveredSubspace split = CoveredSubspace.of(o, sample);
    double beta = inst.beta();
    Enclosure[] g = gradient(sample.prompts(), w, inst.wStar(), beta);
    double computed = 0;
    double upper = 0;
    for (Enclosure e : g) {
      computed += e.mid() * e.mid();
      double m = Math.max(Math.abs(e.lo()), Math.abs(e.hi()));
      upper = Up.add(upper, Up.mul(m, m));
    }
    upper = Up.sqrt(upper);
    computed = Math.sqrt(computed);
    CovarianceEnclosure sigmaS = CovarianceEnclosure.of(sample, w, o.threads());
    Double lambda = null;
    String lambdaDetail;
    int r = split.rank();
    if (r == 0) {
      lambdaDetail = "nothing is covered (R = {0})";
    } else if (split.kernelDim() == 0) {
      double l = split.kappaPlusCertified(sigmaS);
      lambda = l > 0 ? l : null;
      lambdaDetail =
          l > 0
              ? "Rump's certificate on the enclosed Sigma_S(w) minus ||radius||_F (full coverage)"
              : "Rump's certificate failed on Sigma_S(w) (singular or too ill-conditioned)";
    } else {
      // on R: lambda_min(Q_R^T Sigma Q_R) of the midpoint, certified for that matrix of doubles,
      // minus twice the Frobenius norm of the radius (||Q_R|| <= sqrt 2 up to rounding)
      double l = split.kappaPlusCertified(sigmaS);
      lambda = l > 0 ? l : null;
      lambdaDetail =
          l > 0
              ? "Rump's certificate on Q_R^T Sigma_S(w) Q_R (kernel dimension " + split.kernelDim()
                  + ") minus 2 ||radius||_F"
              : "kappa+ of Sigma_S(w) on the covered part is not certified (kernel dimension "
                  + split.kernelDim() + ")";
    }
    Solve solve = lambda != null && split.kernelDim() == 0 ? Solve.of(g, sigmaS, lambda) : null;
    RangeSolve onRange =
        lambda != null && split.kernelDim() > 0 ? rangeSolve(g, sigmaS, split, lambda) : null;
    Double populationForm = null;
    Double populationRange = null;
    Double ratio = null;
    String ratioDetail;
    double populationLeakage = Double.POSITIVE_INFINITY;
    Double populationLambdaMax = null;
    Double populationKernelLambdaMax = null;
    Double populationCrossNorm = null;
    FiniteDistribution pop = inst.finiteDistribution();
    if (pop == null) {
      ratioDetail = "the population is not finite";
    } else if (split.rank() == 0) {
      ratioDetail = "nothing is covered (R = {0})";
    } else if ((double) pop.prompts().size() * pop.prompts().maxCandidates() * d * d
        > POPULATION_BUDGET) {
      ratioDetail = "the population is too large to enclose Sigma_D(w)";
    } else {
      CovarianceEnclosure sigmaD = CovarianceEnclosure.of(pop, w, o.threads());
      ratio = populationRatio(sigmaS, sigmaD, split);
      populationForm =
          solve != null
              ? solve.population(sigmaD)
              : onRange != null ? onRange.population(sigmaD, split) : null;
      populationLambdaMax = sigmaD.lambdaMaxUpper();
      populationKernelLambdaMax =
          split.kernelDim() > 0 ? Double.valueOf(split.kernelLambdaMaxUpper(sigmaD)) : null;
      populationCrossNorm =
          split.kernelDim() > 0 ? Double.valueOf(split.crossNormUpper(sigmaD)) : null;
      populationRange = solve == null ? null : solve.logitRange(pop.prompts());
      populationLeakage = split.leakage(pop);
      String on =
          split.kernelDim() == 0
              ? ""
              : " on R (kernel dimension " + split.kernelDim() + ": Q_R^T (c Sigma_S - Sigma_D)"
                  + " Q_R, minus 2 ||radius||_F; the restriction is not enclosed)";
      ratioDetail =
          ratio != null
              ? "Sigma_D(w) <= c Sigma_S(w) certified" + on + " (Rump on c Sigma_S - Sigma_D,"
                  + " minus ||radius||_F)"
              : "c Sigma_S(w) - Sigma_D(w) > 0 not certified" + on + " for any c tried";
    }
    double s =
        Up.mul(2 * U, Up.add(Up.div(Constants.norm(inst.theta()), beta),
            Constants.norm(inst.wStar())));
    // the sample's leakage mu and residual eps_S from one pass over its prompts
    double[] sampleLeak = split.leakageAndResidual(sample);
    return new PosteriorCertificate(computed, upper, split.kernelDim(), d,
        sampleLeak[0], lambda, lambdaDetail, ratio, ratioDetail, s,
        solve != null ? Double.valueOf(solve.quad()) : onRange != null ? onRange.quad() : null,
        solve != null ? Double.valueOf(solve.radius()) : onRange != null ? onRange.radius() : null,
        populationForm,
        solve == null ? null : solve.logitRange(sample.prompts()), populationRange,
        populationLeakage, populationLambdaMax, sigmaS.lambdaMaxUpper(),
        populationKernelLambdaMax, populationCrossNorm, sampleLeak[1]);
  }

  /**
   * Returns the norm of the computed gradient (midpoints of the enclosures).
   *
   * @return the computed {@code ||grad F_S(w)||}
   */
  public double gradientComputed() {
    return gradientComputed;
  }

  /**
   * Returns {@code G}, an upper bound on {@code ||beta Sigma_S(w) (w*_d - w)||} (infinite when w is
   * not finite).
   *
   * @return G
   */
  public double gradientUpper() {
    return gradientUpper;
  }

  /**
   * Returns dim U of the split.
   *
   * @return the kernel dimension
   */
  public int kernelDim() {
    return kernelDim;
  }

  /**
   * Returns d.
   *
   * @return the dimension
   */
  public int dim() {
    return dim;
  }

  /**
   * Returns the sample leakage mu of the split.
   *
   * @return mu, rounded up
   */
  public double leakage() {
    return leakage;
  }

  /**
   * Returns the certified lower bound on {@code lambda_min^+(Sigma_S(w))}, or null.
   *
   * @return lambda
   */
  public @Nullable Double lambda() {
    return lambda;
  }

  /**
   * Returns how {@link #lambda} was decided.
   *
   * @return the detail
   */
  public String lambdaDetail() {
    return lambdaDetail;
  }

  /**
   * Returns the certified {@code c} with {@code Sigma_D(w) <= c Sigma_S(w)}, or null.
   *
   * @return c
   */
  public @Nullable Double populationRatio() {
    return populationRatio;
  }

  /**
   * Returns the population's leakage {@code mu_D = max_x max_{a,b} ||P_U(phi(x,a) - phi(x,b))||}
   * over the finite population's prompts, rounded up (0 under full coverage), or infinity when the
   * population is not finite or not enclosed.
   *
   * @return mu_D
   */
  @Theorem("T-POST")
  public double populationLeakage() {
    return populationLeakage;
  }

  /**
   * Returns an upper bound of {@code lambda_max(Sigma_D(w))} (Gershgorin on the enclosure's
   * midpoint plus its radius) when the population's covariance was enclosed, else null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double populationLambdaMax() {
    return populationLambdaMax;
  }

  /**
   * Returns the sample's residual {@code eps_S = E_S max_{a,b} ||P_U(phi(x,a) - phi(x,b))||^2}
   * ({@link CoveredSubspace#residual} on the sample), rounded up: {@code b^T Sigma_S(w) b <= q^2
   * eps_S / 4} for {@code ||b|| <= q} in U (Popoviciu per prompt, then the average), and {@code
   * eps_S <= mu^2}. 0 under full coverage.
   *
   * @return eps_S
   */
  @Theorem("T-POST")
  public double sampleResidual() {
    return sampleResidual;
  }

  /**
   * Returns an upper bound of {@code max b^T Sigma_D(w) b} over the unit vectors b of the kernel
   * part U ({@link CoveredSubspace#kernelLambdaMaxUpper}) when there is a kernel and the
   * population's covariance was enclosed, else null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double populationKernelLambdaMax() {
    return populationKernelLambdaMax;
  }

  /**
   * Returns an upper bound {@code sigma_RU} of {@code |a^T Sigma_D(w) b| / (||a|| ||b||)} over a in
   * the covered part R and b in the kernel part U ({@link CoveredSubspace#crossNormUpper}) when
   * there is a kernel and the population's covariance was enclosed, else null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double populationCrossNorm() {
    return populationCrossNorm;
  }

  /**
   * Returns an upper bound of {@code lambda_max(Sigma_S(w))} (Gershgorin on the enclosure's
   * midpoint plus its radius; infinite when nothing is enclosed).
   *
   * @return the bound
   */
  @Theorem("T-POST")
  public double sampleLambdaMax() {
    return sampleLambdaMax;
  }

  /**
   * Returns how {@link #populationRatio} was decided.
   *
   * @return the detail
   */
  public String populationDetail() {
    return populationDetail;
  }

  /**
   * Returns an upper bound of {@code sqrt(g^T Sigma_S(w)^{-1} g)} for the exact {@code g = beta
   * Sigma_S(w) (w*_d - w)}, from a solve of the midpoint system (proofs/T-POST.md "The quadratic
   * form by a solve"); with a kernel, of {@code sqrt(h^T Sigma_RR^{-1} h)}, {@code h = Q_R^T g},
   * from the solve on R ({@link #rangeSolve}); or null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double gradientInverse() {
    return gradientInverse;
  }

  /**
   * Returns an upper bound of {@code ||Sigma_S(w)^{-1} g||} for the same g (so {@code ||w*_d - w||
   * <= solveRadius / beta}); with a kernel, of {@code ||Sigma_RR^{-1} h||}; or null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double solveRadius() {
    return solveRadius;
  }

  /**
   * Returns an upper bound of {@code sqrt(g^T Sigma_S^{-1} Sigma_D(w) Sigma_S^{-1} g)} for the same
   * g, i.e. of {@code beta sqrt(u^T Sigma_D(w) u)}, {@code u = w*_d - w}; with a kernel, of {@code
   * beta sqrt(a^T Sigma_D(w) a)} for the covered part a of u less {@code sqrt(lambda_max(Sigma_D))
   * beta ell' q / lambda}, which the theorem adds; an enclosed finite population only, else null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double populationForm() {
    return populationForm;
  }

  /**
   * Returns an upper bound of {@code beta} times the largest logit range {@code max_{a,b} <w*_d - w,
   * phi_a - phi_b>} over the sample's prompts, from the solve (full coverage only), or null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double sampleRange() {
    return sampleRange;
  }

  /**
   * Returns the same over the finite population's prompts, or null.
   *
   * @return the bound, or null
   */
  @Theorem("T-POST")
  public @Nullable Double populationRange() {
    return populationRange;
  }

  /**
   * Returns {@code s >= ||w*_double - w*||}.
   *
   * @return s
   */
  public double slack() {
    return slack;
  }

  /**
   * {@code phi(x) = (e^x - 1 - x) / x^2 = int_0^1 (1 - t) e^{t x} dt} for {@code x >= 0}, rounded
   * up: the smaller of {@code 1/2 + x/6 + x^2 e^x / 24} (the series {@code sum_k x^k / (k + 2)!}
   * with {@code (k + 2)! >= 24 (k - 2)!} for {@code k >= 2}) and, for {@code x >= 2^-20}, {@code
   * (expm1(x) - x) / x^2} with directed rounding.
   *
   * @param x the argument, {@code >= 0}
   * @return phi(x) rounded up; infinity for an infinite or NaN argument
   */
  @Theorem("T-POST")
  static double phi(double x) {
    if (!(x >= 0) || !Double.isFinite(x)) {
      return Double.POSITIVE_INFINITY;
    }
    double series = Up.add(0.5, Up.add(Up.div(x, 6), Up.div(Up.mul(Up.mul(x, x), Up.exp(x)), 24)));
    if (x < 0x1p-20) { // the series is accurate; the direct form would lose every digit
      return series;
    }
    double direct = Up.div(Up.sub(Enclosure.expm1Up(x), x), Down.mul(x, x));
    return direct >= 0.5 ? Math.min(series, direct) : series;
  }

  /**
   * Encloses {@code beta Sigma_S(w) (w*_d - w) = (1/n) sum_i Cov_{pi_w(.|x_i)}(phi, t)}, {@code t_a
   * = beta <w*_d - w, phi_a - phi_0>} (proofs/F2.md with the double w*_d in place of w*; it is
   * {@code grad F_S(w)} when w*_d is exact), coordinate by coordinate: the
   * row weights {@code c_ia = p_a (t_a - E_p t)} in interval arithmetic, then {@code sum c_ia
   * phi_ia[j]} over the N candidate rows in floating point from the midpoints {@code c^}, enclosed
   * by {@code gamma_{N+1} sum |c^ phi| + sum rho_c |phi|} (both sums of non-negative terms computed
   * and bounded by {@code (s + N 2^-1074) / (1 - gamma_{N+1})}), and divided by n in interval
   * arithmetic (proofs/T-POST.md).
   */
  static Enclosure[] gradient(Features f, double[] w, double[] wStar, double beta) {
    int d = f.dim();
    double[] g = new double[d];
    double[] abs = new double[d];
    double[] rad = new double[d];
    @NonNegativeReal double b = Reals.nonNegative(beta, "beta");
    boolean unbounded = false;
    double[] scratch = f.rowScratch();
    for (int i = 0; i < f.size(); i++) {
      int k = f.candidates(i);
      PromptRows pr = PromptRows.of(f, i, scratch);
      double[] data = pr.data();
      Enclosure[] p = policy(pr, w);
      Enclosure[] t = zeros(k);
      Enclosure mean = Enclosure.ZERO;
      for (int a = 1; a < k; a++) {
        // t_a = beta <w*_d - w, phi_a - phi_0>: its rounding is relative to the small w*_d - w
        set(t, a, MeasuredQuantities.centredDot(pr, a, wStar, w).scale(b));
      }
      for (int a = 0; a < k; a++) {
        mean = mean.add(get(p, a).mul(get(t, a)));
      }
      for (int a = 0; a < k; a++) {
        Enclosure c = get(p, a).mul(get(t, a).sub(mean));
        if (!Double.isFinite(c.lo()) || !Double.isFinite(c.hi())) {
          unbounded = true; // NaN or infinite w: nothing is enclosed
          continue;
        }
        double cm = c.mid();
        double cr = Math.max(Up.sub(c.hi(), cm), Up.sub(cm, c.lo()));
        int base = pr.base(a);
        Indices.requireRange(data, base, d);
        Indices.requireLength(g, d);
        Indices.requireLength(abs, d);
        Indices.requireLength(rad, d);
        for (int j = 0; j < d; j++) {
          double x = data[base + j];
          double term = cm * x;
          g[j] += term;
          abs[j] += Math.abs(term);
          rad[j] += cr * Math.abs(x);
        }
      }
    }
    double rows = f.rows();
    double gamma = Constants.gamma(rows + 1);
    double shrink = Down.sub(1, gamma);
    double under = Up.mul(rows, 0x1p-1074);
    int n = Math.max(f.size(), 1);
    Enclosure[] out = zeros(d);
    for (int j = 0; j < d; j++) {
      Indices.requireIndex(g, j);
      Indices.requireIndex(abs, j);
      Indices.requireIndex(rad, j);
      double gj = g[j];
      boolean finite = !unbounded && Double.isFinite(gj) && Double.isFinite(abs[j])
          && Double.isFinite(rad[j]) && shrink > 0;
      double err = finite
          ? Up.add(Up.mul(gamma, Up.div(Up.add(abs[j], under), shrink)),
              Up.div(Up.add(rad[j], under), shrink))
          : Double.POSITIVE_INFINITY;
      Enclosure e =
          finite && Double.isFinite(err)
              ? Enclosure.around(gj, err).divide(n)
              : Enclosure.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
      set(out, j, e);
    }
    return out;
  }

  /**
   * Encloses {@code pi_w(.|x_i)}, from the logits relative to candidate 0 (also the curvature
   * profile's probabilities at w*, {@link CurvatureProfileCertifier}).
   */
  static Enclosure[] policy(Features f, int i, double[] w, double[] scratch) {
    return policy(PromptRows.of(f, i, scratch), w);
  }

  /** {@link #policy(Features, int, double[], double[])} of the prompt whose rows are {@code rows}. */
  static Enclosure[] policy(PromptRows rows, double[] w) {
    int k = rows.k();
    Enclosure[] logit = zeros(k);
    double top = 0;
    for (int a = 1; a < k; a++) {
      set(logit, a, MeasuredQuantities.centredDot(rows, a, w, null));
      top = Math.max(top, get(logit, a).hi());
    }
    Enclosure[] p = zeros(k);
    if (!Double.isFinite(top)) {
      for (int a = 0; a < k; a++) {
        set(p, a, Enclosure.of(0, 1));
      }
      return p;
    }
    Enclosure den = Enclosure.ZERO;
    for (int a = 0; a < k; a++) {
      set(p, a, get(logit, a).sub(Enclosure.point(top)).exp());
      den = den.add(get(p, a));
    }
    for (int a = 0; a < k; a++) {
      Enclosure q = den.lo() > 0 ? get(p, a).divide(den).nonNegative() : Enclosure.of(0, 1);
      set(p, a, q.hi() > 1 ? Enclosure.of(q.lo(), 1) : q);
    }
    return p;
  }

  /** {@code a[i]}, with the index checked. */
  private static Enclosure get(Enclosure[] a, int i) {
    if (i < 0 || i >= a.length) {
      throw new IndexOutOfBoundsException("index " + i + ", length " + a.length);
    }
    return a[i];
  }

  /** {@code a[i] = v}, with the index checked. */
  private static void set(Enclosure[] a, int i, Enclosure v) {
    if (i < 0 || i >= a.length) {
      throw new IndexOutOfBoundsException("index " + i + ", length " + a.length);
    }
    a[i] = v;
  }

  /**
   * A certified {@code c} with {@code Sigma_D <= c Sigma_S} for every pair of matrices in the
   * enclosures, on the covered part R of the split: under full coverage on the whole space; with a
   * kernel on {@code Q_R^T (.) Q_R} with twice the radius ({@code ||Q_R||^2 <= 2} up to rounding,
   * as {@link CoveredSubspace#kappaPlusCertified}; the distance of the computed {@code Q_R} from an
   * orthonormal basis of R and the rounding of the restriction are not enclosed); or null.
   */
  @Theorem("T-POST")
  static @Nullable Double populationRatio(
      CovarianceEnclosure sigmaS, CovarianceEnclosure sigmaD, CoveredSubspace split) {
    boolean full = split.kernelDim() == 0;
    int d = full ? sigmaS.dim() : split.rank();
    double approx =
        full
            ? generalisedMax(sigmaS.midpoint().data, sigmaD.midpoint().data, d)
            : generalisedMax(split.restrict(sigmaS.midpoint()), split.restrict(sigmaD.midpoint()), d);
    if (!(approx > 0) || !Double.isFinite(approx)) {
      return null;
    }
    for (double f : RATIO_TRIES) {
      double c = Up.mul(approx, f);
      CovarianceEnclosure diff = sigmaS.scale(Reals.nonNegative(c, "c")).minus(sigmaD);
      double[] mid = full ? diff.midpoint().data : split.restrict(diff.midpoint());
      double rad = full ? diff.radius() : Up.mul(2, diff.radius());
      boolean finite = Double.isFinite(rad);
      for (double v : mid) {
        finite &= Double.isFinite(v);
      }
      if (finite && VerifiedSpd.certifiesAbove(mid, d, Reals.nonNegative(rad, "radius"))) {
        return c;
      }
    }
    return null;
  }

  /** The largest eigenvalue of {@code S^{-1/2} P S^{-1/2}}, as computed (NaN on failure). */
  private static double generalisedMax(double[] s, double[] p, int d) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eig.decompose(new DMatrixRMaj(d, d, true, s.clone()))) {
      return Double.NaN;
    }
    DMatrixRMaj half = new DMatrixRMaj(d, d); // S^{-1/2}
    for (int e = 0; e < d; e++) {
      double lam = eig.getEigenvalue(e).getReal();
      DMatrixRMaj v = eig.getEigenVector(e);
      if (!(lam > 0) || v == null) {
        return Double.NaN;
      }
      double inv = 1 / Math.sqrt(lam);
      for (int j = 0; j < d; j++) {
        for (int l = 0; l < d; l++) {
          half.add(j, l, inv * v.get(j) * v.get(l));
        }
      }
    }
    DMatrixRMaj pm = new DMatrixRMaj(d, d, true, p.clone());
    DMatrixRMaj tmp = new DMatrixRMaj(d, d);
    DMatrixRMaj g = new DMatrixRMaj(d, d);
    org.ejml.dense.row.CommonOps_DDRM.mult(half, pm, tmp);
    org.ejml.dense.row.CommonOps_DDRM.mult(tmp, half, g);
    EigenDecomposition_F64<DMatrixRMaj> ge = DecompositionFactory_DDRM.eig(d, false, true);
    if (!ge.decompose(g)) {
      return Double.NaN;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int e = 0; e < d; e++) {
      max = Math.max(max, ge.getEigenvalue(e).getReal());
    }
    return max;
  }

  /**
   * The quadratic form by a solve (proofs/T-POST.md): with {@code g^} the midpoints of the gradient
   * enclosure, {@code delta} its radii, {@code y} the computed solution of {@code Mid y = g^} and
   * {@code e = g^ - Sigma y} enclosed (Sigma the exact matrix, every entry in its enclosure),
   * {@code sqrt(g^T Sigma^{-1} g) <= sqrt(y^T Sigma y + 2 ||y|| ||e|| + ||e||^2 / lambda) + ||delta||
   * / sqrt(lambda)} and {@code ||Sigma^{-1} g - y|| <= eps = (||e|| + ||delta||) / lambda}, rounded
   * up.
   */
  private record Solve(double quad, double radius, double[] y, double eps) {
    static @Nullable Solve of(Enclosure[] g, CovarianceEnclosure sigma, double lambda) {
      int d = g.length;
      if (sigma.dim() != d || !(lambda > 0)) {
        return null;
      }
      Midpoints mp = Midpoints.of(g);
      if (mp == null) {
        return null;
      }
      double[] mid = mp.mid();
      double delta = mp.delta();
      if (mid.length != d) {
        return null;
      }
      DMatrixRMaj ys = new DMatrixRMaj(d, 1);
      if (!org.ejml.dense.row.CommonOps_DDRM.solveSPD(
          sigma.midpoint(), new DMatrixRMaj(d, 1, true, mid), ys)) {
        return null;
      }
      double[] y = ys.data;
      Enclosure[] sy = times(sigma.entries(), y);
      double eNorm = 0;
      double yNorm = 0;
      for (int j = 0; j < d; j++) {
        Indices.requireIndex(mid, j);
        Indices.requireIndex(y, j);
        Enclosure ej = Enclosure.point(mid[j]).sub(get(sy, j));
        double m = Math.max(Math.abs(ej.lo()), Math.abs(ej.hi()));
        eNorm = Up.add(eNorm, Up.mul(m, m));
        yNorm = Up.add(yNorm, Up.mul(Math.abs(y[j]), Math.abs(y[j])));
      }
      eNorm = Up.sqrt(eNorm);
      yNorm = Up.sqrt(yNorm);
      double inner = Up.add(Math.max(0, dot(sy, y).hi()),
          Up.add(Up.mul(2, Up.mul(yNorm, eNorm)), Up.div(Up.mul(eNorm, eNorm), Down.mul(1, lambda))));
      double quad = Up.add(Up.sqrt(inner), Up.div(delta, Down.sqrt(lambda)));
      double eps = Up.div(Up.add(eNorm, delta), Down.mul(1, lambda));
      double radius = Up.add(yNorm, eps);
      return Double.isFinite(quad) && Double.isFinite(radius) ? new Solve(quad, radius, y, eps) : null;
    }

    /**
     * An upper bound of {@code beta max_i max_{a,b} <w*_d - w, phi_a - phi_b>} over the prompts f:
     * {@code beta (w*_d - w) = y + z}, {@code ||z|| <= eps}, so each prompt's range is at most the
     * enclosed range of {@code <y, phi_a - phi_0>} plus {@code diam_i eps}, rounded up; null when
     * not finite.
     */
    @Nullable Double logitRange(Features f) {
      if (f.dim() != y.length) {
        return null;
      }
      double best = 0;
      double[] scratch = f.rowScratch();
      for (int i = 0; i < f.size(); i++) {
        double hi = 0; // candidate 0 has logit difference 0
        double lo = 0;
        PromptRows pr = PromptRows.of(f, i, scratch);
        for (int a = 1; a < pr.k(); a++) {
          Enclosure z = MeasuredQuantities.centredDot(pr, a, y, null);
          hi = Math.max(hi, z.hi());
          lo = Math.min(lo, z.lo());
        }
        double range = Up.add(Up.sub(hi, lo), Up.mul(Constants.promptDiameter(pr), eps));
        if (!Double.isFinite(range)) {
          return null;
        }
        best = Math.max(best, range);
      }
      return best;
    }

    /**
     * An upper bound of {@code sqrt(g^T Sigma_S^{-1} Sigma_D Sigma_S^{-1} g)}: {@code Sigma_S^{-1} g
     * = y + z}, {@code ||z|| <= eps} ({@link PosteriorCertificate#seminormPlus}); null when not
     * finite.
     */
    @Nullable Double population(CovarianceEnclosure sigmaD) {
      return seminormPlus(sigmaD, y, eps);
    }
  }

  /**
   * {@code sqrt(y^T Sigma_D y) + sqrt(lambda_max(Sigma_D)) eps}, rounded up: by the triangle
   * inequality for the seminorm of {@code Sigma_D}, an upper bound of {@code sqrt(x^T Sigma_D x)}
   * for every x with {@code ||x - y|| <= eps} and every Sigma_D in the enclosure ({@code y^T
   * Sigma_D y} enclosed, {@code lambda_max} by Gershgorin plus the radius); null when not finite.
   */
  private static @Nullable Double seminormPlus(CovarianceEnclosure sigmaD, double[] y, double eps) {
    if (sigmaD.dim() != y.length || !Double.isFinite(sigmaD.radius())) {
      return null;
    }
    double form = Math.max(0, dot(times(sigmaD.entries(), y), y).hi());
    double v = Up.add(Up.sqrt(form), Up.mul(Up.sqrt(sigmaD.lambdaMaxUpper()), eps));
    return Double.isFinite(v) ? v : null;
  }

  /**
   * The solve on the covered part, with a kernel (proofs/T-POST.md, "The solve on R"): with {@code
   * h^ = Q_R^T g^} ({@code g^} the midpoints of the gradient enclosure, {@code delta} its radii),
   * {@code m} the computed {@code Q_R^T Mid Q_R}, {@code rho = 2 ||radius||_F} (so that {@code
   * ||Sigma_RR - m|| <= rho} for {@code Sigma_RR = Q_R^T Sigma Q_R}, Sigma any matrix in the
   * enclosure), {@code y} the computed solution of {@code m y = h^} and {@code ||e|| <= ||h^ - m y||
   * + rho ||y||} (the first norm enclosed), returns {@code {quad, radius}} with {@code quad >=
   * sqrt(h^T Sigma_RR^{-1} h)} and {@code radius >= ||Sigma_RR^{-1} h||} for {@code h = Q_R^T g},
   * every g in the enclosure: {@code quad = sqrt(y^T m y + rho ||y||^2 + 2 ||y|| ||e|| + ||e||^2 /
   * lambda) + sqrt 2 delta / sqrt(lambda)}, {@code radius = ||y|| + (||e|| + sqrt 2 delta) /
   * lambda}, rounded up (as {@link RangeSolve}); null when the solve fails or a value is not
   * finite. As for lambda, the
   * distance of the computed {@code Q_R} from an orthonormal basis of R and the rounding of {@code
   * h^} and {@code m} are not enclosed.
   */
  @Theorem("T-POST")
  static @Nullable RangeSolve rangeSolve(
      Enclosure[] g, CovarianceEnclosure sigma, CoveredSubspace split, double lambda) {
    int d = g.length;
    int r = split.rank();
    double rad = sigma.radius();
    if (r == 0 || sigma.dim() != d || !(lambda > 0) || !Double.isFinite(rad)) {
      return null;
    }
    Midpoints mp = Midpoints.of(g);
    if (mp == null) {
      return null;
    }
    double deltaR = Up.mul(Up.sqrt(2), mp.delta());
    double[] h = split.rangeCoordinates(mp.mid());
    double[] m = split.restrict(sigma.midpoint());
    double rho = Up.mul(2, rad);
    if (h.length != r || m.length != r * r) {
      return null;
    }
    DMatrixRMaj ys = new DMatrixRMaj(r, 1);
    if (!org.ejml.dense.row.CommonOps_DDRM.solveSPD(
        new DMatrixRMaj(r, r, true, m.clone()), new DMatrixRMaj(r, 1, true, h.clone()), ys)) {
      return null;
    }
    double[] y = ys.data;
    if (y.length != r) {
      return null;
    }
    double res = 0;
    double yNorm = 0;
    Enclosure form = Enclosure.ZERO;
    for (int j = 0; j < r; j++) {
      Enclosure my = Enclosure.ZERO;
      for (int l = 0; l < r; l++) {
        Indices.requireIndex(y, l);
        int at = j * r + l;
        Indices.requireIndex(m, at);
        my = my.add(Enclosure.point(m[at]).mul(Enclosure.point(y[l])));
      }
      Indices.requireIndex(h, j);
      Indices.requireIndex(y, j);
      Enclosure ej = Enclosure.point(h[j]).sub(my);
      double em = Math.max(Math.abs(ej.lo()), Math.abs(ej.hi()));
      res = Up.add(res, Up.mul(em, em));
      yNorm = Up.add(yNorm, Up.mul(Math.abs(y[j]), Math.abs(y[j])));
      form = form.add(my.mul(Enclosure.point(y[j])));
    }
    yNorm = Up.sqrt(yNorm);
    double eNorm = Up.add(Up.sqrt(res), Up.mul(rho, yNorm));
    double inner =
        Up.add(
            Up.add(Math.max(0, form.hi()), Up.mul(rho, Up.mul(yNorm, yNorm))),
            Up.add(Up.mul(2, Up.mul(yNorm, eNorm)), Up.div(Up.mul(eNorm, eNorm), Down.mul(1, lambda))));
    double quad = Up.add(Up.sqrt(inner), Up.div(deltaR, Down.sqrt(lambda)));
    double eps = Up.div(Up.add(eNorm, deltaR), Down.mul(1, lambda));
    double radius = Up.add(yNorm, eps);
    return Double.isFinite(quad) && Double.isFinite(radius) ? new RangeSolve(quad, radius, y, eps) : null;
  }

  /**
   * The midpoints {@code g^} of a vector enclosure and the norm {@code delta >= ||g - g^||} of its
   * radii, rounded up.
   *
   * @param mid the midpoints
   * @param delta the norm of the radii
   */
  private record Midpoints(double[] mid, double delta) {
    /** Returns the midpoints and radii, or null when an end is not finite. */
    static @Nullable Midpoints of(Enclosure[] g) {
      double[] mid = new double[g.length];
      double delta = 0;
      for (int j = 0; j < g.length; j++) {
        Enclosure e = get(g, j);
        if (!Double.isFinite(e.lo()) || !Double.isFinite(e.hi())) {
          return null;
        }
        Indices.requireIndex(mid, j);
        mid[j] = e.mid();
        double r = Math.max(Up.sub(e.hi(), mid[j]), Up.sub(mid[j], e.lo()));
        delta = Up.add(delta, Up.mul(r, r));
      }
      return new Midpoints(mid, Up.sqrt(delta));
    }
  }

  /**
   * The outcome of {@link #rangeSolve}.
   *
   * @param quad an upper bound of {@code sqrt(h^T Sigma_RR^{-1} h)}
   * @param radius an upper bound of {@code ||Sigma_RR^{-1} h||}
   * @param y the computed solution of {@code m y = h^}
   * @param eps an upper bound of {@code ||Sigma_RR^{-1} h - y||}
   */
  record RangeSolve(double quad, double radius, double[] y, double eps) {
    /**
     * An upper bound of {@code sqrt(Y^T Sigma_D Y) + sqrt(lambda_max(Sigma_D)) eps'} with {@code Y
     * = Q_R y} as computed and {@code eps' = eps + ||fl(Q_R y) - Q_R y||} (at most {@code sqrt d
     * gamma_r ||y||_1}, the entries of Q_R being at most 1): with {@code beta a = Q_R
     * Sigma_RR^{-1} (h - beta Q_R^T Sigma b)}, {@code beta sqrt(a^T Sigma_D a) <=} this plus
     * {@code sqrt(lambda_max(Sigma_D)) beta ell q / lambda}, which the theorem adds; null when
     * not finite.
     */
    @Nullable Double population(CovarianceEnclosure sigmaD, CoveredSubspace split) {
      double[] lift = split.fromRangeCoordinates(y);
      double l1 = 0;
      for (double v : y) {
        l1 = Up.add(l1, Math.abs(v));
      }
      int r = y.length;
      double gamma = Up.div(Up.mul(r + 1, U), Down.sub(1, Up.mul(r + 1, U)));
      double liftErr = Up.mul(Up.sqrt(lift.length), Up.mul(gamma, l1));
      return seminormPlus(sigmaD, lift, Up.add(eps, liftErr));
    }
  }

  /** The enclosures of {@code (M y)_j} for a symmetric d x d enclosure M and a vector y. */
  private static Enclosure[] times(Enclosure[] m, double[] y) {
    int d = y.length;
    Enclosure[] out = zeros(d);
    for (int j = 0; j < d; j++) {
      Enclosure row = Enclosure.ZERO;
      for (int l = 0; l < d; l++) {
        row = row.add(get(m, j * d + l).mul(Enclosure.point(y[l])));
      }
      set(out, j, row);
    }
    return out;
  }

  /** The enclosure of {@code sum_j v_j y_j}. */
  private static Enclosure dot(Enclosure[] v, double[] y) {
    Enclosure s = Enclosure.ZERO;
    for (int j = 0; j < y.length; j++) {
      s = s.add(get(v, j).mul(Enclosure.point(y[j])));
    }
    return s;
  }

  private static Enclosure[] zeros(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative length " + n);
    }
    Enclosure[] out = new Enclosure[n];
    for (int j = 0; j < n; j++) {
      out[j] = Enclosure.ZERO;
    }
    return out;
  }
}
