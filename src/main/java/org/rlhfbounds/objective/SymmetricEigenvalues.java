package org.rlhfbounds.objective;

import static org.rlhfbounds.contracts.Indices.requireRange;
import static org.rlhfbounds.contracts.Indices.requireLength;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.ejml.data.DMatrixRMaj;

/**
 * The eigenvalues of a real symmetric matrix, without eigenvectors, for the coverage decision of
 * orders from 64 on ({@link Coverage}).
 *
 * <p>Two stages. (1) Householder reduction of the upper triangle to a symmetric tridiagonal {@code
 * T = Q^T A Q} (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., Johns Hopkins University
 * Press, 2013, Algorithm 8.3.1; the unblocked form of LAPACK's {@code dsytd2}): at step {@code k},
 * the reflector {@code H = I - tau v v^T} ({@code v_{k+1} = 1}) maps column {@code k} below the
 * diagonal to {@code beta e_1}, and the trailing matrix {@code A_22} becomes {@code A_22 - v w^T -
 * w v^T} with {@code p = tau A_22 v}, {@code w = p - (tau / 2)(p^T v) v}. (2) The implicit
 * symmetric QL algorithm on {@code T} in the root-free form of Pal, Walker and Kahan (values
 * only, {@link #tridiagonalEigenvalues}). Both are backward stable: the computed eigenvalues are
 * the exact ones of {@code A + E} with {@code ||E||_2} of order {@code d 2^-52 ||A||_2} (Golub and
 * Van Loan, Section 8.3; Parlett, cited there), so by Weyl's inequality each is within that
 * distance of the exact eigenvalue of the same rank: the accuracy {@link Coverage}'s rank decision
 * assumes, the same as EJML's solver, which it replaces at these orders.
 *
 * <p>Layout (EJML style): the matrix is copied into one array per row, of which the reduction
 * reads and writes the upper triangle ({@code a[i][j]}, {@code j >= i}), and every inner loop
 * runs over one index {@code j} of rows and vectors alike, the shape C2's vectoriser compiles to
 * SIMD code (see {@link UpperGram}). Each reflector is computed from its row scaled by its
 * largest absolute value, so no square overflows or underflows. Each step's pass over the
 * trailing rows is split into two ranges by a fixed function of the order and the step, run by the
 * calling thread and, from order 256 on a machine with two processors or more, one helper thread;
 * every sum has a fixed order, so the same input gives the same bits on every call, whatever the
 * number of threads.
 *
 * <p>Only the upper triangle of the input is read (the matrix is symmetric by contract). A matrix
 * with a NaN or infinite entry is not decomposed here ({@link #of} returns null and the caller
 * falls back to its general solver). Stateless and thread-safe.
 */
final class SymmetricEigenvalues {
  /**
   * Fewest entries {@code m^2} of a trailing matrix of order {@code m} whose pass is split into
   * two ranges; a smaller one is one range.
   */
  private static final long PAIR_WORK = 1L << 14;

  /**
   * The smallest order that {@link #of(DMatrixRMaj)} reduces with a helper thread: below it,
   * starting the thread and handing over small passes cost more than they save (at order 128,
   * 1.26 ms with the helper against 0.94 ms without, on the benchmark machine).
   */
  private static final int HELPER_FROM = 256;

  private SymmetricEigenvalues() {}

  /**
   * The eigenvalues of the symmetric matrix {@code sigma}, ascending.
   *
   * @param sigma a square matrix, symmetric; its upper triangle is read, nothing is written
   * @return the {@code d} eigenvalues in ascending order, or null if an entry of the upper triangle
   *     is NaN or infinite or the QL iteration does not converge
   * @throws IllegalArgumentException if {@code sigma} is not square
   */
  static double @Nullable [] of(DMatrixRMaj sigma) {
    return of(sigma, sigma.numRows >= HELPER_FROM ? Chunks.defaultThreads() : 1);
  }

  /**
   * The eigenvalues of the symmetric matrix {@code sigma}, ascending, the reduction's passes split
   * over one or two threads: the same bits either way.
   *
   * @param sigma a square matrix, symmetric; its upper triangle is read, nothing is written
   * @param threads 1 for the calling thread alone; from 2 on, the caller and one helper thread
   * @return the {@code d} eigenvalues in ascending order, or null if an entry of the upper triangle
   *     is NaN or infinite or the QL iteration does not converge
   * @throws IllegalArgumentException if {@code sigma} is not square
   */
  static double @Nullable [] of(DMatrixRMaj sigma, int threads) {
    int d = sigma.numRows;
    if (sigma.numCols != d || d < 0) {
      throw new IllegalArgumentException(
          "matrix must be square, got " + sigma.numRows + "x" + sigma.numCols);
    }
    double @Nullable [][] a = upperRows(sigma, d);
    if (a == null) {
      return null;
    }
    double[] diag = new double[d];
    double[] off = new double[d];
    if (threads >= 2 && (long) d * d >= PAIR_WORK) {
      try (Pair pair = new Pair()) {
        tridiagonal(a, d, diag, off, pair);
      }
    } else {
      tridiagonal(a, d, diag, off, null);
    }
    if (d == 0) {
      return diag;
    }
    if (!tridiagonalEigenvalues(diag, off, d)) {
      return null;
    }
    Arrays.sort(diag);
    return diag;
  }

  /**
   * The eigenvalues of the symmetric tridiagonal matrix with diagonal {@code diag[0..d)} and
   * off-diagonal {@code off[0..d-1)}, into {@code diag} (unordered; {@code off} is overwritten),
   * by the implicit QL algorithm with Wilkinson's shift in the root-free form of Pal, Walker and
   * Kahan (B. N. Parlett, <i>The Symmetric Eigenvalue Problem</i>, SIAM, 1998, Section 8.15,
   * doi:10.1137/1.9781611971163; the values-only algorithm of LAPACK's {@code dsterf}): one sweep
   * chases the bulge from the bottom of an unreduced block to its top with rotations written in
   * the squares of the off-diagonal entries, with no square root in the sweep.
   *
   * <p>The matrix is first scaled by a power of two to a largest entry in {@code [1, 2)} (exact),
   * so the squares neither overflow nor, but for entries below {@code 2^-511} of the largest,
   * underflow. An off-diagonal entry is set to zero, splitting the matrix, when {@code e^2 <= u^2}
   * (scaled, {@code u = 2^-53}): a perturbation of at most {@code u} times the largest entry, below
   * the reduction's own backward error. (LAPACK's relative test, {@code e^2 <= u^2 |d_m
   * d_{m+1}|}, resolves the tiny eigenvalues of a graded tridiagonal to high relative accuracy;
   * after a Householder reduction, whose backward error is absolute, that accuracy is not there to
   * keep.)
   *
   * @param diag the diagonal, overwritten by the eigenvalues
   * @param off the off-diagonal, overwritten
   * @param d the order
   * @return false if some eigenvalue takes more than {@code 30 d} sweeps in total
   */
  // reason: the indices are in [0, d) with d <= diag.length, off.length, checked on entry (the
  // sweeps run over l <= i < m < d)
  @SuppressWarnings("index")
  private static boolean tridiagonalEigenvalues(double[] diag, double[] off, int d) {
    requireLength(diag, d);
    requireLength(off, d);
    double norm = 0;
    for (int i = 0; i < d; i++) {
      norm = Math.max(norm, Math.abs(diag[i]));
      if (i + 1 < d) {
        norm = Math.max(norm, Math.abs(off[i]));
      }
    }
    if (norm == 0) {
      return true; // the zero matrix
    }
    int ex = Math.getExponent(norm);
    double[] e2 = off; // the squares of the scaled off-diagonal entries
    for (int i = 0; i < d; i++) {
      diag[i] = Math.scalb(diag[i], -ex);
      if (i + 1 < d) {
        double e = Math.scalb(off[i], -ex);
        e2[i] = e * e;
      }
    }
    double u2 = 0x1p-106;
    int sweeps = 0;
    int limit = 30 * d;
    int l = 0;
    while (l < d) {
      int m = l;
      while (m + 1 < d) {
        double t = e2[m];
        if (t <= u2) {
          break;
        }
        m++;
      }
      if (m == l) {
        l++; // diag[l] is an eigenvalue
        continue;
      }
      if (++sweeps > limit) {
        return false;
      }
      // Wilkinson's shift from the leading 2 x 2 of the block [l, m]
      double rte = Math.sqrt(e2[l]);
      double g = (diag[l + 1] - diag[l]) / (2 * rte);
      double sigma = diag[l] - rte / (g + Math.copySign(Math.hypot(g, 1), g));
      double c = 1;
      double sn = 0;
      double gamma = diag[m] - sigma;
      double p = gamma * gamma;
      for (int i = m - 1; i >= l; i--) {
        double bb = e2[i];
        double r = p + bb;
        if (i != m - 1) {
          e2[i + 1] = sn * r;
        }
        double oldc = c;
        c = p / r;
        sn = bb / r;
        double oldgam = gamma;
        double alpha = diag[i];
        gamma = c * (alpha - sigma) - sn * oldgam;
        diag[i + 1] = oldgam + (alpha - gamma);
        p = c != 0 ? (gamma * gamma) / c : oldc * bb;
      }
      e2[l] = sn * p;
      diag[l] = sigma + gamma;
    }
    for (int i = 0; i < d; i++) {
      diag[i] = Math.scalb(diag[i], ex);
    }
    return true;
  }

  /**
   * The rows of {@code sigma} as arrays of {@code d} values, of which the reduction reads and
   * writes the upper triangle ({@code a[i][j]}, {@code j >= i}), or null if an entry of the upper
   * triangle is NaN or infinite.
   */
  private static double @Nullable [][] upperRows(DMatrixRMaj sigma, @NonNegative int d) {
    double[][] a = new double[d][];
    for (int i = 0; i < d; i++) {
      int start = i * d;
      double[] row = new double[d];
      requireRange(sigma.data, start, d);
      System.arraycopy(sigma.data, start, row, 0, d);
      for (int j = i; j < d; j++) {
        if (!Double.isFinite(row[j])) {
          return null;
        }
      }
      a[i] = row;
    }
    return a;
  }

  /**
   * Reduces the upper triangle of {@code a} ({@code a[i][j]}, {@code j >= i}; overwritten; the
   * entries below the diagonal are not read) to the tridiagonal with diagonal {@code diag[0..d)}
   * and off-diagonal {@code off[0..d-1)} ({@code off[k] = T[k][k+1]}). Row {@code k} of the upper
   * triangle is column {@code k} of the lower one, so each reflector reads one contiguous row.
   *
   * <p>Step {@code k} makes the reflector of row {@code k}, then passes once over the rows {@code
   * i > k}: it applies the previous step's update {@code - v w^T - w v^T} to the row's columns
   * {@code i..d-1} and adds the row's terms of {@code A_22 v'} for the new reflector {@code v'};
   * then it forms {@code w'} and updates row {@code k+1} at once (the next reflector reads it). The
   * rows of a pass form two ranges of about equal work (a fixed function of {@code d} and {@code
   * k}), each summing its terms of {@code A_22 v'} into its own vector, added range 0 then range 1:
   * the same bits whether one thread runs both ranges or two threads run one each.
   *
   * @param a the rows, {@code d} arrays of {@code d} values
   * @param d the order
   * @param diag the diagonal, output, at least {@code d}
   * @param off the off-diagonal, output, at least {@code d}
   * @param pair the helper thread for the second range, or null to run both in the caller
   */
  // reason: every index is in [0, d), every row has d values, and v, w, vn and the partial sums
  // have d values, checked once on entry (the loops' bounds are k + 1 <= i <= j < d); the Index
  // Checker cannot carry these relations into the pass's lambda
  @SuppressWarnings("index")
  private static void tridiagonal(
      double[][] a, @NonNegative int d, double[] diag, double[] off, @Nullable Pair pair) {
    requireLength(a, d);
    requireLength(diag, d);
    requireLength(off, d);
    for (int i = 0; i < d; i++) {
      requireLength(a[i], d);
    }
    double[] v = new double[d]; // the previous step's reflector
    double[] w = new double[d]; // and its update vector
    double[] vn = new double[d]; // this step's reflector
    double[][] partial = new double[2][d];
    boolean pending = false; // whether (v, w) is still to be applied to the rows > k
    for (int k = 0; k + 2 < d; k++) {
      int lo = k + 1;
      diag[k] = a[k][k];
      double tau = reflector(a[k], k, d, vn);
      off[k] = vn[k];
      boolean apply = pending;
      boolean product = tau != 0;
      double[] pv = v;
      double[] pw = w;
      double[] x = vn;
      int ranges = (long) (d - lo) * (d - lo) < PAIR_WORK ? 1 : 2;
      int mid = ranges == 1 ? d : d - (int) ((d - lo) * 0.7071067811865476);
      IntConsumer pass =
          c -> {
            int from = c == 0 ? lo : mid;
            int to = c == 0 ? mid : d;
            double[] acc = partial[c];
            Arrays.fill(acc, lo, d, 0);
            for (int i = from; i < to; i++) {
              double[] r = a[i];
              if (apply) {
                double vi = pv[i];
                double wi = pw[i];
                for (int j = i; j < d; j++) {
                  r[j] -= vi * pw[j] + wi * pv[j];
                }
              }
              if (product) {
                double xi = x[i];
                double d0 = r[i] * xi;
                double d1 = 0;
                double d2 = 0;
                double d3 = 0;
                int j = i + 1;
                for (; j + 3 < d; j += 4) {
                  d0 += r[j] * x[j];
                  d1 += r[j + 1] * x[j + 1];
                  d2 += r[j + 2] * x[j + 2];
                  d3 += r[j + 3] * x[j + 3];
                }
                for (; j < d; j++) {
                  d0 += r[j] * x[j];
                }
                for (j = i + 1; j < d; j++) {
                  acc[j] += r[j] * xi;
                }
                acc[i] += (d0 + d1) + (d2 + d3);
              }
            }
          };
      if (ranges == 1) {
        pass.accept(0);
      } else if (pair == null) {
        pass.accept(0);
        pass.accept(1);
      } else {
        pair.both(pass);
      }
      if (!product) {
        pending = false; // H = I: nothing to update at this step
        continue;
      }
      // p = tau A_22 v' (range 0 then range 1), w' = p - (tau / 2)(p^T v') v'
      double[] p0 = partial[0];
      double[] p1 = partial[1];
      double pTv = 0;
      for (int i = lo; i < d; i++) {
        double pi = ranges == 1 ? p0[i] : p0[i] + p1[i];
        pi *= tau;
        w[i] = pi;
        pTv += pi * vn[i];
      }
      double half = 0.5 * tau * pTv;
      for (int i = lo; i < d; i++) {
        w[i] -= half * vn[i];
      }
      // row k + 1 now, for the next reflector; the other rows in the next pass
      double[] next = a[lo];
      double vl = vn[lo];
      double wl = w[lo];
      for (int j = lo; j < d; j++) {
        next[j] -= vl * w[j] + wl * vn[j];
      }
      double[] t = v;
      v = vn;
      vn = t;
      pending = true;
    }
    if (d >= 2) {
      double[] last = a[d - 1];
      if (pending) {
        last[d - 1] -= 2 * v[d - 1] * w[d - 1];
      }
      diag[d - 2] = a[d - 2][d - 2];
      off[d - 2] = a[d - 2][d - 1];
      diag[d - 1] = last[d - 1];
    } else if (d == 1) {
      diag[0] = a[0][0];
    }
  }

  /**
   * The reflector of row {@code k} right of the diagonal, {@code x = row[k+1..d)} (LAPACK's {@code
   * dlarfg}): writes {@code v[k+1..d)} with {@code v[k+1] = 1} and {@code beta} into {@code v[k]},
   * so that {@code (I - tau v v^T) x = beta e_1}, and returns {@code tau} (0 when {@code x} has
   * nothing after its first entry to annihilate, up to entries whose squares underflow after
   * scaling: then {@code beta = x_0}).
   *
   * @param row row k of the upper triangle
   * @param k the row
   * @param d the order, {@code > k + 1}
   * @param v the reflector, output
   * @return tau, in {@code [1, 2]} or 0
   */
  // reason: the indices are in [k, d) with k + 1 < d <= v.length = row.length, checked by the
  // caller
  @SuppressWarnings("index")
  private static double reflector(double[] row, int k, int d, double[] v) {
    int s = k + 1;
    double scale = 0;
    for (int j = s; j < d; j++) {
      scale = Math.max(scale, Math.abs(row[j]));
    }
    double x0 = row[s];
    double tail = 0;
    for (int j = s + 1; j < d; j++) {
      double x = row[j] / scale;
      v[j] = x;
      tail += x * x;
    }
    if (!(tail > 0)) {
      // nothing to annihilate (scale == 0 makes tail NaN), or only entries below 2^-537 of the
      // row's largest, whose squares underflow: leaving them is a perturbation far below the
      // backward error of the reduction
      v[k] = x0;
      return 0;
    }
    double y0 = x0 / scale;
    double norm = Math.sqrt(y0 * y0 + tail);
    double beta = y0 >= 0 ? -norm : norm;
    double tau = (beta - y0) / beta;
    double inv = 1 / (y0 - beta);
    for (int j = s + 1; j < d; j++) {
      v[j] *= inv;
    }
    v[s] = 1;
    v[k] = beta * scale;
    return tau;
  }

  /**
   * The calling thread and one helper thread running the two ranges of a pass: {@link #both}
   * publishes the pass (a volatile phase counter), runs range 0, and waits for the helper to
   * report range 1 done. Both wait by spinning ({@link Thread#onSpinWait}), then by yielding: a
   * pass takes tens of microseconds at the orders this class serves, too short to park a thread.
   * The helper is a daemon thread that ends when the pair is closed.
   *
   * <p>Not thread-safe: one caller thread.
   */
  private static final class Pair implements AutoCloseable {
    private static final int SPINS = 1 << 10;
    private volatile long phase;
    private volatile long done;
    private volatile boolean closed;
    private volatile @Nullable IntConsumer task;
    private volatile @Nullable Throwable failure;

    Pair() {
      Thread helper = new Thread(this::serve, "rlhf-bounds-eigenvalues");
      helper.setDaemon(true);
      helper.start();
    }

    private void serve() {
      long seen = 0;
      while (true) {
        long ph;
        int spins = 0;
        while ((ph = phase) == seen) {
          if (closed) {
            return;
          }
          spins = pause(spins);
        }
        seen = ph;
        IntConsumer t = task;
        try {
          if (t != null) {
            t.accept(1);
          }
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        done = ph;
      }
    }

    /** Runs {@code body.accept(0)} here and {@code body.accept(1)} on the helper. */
    void both(IntConsumer body) {
      task = body;
      long ph = phase + 1;
      phase = ph;
      try {
        body.accept(0);
      } finally {
        int spins = 0;
        while (done != ph) {
          spins = pause(spins);
        }
      }
      Throwable f = failure;
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      if (f instanceof Error) {
        throw (Error) f;
      }
    }

    private static int pause(int spins) {
      if (spins < SPINS) {
        Thread.onSpinWait();
        return spins + 1;
      }
      Thread.yield();
      return spins;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
