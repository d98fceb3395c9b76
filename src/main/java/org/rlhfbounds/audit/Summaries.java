package org.rlhfbounds.audit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.objective.UpperGram;

/**
 * Computes the {@link ChunkSummary} of a whole export in one streaming pass: the prompts are cut
 * into consecutive ranges of a size that depends on the export only ({@link #chunkPrompts}), the
 * ranges are summarised in parallel, and their summaries are merged strictly in range order
 * (with at most {@code 2 * threads} summaries alive), so the result is bit-identical for every
 * thread count.
 *
 * <p>Per prompt with candidates {@code phi_1..phi_K} (widened exactly to double): the row norms
 * {@code sqrt(sum_j phi_aj^2)}; the candidate mean {@code m_j = fl(sum_a phi_aj) / K}, summed
 * left to right; the centred rows {@code c_a = fl(phi_a - m)}; the covariance sum {@code sigma_ij
 * += fl(fl(c_ai * fl(1/K)) * c_aj)} for {@code i <= j}, every entry over the rows in export order
 * (by the blocked kernel of the objective's assembly, {@link UpperGram#add}, on
 * blocks of consecutive prompts' rows: the same terms added one at a time in the same order);
 * the rank of {@code Phi Phi^T} (the number
 * of its eigenvalues above {@link #RANK_TOLERANCE} times the largest; singular values above
 * {@code 1e-5} of the largest).
 *
 * <p>Thread-safe: stateless; the export is only read.
 */
public final class Summaries {
  /** Centred row values per block of the covariance sum (256 KB, one array per row). */
  private static final int BLOCK_VALUES = 1 << 15;

  /** The relative tolerance on the eigenvalues of a prompt's Gram matrix {@code Phi Phi^T}. */
  public static final double RANK_TOLERANCE = 1e-10;

  private Summaries() {}

  /**
   * Returns the number of prompts per range: about {@code 2^22} multiply-adds of work, at least
   * one prompt, a function of the export's shape only.
   *
   * @param e the export
   * @return the range size
   */
  public static int chunkPrompts(FeatureExport e) {
    return chunkPrompts(e.maxCandidates(), e.dim());
  }

  /**
   * Returns the number of prompts per range of an export of this shape, as {@link
   * #chunkPrompts(FeatureExport)} (for engines that cut the ranges without holding the export).
   *
   * @param maxCandidates the export's {@code K_max}
   * @param dim the export's {@code d}
   * @return the range size, at least 1
   */
  public static int chunkPrompts(int maxCandidates, int dim) {
    long perPrompt = Math.max(1L, (long) maxCandidates * dim * dim);
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, (1L << 24) / perPrompt));
  }

  /**
   * Summarises an export.
   *
   * @param e the export
   * @param threads the number of worker threads, {@code >= 1}
   * @param progress called with the number of prompts done after each merged range
   * @return the summary of every prompt
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static ChunkSummary of(FeatureExport e, int threads, IntConsumer progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    int m = e.prompts();
    int size = chunkPrompts(e);
    int chunks = (m + size - 1) / size;
    ChunkSummary total = ChunkSummary.empty(e.dim());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Deque<Future<ChunkSummary>> window = new ArrayDeque<>();
      int next = 0;
      for (int c = 0; c < chunks; c++) {
        while (next < chunks && next < c + 2 * threads) {
          int from = next * size;
          int to = (int) Math.min(m, (long) from + size);
          window.addLast(pool.submit(() -> range(e, from, to)));
          next++;
        }
        Future<ChunkSummary> f = window.pollFirst();
        if (f == null) {
          throw new IllegalStateException("no summary for range " + c);
        }
        total.merge(f.get());
        progress.accept((int) total.prompts());
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while summarising " + e.source(), ex);
    } catch (ExecutionException ex) {
      Throwable cause = ex.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(String.valueOf(cause), cause);
    } finally {
      pool.shutdownNow();
    }
    return total;
  }

  /**
   * Summarises prompts {@code from .. to - 1} (the unit of work; public for engines that
   * distribute the ranges themselves and merge the results in range order).
   *
   * @param e the export
   * @param from the first prompt
   * @param to one past the last prompt
   * @return their summary
   */
  // Index: buffers hold K_max * d values; every access is a * d + j with a < K, j < d.
  @SuppressWarnings("index")
  public static ChunkSummary range(FeatureExport e, int from, int to) {
    int d = e.dim();
    int kmax = 0;
    int rowCount = 0;
    for (int p = from; p < to; p++) {
      kmax = Math.max(kmax, e.candidates(p));
      rowCount += e.candidates(p);
    }
    double[] sigma = new double[d * d];
    double[] norms = new double[rowCount];
    int[] ranks = new int[to - from];
    int[] ks = new int[to - from];
    double[] buf = new double[kmax * d];
    // the centred rows of consecutive prompts, added to sigma a block at a time
    int blockRows = Math.max(kmax, BLOCK_VALUES / Math.max(d, 1));
    double[][] block = new double[blockRows][d];
    double[][] acc = new double[d][d];
    double[] weight = new double[blockRows];
    int used = 0;
    double[] mean = new double[d];
    double[] gram = new double[kmax * kmax];
    double maxNormSq = 0;
    int r = 0;
    for (int p = from; p < to; p++) {
      int k = e.candidates(p);
      e.copyRows(e.offset(p), k, buf);
      for (int a = 0; a < k; a++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          double v = buf[a * d + j];
          s += v * v;
        }
        maxNormSq = Math.max(maxNormSq, s);
        norms[r++] = Math.sqrt(s);
      }
      for (int a = 0; a < k; a++) {
        for (int b = 0; b <= a; b++) {
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += buf[a * d + j] * buf[b * d + j];
          }
          gram[a * k + b] = s;
          gram[b * k + a] = s;
        }
      }
      ranks[p - from] = rank(gram, k);
      ks[p - from] = k;
      java.util.Arrays.fill(mean, 0.0);
      for (int a = 0; a < k; a++) {
        for (int j = 0; j < d; j++) {
          mean[j] += buf[a * d + j];
        }
      }
      for (int j = 0; j < d; j++) {
        mean[j] = mean[j] / k;
      }
      double invK = 1.0 / k;
      if (used + k > blockRows) {
        UpperGram.add(block, weight, used, d, 0, d, acc);
        used = 0;
      }
      for (int a = 0; a < k; a++) {
        int base = a * d;
        double[] row = block[used + a];
        for (int j = 0; j < d; j++) {
          row[j] = buf[base + j] - mean[j];
        }
        weight[used + a] = invK;
      }
      used += k;
    }
    UpperGram.add(block, weight, used, d, 0, d, acc);
    UpperGram.store(acc, d, false, sigma);
    ChunkSummary out = new ChunkSummary(d, sigma, norms, ranks, ks);
    out.prompts = to - from;
    out.rows = rowCount;
    out.maxNormSq = maxNormSq;
    out.maxCandidates = kmax;
    return out;
  }

  /**
   * The numerical rank of a symmetric positive semi-definite {@code k x k} Gram matrix: the number
   * of eigenvalues above {@link #RANK_TOLERANCE} times the largest (0 for a zero matrix).
   *
   * @param gram row-major, at least {@code k * k} entries (the first {@code k * k} are read)
   * @param k the order
   * @return the rank
   */
  // Index: g.data has k * k entries and gram at least as many.
  @SuppressWarnings("index")
  static int rank(double[] gram, int k) {
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, false, true);
    DMatrixRMaj g = new DMatrixRMaj(k, k);
    System.arraycopy(gram, 0, g.data, 0, Math.min(k * k, g.data.length));
    if (!eig.decompose(g)) {
      throw new IllegalStateException("eigen-decomposition of a prompt's Gram matrix failed");
    }
    double max = 0;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, eig.getEigenvalue(i).getReal());
    }
    int rank = 0;
    for (int i = 0; i < k; i++) {
      if (max > 0 && eig.getEigenvalue(i).getReal() > RANK_TOLERANCE * max) {
        rank++;
      }
    }
    return rank;
  }
}
