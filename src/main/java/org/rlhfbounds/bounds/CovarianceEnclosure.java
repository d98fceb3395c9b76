package org.rlhfbounds.bounds;

import org.checkerframework.checker.index.qual.NonNegative;
import org.ejml.data.DMatrixRMaj;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.contracts.qual.NonNegativeReal;
import org.rlhfbounds.contracts.rounding.Down;
import org.rlhfbounds.contracts.rounding.Up;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;
import org.rlhfbounds.model.Sample;
import org.rlhfbounds.objective.Coverage;
import org.rlhfbounds.objective.CovarianceAssembly;
import org.rlhfbounds.objective.UpperGram;

/**
 * An entrywise enclosure of the exact {@code Sigma_m(w) = sum_i m_i Cov_{pi_w(.|x_i)}(phi)} (the
 * sample's {@code (1/n) sum_i}) assembled in floating point with an a-priori bound on every
 * rounding, proofs/T-POST.md "The covariance enclosure":
 *
 * <pre>
 *   |Sigma^_jl - Sigma_jl| <= (c_j + c_l) / 2 + (N + 1) 2^-1072 (1 + x_max),
 *   c_j = gamma_{N+5} T_j + (1 - u)^-2 V_j + E_j
 * </pre>
 *
 * where {@code Sigma^} is the {@link CovarianceAssembly} of the rows {@code fl(phi_a - m^)}
 * centred at a computed mean {@code m^} with the weights {@code fl(m_i p^_a)}, {@code p^_a} the
 * midpoints of the enclosed probabilities ({@link PosteriorCertificate#policy}), {@code N} the
 * number of candidate rows, {@code T_j >= sum q^ v^_j^2} from the computed diagonal, {@code V_j >=
 * sum r_a v_j^2} from the weights' radii and {@code E_j >= sum_i m_i delta_ij^2} from the bound
 * {@code delta_i} on the distance of the exact mean from {@code m^}. For a sample the weights are
 * 1 and the matrix is divided by n at the end (one more rounding, enclosed).
 *
 * <p>The assembly is one fused pass over the features, parallel over prompts and row tiles, and
 * the same bits for any number of threads ({@link CovarianceAssembly}); the bounds are summed in
 * prompt order. It replaces an assembly in interval arithmetic, which cost one enclosure per
 * multiply-add ({@code M K d^2 / 2} of them). Features above {@code 2^500} in size give the
 * enclosure that says nothing ({@code [-inf, inf]}), as do NaN or infinite results.
 *
 * <p>Used by T-POST at the selected iterate and, for {@code kappa+} ({@link
 * CoveredSubspace#kappaPlus(CovarianceEnclosure)}), the curvature profile and {@code lambda_max}, at
 * w* (LEMMA-KAPPA-CERT): what those certify is then the exact matrix, not its rounded assembly.
 *
 * <p>Thread-safe: immutable.
 */
public final class CovarianceEnclosure {
  private static final double U = 0x1p-53;

  /** {@code u / (1 - u)}, rounded up. */
  private static final double U1 = 0x1.0000000000001p-53;

  /** Largest feature deviation from a mean that the enclosure accepts (squares stay finite). */
  private static final double LARGEST = 0x1p500;

  private final int dim;
  private final Enclosure[] entries;
  private final double[] midpoint;
  private final double radius;

  private CovarianceEnclosure(int dim, Enclosure[] entries) {
    this.dim = dim;
    this.entries = entries;
    this.midpoint = new double[entries.length];
    double r = 0;
    for (int q = 0; q < entries.length; q++) {
      Enclosure e = entries[q];
      double mid = e.mid();
      midpoint[q] = mid;
      // an entry with an infinite end (nothing enclosed) makes the radius infinite
      double rq = Double.isFinite(e.lo()) && Double.isFinite(e.hi())
          ? Math.max(Up.sub(e.hi(), mid), Up.sub(mid, e.lo()))
          : Double.POSITIVE_INFINITY;
      r = Up.add(r, Up.mul(rq, rq));
    }
    this.radius = Up.sqrt(r);
  }

  /**
   * Encloses {@code Sigma_m(w)} entrywise.
   *
   * @param m the measure (a sample, a finite population, or any prompt weights)
   * @param w the point, of length d
   * @param threads the threads of the assembly, {@code >= 1} (the result does not depend on it)
   * @return the enclosure
   * @throws IllegalArgumentException if w has the wrong length or {@code threads < 1}
   */
  @Theorem({"T-POST", "LEMMA-KAPPA-CERT"})
  public static CovarianceEnclosure of(PromptMeasure m, double[] w, int threads) {
    Features f = m.prompts();
    int d = f.dim();
    if (w.length != d) {
      throw new IllegalArgumentException("w: expected length d = " + d + ", got " + w.length);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    return new CovarianceEnclosure(d, entries(m, w, threads));
  }

  /**
   * Returns the entrywise enclosures, row-major {@code d x d}, symmetric (a copy).
   *
   * @return the enclosures
   */
  public Enclosure[] entries() {
    return entries.clone();
  }

  /**
   * Returns the midpoint matrix (a new d x d matrix, exactly symmetric).
   *
   * @return the midpoints
   */
  public DMatrixRMaj midpoint() {
    return new DMatrixRMaj(dim, dim, true, midpoint.clone());
  }

  /**
   * Returns {@code ||Sigma - midpoint||_F} over the enclosure, rounded up: by Weyl's inequality
   * every eigenvalue of the exact matrix lies within it of the midpoint's (infinite when nothing
   * is enclosed).
   *
   * @return the radius
   */
  public double radius() {
    return radius;
  }

  /**
   * Returns an upper bound of {@code lambda_max} of the exact matrix: Gershgorin's bound of the
   * midpoint plus the radius, rounded up.
   *
   * @return the bound
   * @throws IllegalArgumentException if nothing is enclosed (features beyond {@code 2^500} or a
   *     non-finite result)
   */
  public @NonNegativeReal double lambdaMaxUpper() {
    double r = Double.isFinite(radius)
        ? Up.add(VerifiedSpd.gershgorinUpper(midpoint, dim), radius)
        : Double.POSITIVE_INFINITY;
    return Reals.nonNegative(r, "lambda_max upper bound of Sigma");
  }

  /**
   * Returns a lower bound of {@code lambda_min} of the exact matrix: Rump's certificate
   * (LEMMA-KAPPA-CERT) on the midpoint minus the radius (Weyl); 0 when nothing positive is
   * certified.
   *
   * @return the bound, {@code >= 0}
   */
  @Theorem({"T-POST", "LEMMA-KAPPA-CERT"})
  public @NonNegativeReal double lambdaMinLower() {
    if (!Double.isFinite(radius)) {
      return 0;
    }
    double cert = VerifiedSpd.lowerBound(midpoint, dim, Coverage.smallestEigenvalue(midpoint, dim));
    double l = cert > 0 ? Down.sub(cert, radius) : 0;
    return Reals.nonNegative(l > 0 ? l : 0, "certified lambda_min");
  }

  /**
   * The enclosure of {@code c this}, entry by entry (outward rounding).
   *
   * @param c the factor, {@code >= 0}
   * @return the scaled enclosure
   */
  CovarianceEnclosure scale(@NonNegativeReal double c) {
    Enclosure[] out = new Enclosure[entries.length];
    for (int q = 0; q < out.length; q++) {
      out[q] = entries[q].scale(c);
    }
    return new CovarianceEnclosure(dim, out);
  }

  /**
   * The enclosure of {@code this - other}, entry by entry (outward rounding).
   *
   * @param other an enclosure of the same dimension
   * @return the difference
   */
  CovarianceEnclosure minus(CovarianceEnclosure other) {
    Enclosure[] out = new Enclosure[entries.length];
    Enclosure[] b = other.entries;
    for (int q = 0; q < out.length; q++) {
      Indices.requireIndex(b, q);
      out[q] = entries[q].sub(b[q]);
    }
    return new CovarianceEnclosure(dim, out);
  }

  /**
   * Returns d.
   *
   * @return the dimension
   */
  public int dim() {
    return dim;
  }

  private static Enclosure[] entries(PromptMeasure m, double[] w, int threads) {
    Features f = m.prompts();
    int d = f.dim();
    boolean sample = m instanceof Sample;
    Pass bounds = new Pass(m, w, sample);
    double[][] upper = CovarianceAssembly.upper(f, threads, bounds, bounds);
    double[] s = new double[d * d];
    UpperGram.store(upper, d, true, s);
    Enclosure[] out = new Enclosure[d * d];
    Enclosure none = Enclosure.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    boolean finite = !bounds.tooLarge;
    for (double v : s) {
      finite &= Double.isFinite(v);
    }
    if (!finite) {
      java.util.Arrays.fill(out, none);
      return out;
    }
    long rowsN = f.rows();
    double g2 = Constants.gamma(rowsN + 2.0);
    double g5 = Constants.gamma(rowsN + 5.0);
    double tiny = Up.mul(Up.mul(rowsN + 1.0, 0x1p-1072), Up.add(1, bounds.maxAbs));
    double shrink = Down.sub(1, g2);
    double[] t = new double[d]; // T_j >= sum q^ v^_j^2, then (T_j, V_j, E_j) folded into one
    double kappa = Up.div(1, Down.mul(Down.sub(1, U), Down.sub(1, U)));
    // E_j as computed: per prompt m_i delta^2 in at most 10 roundings of non-negative values (4 for
    // delta, its square, the weight), summed over the n prompts: exact <= (E^ + n 2^-1072) / (1 -
    // gamma_{n+10}), the underflow of each prompt's products at most 2^-1072
    double n = Math.max(f.size(), 1);
    double eShrink = Down.sub(1, Constants.gamma(n + 10));
    double eTiny = Up.mul(n, 0x1p-1072);
    if (!(eShrink > 0)) {
      java.util.Arrays.fill(out, none);
      return out;
    }
    for (int j = 0; j < d; j++) {
      int jj = j * d + j;
      Indices.requireIndex(s, jj);
      Indices.requireIndex(t, j);
      Indices.requireIndex(bounds.v, j);
      Indices.requireIndex(bounds.e, j);
      double diag = s[jj];
      double tj =
          diag >= 0 && shrink > 0 ? Up.div(Up.add(diag, tiny), shrink) : Double.POSITIVE_INFINITY;
      // V_j from its computed sum of N non-negative terms (two roundings each, as the diagonal)
      double vj = shrink > 0 ? Up.div(Up.add(bounds.v[j], tiny), shrink) : Double.POSITIVE_INFINITY;
      // the entry's radius is (c_j + c_l) / 2 + tiny, c_j = gamma_{N+5} T_j + kappa V_j + E_j
      double ej = Up.div(Up.add(bounds.e[j], eTiny), eShrink);
      t[j] = Up.add(Up.add(Up.mul(g5, tj), Up.mul(kappa, vj)), ej);
    }
    for (int j = 0; j < d; j++) {
      for (int l = j; l < d; l++) {
        int jl = j * d + l;
        int lj = l * d + j;
        Indices.requireIndex(t, j);
        Indices.requireIndex(t, l);
        Indices.requireIndex(s, jl);
        Indices.requireIndex(out, jl);
        Indices.requireIndex(out, lj);
        double r = Up.add(Up.div(Up.add(t[j], t[l]), 2), tiny);
        double c = s[jl];
        if (sample) {
          // fl(c / n) = (c / n)(1 + e), |e| <= u
          double cn = c / n;
          r = Up.add(Up.div(r, n), Up.mul(U1, Math.abs(cn)));
          c = cn;
        }
        Enclosure e = Double.isFinite(r) ? Enclosure.around(c, r) : none;
        out[jl] = e;
        out[lj] = e;
      }
    }
    return out;
  }

  /**
   * The rows and the bounds of one assembly. The writer (in parallel over prompts) makes prompt
   * i's rows {@code v^_a = fl(phi_a - m^)}, its weights {@code q^_a}, and, kept at the prompt's
   * first row of {@code aux}: {@code m_i delta_ij^2} in floating point, with {@code delta_ij =
   * |sum_a p^_a v^_aj| + c1 sum_a p^_a |v^_aj| + c2 sum_a rho_a |v^_aj| + c3}, the constants
   * covering the rounding of the two sums of non-negative terms (proofs/T-POST.md); {@code sum_a
   * r_a v^_aj^2} as computed; and the largest {@code |v^_aj|}. The sink (block by block, in prompt
   * order) sums the first into {@code E_j} and the second into {@code V_j}, both as computed and
   * bounded by the caller, and keeps the largest {@code |v^_aj|} of all.
   */
  private static final class Pass
      implements CovarianceAssembly.RowWriter, CovarianceAssembly.BlockSink {
    private final PromptMeasure m;
    private final Features f;
    private final double[] w;
    private final boolean sample;
    private final double[] mid; // per row of a block: p^_a
    private final double[] rad; // rho_a >= |p_a - p^_a|
    private final double[] radW; // r_a >= |m_i p_a - q^_a|
    // per prompt, at its first row: m_i delta_ij^2 (j < d), sum_a r_a v^_aj^2 (at d + j) and the
    // largest |v^_aj| (at 2d)
    private final double[][] aux;
    final double[] v;
    final double[] e;
    double maxAbs;
    boolean tooLarge;

    Pass(PromptMeasure m, double[] w, boolean sample) {
      this.m = m;
      this.f = m.prompts();
      this.w = w;
      this.sample = sample;
      int rows = CovarianceAssembly.blockRows(f);
      int d = f.dim();
      this.mid = new double[rows];
      this.rad = new double[rows];
      this.radW = new double[rows];
      this.aux = new double[rows][2 * d + 1];
      this.v = new double[d];
      this.e = new double[d];
    }

    @Override
    public void write(
        int i, double[] src, @NonNegative int row0, double[][] rows, double[] p, int at) {
      int k = f.candidates(i);
      int d = f.dim();
      PromptRows pr = new PromptRows(src, row0, k, d);
      double[] data = pr.data();
      Enclosure[] pe = PosteriorCertificate.policy(pr, w);
      double wi = sample ? 1 : m.weight(i);
      Indices.requireRange(mid, at, k);
      Indices.requireRange(rad, at, k);
      Indices.requireRange(radW, at, k);
      Indices.requireRange(p, at, k);
      Indices.requireLength(pe, k);
      for (int a = 0; a < k; a++) {
        Enclosure en = pe[a];
        double pm = en.mid();
        double pq = wi * pm;
        double rho = Math.max(Up.sub(en.hi(), pm), Up.sub(pm, en.lo()));
        mid[at + a] = pm;
        rad[at + a] = rho;
        radW[at + a] = Up.add(Up.mul(wi, rho), Up.mul(U1, pq));
        p[at + a] = pq;
      }
      Indices.requireIndex(aux, at);
      double[] out = aux[at];
      // a sum of k non-negative products, each rounded once, is at least (1 - gamma_{k+1}) times
      // its exact value less k 2^-1075 of underflow
      double shrink = Down.sub(1, Constants.gamma(k + 1.0));
      double under = Up.mul(k, 0x1p-1074);
      double gk = Up.add(Constants.gamma(k + 1.0), U1);
      double inv = Up.div(1, Down.sub(1, U));
      // delta_j <= |sum| + c1 abs + c2 absRho + c3, evaluated in floating point (its rounding is
      // bounded once for the whole sum E_j, see the caller)
      double c1 = Up.div(gk, shrink);
      double c2 = Up.div(inv, shrink);
      double c3 = Up.mul(Up.add(gk, inv), Up.div(under, shrink));
      int base0 = pr.base(0);
      double largest = 0;
      for (int j = 0; j < d; j++) {
        double mean = 0;
        for (int a = 0; a < k; a++) {
          int c = base0 + a * d + j;
          Indices.requireIndex(data, c);
          mean += mid[at + a] * data[c];
        }
        double sum = 0;
        double abs = 0;
        double absRho = 0;
        double vsum = 0;
        for (int a = 0; a < k; a++) {
          int q = at + a;
          int c = base0 + a * d + j;
          Indices.requireIndex(rows, q);
          Indices.requireIndex(data, c);
          double[] row = rows[q];
          Indices.requireIndex(row, j);
          double x = data[c] - mean;
          row[j] = x;
          double ax = Math.abs(x);
          largest = Math.max(largest, ax);
          double pm = mid[at + a];
          sum += pm * x;
          abs += pm * ax;
          absRho += rad[at + a] * ax;
          vsum += radW[at + a] * (ax * ax);
        }
        int vAt = d + j;
        Indices.requireIndex(out, j);
        Indices.requireIndex(out, vAt);
        out[vAt] = vsum;
        if (!(largest <= LARGEST)) {
          out[j] = Double.POSITIVE_INFINITY;
          continue;
        }
        double delta = Math.abs(sum) + c1 * abs + c2 * absRho + c3;
        out[j] = wi * (delta * delta);
      }
      int maxAt = 2 * d;
      Indices.requireIndex(out, maxAt);
      out[maxAt] = largest;
    }

    @Override
    public void accept(int first, int end, double[][] rows, double[] p, int count) {
      int d = f.dim();
      int at = 0;
      for (int i = first; i < end && !tooLarge; i++) {
        Indices.requireIndex(aux, at);
        double[] in = aux[at];
        int maxAt = 2 * d;
        Indices.requireIndex(in, maxAt);
        double largest = in[maxAt];
        tooLarge = !(largest <= LARGEST);
        maxAbs = Math.max(maxAbs, largest);
        Indices.requireLength(v, d);
        Indices.requireLength(e, d);
        for (int j = 0; j < d && !tooLarge; j++) {
          int vAt = d + j;
          Indices.requireIndex(in, j);
          Indices.requireIndex(in, vAt);
          e[j] += in[j];
          v[j] += in[vAt];
        }
        at += f.candidates(i);
      }
    }
  }
}
