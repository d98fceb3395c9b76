package org.rlhfbounds.audit;

import java.util.Arrays;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.checkerframework.checker.index.qual.NonNegative;

/**
 * The mergeable summary of a contiguous range of prompts of a feature export: the partial sum of
 * the uniform-policy covariances {@code sum_x (1/K_x) sum_a (phi(x,a) - m_x)(phi(x,a) - m_x)^T}
 * (upper triangle of a row-major {@code d x d} array; {@code m_x} the computed candidate mean),
 * the prompt and row counts, the largest squared feature norm and candidate count, the exact norm
 * of every row and the rank of every prompt's candidate features, both in prompt order.
 *
 * <p>Merging ({@link #merge}) adds the sums and concatenates the per-row and per-prompt arrays, so
 * merging the summaries of consecutive ranges in range order gives the same bits whatever the
 * thread that computed each range: the summary is the unit of work of a distributed engine as well.
 * The accumulated values keep the rounding analysis of proofs/AUDIT-CERT.md for any merge order.
 *
 * <p>Serializable (Java serialization), so that an engine's workers can send the summaries of
 * their ranges to the process that merges them.
 *
 * <p>Not thread-safe: a summary is filled by one thread, then handed over.
 */
public final class ChunkSummary implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final @NonNegative int dim;
  final double[] sigma;
  long prompts;
  long rows;
  double maxNormSq;
  int maxCandidates;
  double[] norms;
  int[] ranks;
  int[] candidates;

  ChunkSummary(@NonNegative int dim, double[] sigma, double[] norms, int[] ranks, int[] candidates) {
    this.dim = dim;
    this.sigma = sigma;
    this.norms = norms;
    this.ranks = ranks;
    this.candidates = candidates;
  }

  /**
   * An empty summary of dimension {@code d}.
   *
   * @param dim d
   * @return the summary of no prompt
   * @throws IllegalArgumentException if {@code dim < 0}
   */
  public static ChunkSummary empty(int dim) {
    if (dim < 0) {
      throw new IllegalArgumentException("dimension: expected >= 0, got " + dim);
    }
    return new ChunkSummary(dim, new double[dim * dim], new double[0], new int[0], new int[0]);
  }

  /**
   * Adds another summary into this one; {@code other} must summarise the prompts that follow
   * this one's.
   *
   * @param other the following range
   * @throws IllegalArgumentException if the dimensions differ
   */
  public void merge(ChunkSummary other) {
    if (other.dim != dim) {
      throw new IllegalArgumentException("dimension " + other.dim + " merged into " + dim);
    }
    for (int i = 0; i < sigma.length && i < other.sigma.length; i++) {
      sigma[i] += other.sigma[i];
    }
    prompts += other.prompts;
    rows += other.rows;
    maxNormSq = Math.max(maxNormSq, other.maxNormSq);
    maxCandidates = Math.max(maxCandidates, other.maxCandidates);
    norms = concat(norms, other.norms);
    ranks = concat(ranks, other.ranks);
    candidates = concat(candidates, other.candidates);
  }

  private static double[] concat(double[] a, double[] b) {
    return DoubleStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
  }

  private static int[] concat(int[] a, int[] b) {
    return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
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
   * Returns the number of prompts summarised.
   *
   * @return the prompts
   */
  public long prompts() {
    return prompts;
  }

  /**
   * Returns the number of rows (candidates) summarised.
   *
   * @return the rows
   */
  public long rows() {
    return rows;
  }

  /**
   * Returns the computed largest squared feature norm.
   *
   * @return {@code max ||phi||^2} as computed
   */
  public double maxNormSq() {
    return maxNormSq;
  }

  /**
   * Returns the largest candidate count.
   *
   * @return {@code K_max}
   */
  public int maxCandidates() {
    return maxCandidates;
  }

  /**
   * Returns the raw partial sum (upper triangle, row-major), a copy.
   *
   * @return the sum
   */
  public double[] sigmaSum() {
    return sigma.clone();
  }

  /**
   * Returns the norm of every row, in export order (a copy).
   *
   * @return the norms
   */
  public double[] norms() {
    return norms.clone();
  }

  /**
   * Returns the numerical rank of every prompt's candidate features, in prompt order (a copy).
   *
   * @return the ranks
   */
  public int[] ranks() {
    return ranks.clone();
  }

  /**
   * Returns the candidate count of every prompt, in prompt order (a copy).
   *
   * @return the counts
   */
  public int[] candidates() {
    return candidates.clone();
  }
}
