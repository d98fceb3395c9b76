package org.rlhfbounds.objective;

import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.contracts.Theorem;
import org.rlhfbounds.model.Features;

/**
 * The blocked, parallel assembly of a weighted Gram matrix {@code sum_q p_q x_q x_q^T} over the
 * candidate rows of a block of prompts (proofs/F3.md, {@code Sigma_mu(w) = sum_i mu_i sum_a (p_ia
 * c_ia) c_ia^T}), without a matrix per prompt. The caller says how a prompt's rows and weights are
 * made ({@link RowWriter}); {@link Objective#covariance} writes centred rows and policy weights,
 * the a-posteriori certificate of T-POST (proofs/T-POST.md) writes rows centred at a computed mean
 * and the midpoints of enclosed probabilities, and reads every block back ({@link BlockSink}) to
 * bound the rounding.
 *
 * <p>The rows and weights of a block of consecutive prompts (at most {@code 2^17} values and
 * {@code 2^10} rows, and no more rows than the prompts have) are written once, in parallel over
 * ranges of the block's prompts from {@code 2^14} values on; then the row tiles of the triangle
 * ({@link UpperGram#tiles}, four per thread, of {@code 2^10} to {@code 2^15} entries) receive the
 * block's terms in parallel ({@link UpperGram#add}). Every entry {@code r <= c} of the result
 * therefore sums its terms {@code fl(fl(p_q x_q[r]) x_q[c])} over all candidate rows in index
 * order, one at a time from 0 (a recursive sum of {@code f.rows()} terms): the same bits whatever
 * the blocks, tiles or threads, provided the writer writes each prompt's rows as a function of the
 * prompt alone.
 *
 * <p>NaN and infinite values propagate. Stateless and thread-safe; the writer is called
 * concurrently for distinct prompts, the sink in the calling thread, block after block in order.
 */
public final class CovarianceAssembly {
  /** Candidate-row values per block (1 MB of rows). */
  private static final int BLOCK_VALUES = 1 << 17;

  /** Most upper-triangle entries per row tile (256 KB of the output). */
  private static final int TILE_VALUES = 1 << 15;

  /**
   * Fewest upper-triangle entries per row tile: a smaller matrix is one tile, run by the calling
   * thread without a fork.
   */
  private static final int MIN_TILE_VALUES = 1 << 10;

  /** Most candidate rows per block (each row is an array of its own). */
  private static final int MAX_BLOCK_ROWS = 1 << 10;

  /** Fewest row values of a block written in parallel; a smaller block is written inline. */
  private static final int MIN_PARALLEL_BLOCK_VALUES = 1 << 14;

  private CovarianceAssembly() {}

  /** Writes the rows and weights of one prompt. */
  @FunctionalInterface
  public interface RowWriter {
    /**
     * Writes the {@code K(i)} rows of prompt {@code i} into {@code rows[at .. at + K(i))} (the
     * first d values of each) and their weights into {@code p[at .. at + K(i))}. Called
     * concurrently for distinct prompts; must write nothing else that another prompt reads.
     *
     * @param i the prompt
     * @param src the prompt's feature rows as doubles, candidate {@code a} from {@code (row0 + a)
     *     d} ({@link Features#promptRows}: a float64 block's storage, or a float32 prompt widened
     *     into the calling range's own scratch); read only
     * @param row0 the prompt's first row in {@code src}
     * @param rows the block's rows
     * @param p the block's weights
     * @param at the prompt's first row in the block
     */
    void write(int i, double[] src, @NonNegative int row0, double[][] rows, double[] p, int at);
  }

  /** Reads a block back after its rows are written and before they are summed. */
  @FunctionalInterface
  public interface BlockSink {
    /**
     * Sees one block: prompts {@code [first, end)}, whose rows are {@code rows[0 .. count)} in
     * prompt order with weights {@code p[0 .. count)}. Called in the calling thread, for every
     * block in order; must not modify the arrays.
     *
     * @param first the block's first prompt
     * @param end one past its last prompt
     * @param rows the rows
     * @param p the weights
     * @param count the number of rows
     */
    void accept(int first, int end, double[][] rows, double[] p, int count);
  }

  /**
   * The number of rows of a block for prompts {@code f}: at least {@code K_max}, at most {@code
   * 2^10} and {@code 2^17 / d} otherwise, and no more than {@code f.rows()}. A writer that keeps
   * data per row of a block sizes it by this.
   *
   * @param f the prompts
   * @return the rows of a block
   */
  public static @NonNegative int blockRows(Features f) {
    int d = f.dim();
    int rows =
        Math.max(
            f.maxCandidates(),
            Math.min(f.rows(), Math.min(MAX_BLOCK_ROWS, BLOCK_VALUES / Math.max(d, 1))));
    if (rows < 0) {
      throw new IllegalStateException("negative block size " + rows);
    }
    return rows;
  }

  /**
   * The upper triangle of {@code sum_i sum_a p_ia x_ia x_ia^T} over every prompt of {@code f},
   * one array per row ({@code out[r][c]}, {@code r <= c}; entries below the diagonal are 0), with
   * the rows and weights the writer makes.
   *
   * @param f the prompts (their number, candidates and dimension)
   * @param threads the number of threads, {@code >= 1}
   * @param writer writes a prompt's rows and weights
   * @param sink sees every block before it is summed, or null
   * @return the accumulated upper triangle, {@code d} arrays of {@code d}
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  @Theorem("F3")
  public static double[][] upper(
      Features f, int threads, RowWriter writer, @Nullable BlockSink sink) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    int n = f.size();
    int d = f.dim();
    int blockRows = blockRows(f);
    double[][] rows = new double[blockRows][d];
    double[] p = new double[blockRows];
    double[][] out = new double[d][d];
    long entries = (long) d * (d + 1) / 2;
    int[] tiles =
        UpperGram.tiles(
            d, (int) Math.max(MIN_TILE_VALUES, Math.min(TILE_VALUES, entries / (4L * threads))));
    int i = 0;
    while (i < n) {
      // the block: prompts [first, end) of at most blockRows rows, written in parallel over ranges
      // of prompts (each row by the same function of its prompt)
      int first = i;
      int used = 0;
      while (i < n && used + f.candidates(i) <= blockRows) {
        used += f.candidates(i);
        i++;
      }
      int end = i;
      int ranges = (long) used * d < MIN_PARALLEL_BLOCK_VALUES ? 1 : Math.min(threads, end - first);
      Chunks.run(
          threads,
          ranges,
          r -> {
            int lo = first + (int) ((long) (end - first) * r / ranges);
            int hi = first + (int) ((long) (end - first) * (r + 1) / ranges);
            int at = 0;
            for (int j = first; j < lo; j++) {
              at += f.candidates(j);
            }
            double[] scratch = f.rowScratch(); // empty for float64
            for (int j = lo; j < hi; j++) {
              writer.write(j, f.promptRows(j, scratch), f.firstRow(j), rows, p, at);
              at += f.candidates(j);
            }
          });
      int count = used;
      if (sink != null) {
        sink.accept(first, end, rows, p, count);
      }
      Chunks.run(
          threads,
          tiles.length - 1,
          t -> {
            Indices.requireIndex(tiles, t);
            int t1 = t + 1;
            Indices.requireIndex(tiles, t1);
            UpperGram.add(rows, p, count, d, tiles[t], tiles[t1], out);
          });
    }
    return out;
  }
}
