package org.rlhfbounds.objective;

import org.checkerframework.checker.index.qual.EnsuresLTLengthOf;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.framework.qual.EnsuresQualifier;

/**
 * Scratch arrays for the per-prompt kernels of {@link PromptKernels}, sized for prompts of at most
 * {@code maxK} candidates in dimension {@code d} (about {@code (3 maxK + 1) d + 7 maxK} doubles,
 * including three scratch rows per candidate: the prompt's rows copied, the centred rows, and a
 * float32 prompt widened). One workspace per thread: the kernels write into it and allocate
 * nothing.
 *
 * <p>Not thread-safe: a workspace belongs to one thread at a time. The worker threads of the
 * parallel sums keep one each ({@link #ofThread}).
 */
public final class Workspace {
  /** The calling thread's workspace of the parallel sums' chunks ({@link #ofThread}). */
  private static final ThreadLocal<@Nullable Workspace> OF_THREAD = new ThreadLocal<>();

  final double[] logP;
  final double[] logQ;
  final double[] logR;
  final double[] reward;
  final double[] s;
  final double[] t;
  final double[] mu;
  /** {@code exp(logP[a])}, the policy's probabilities, from {@link PromptKernels#centre}. */
  final double[] p;
  /**
   * The prompt's candidate rows, one array each ({@link PromptKernels#copyRows}): at index 0, so
   * that C2 vectorises the element-wise loops over them.
   */
  final double[][] row;
  /** The centred rows {@code c_a} of {@link CurvatureKernels#hessianVector}, one array each. */
  final double[][] cenRow;
  final double[] rows;
  final int maxK;
  final int dim;

  /**
   * Creates a workspace.
   *
   * @param maxK the largest number of candidates of any prompt it will see
   * @param dim the dimension
   */
  public Workspace(int maxK, int dim) {
    int k = Math.max(maxK, 2);
    int d = Math.max(dim, 1);
    this.maxK = k;
    this.dim = d;
    this.logP = new double[k];
    this.logQ = new double[k];
    this.logR = new double[k];
    this.reward = new double[k];
    this.s = new double[k];
    this.t = new double[k];
    this.mu = new double[d];
    this.p = new double[k];
    int rows = Math.multiplyExact(k, d);
    if (rows < 0) {
      throw new IllegalArgumentException("workspace: K d = " + rows + " is negative");
    }
    this.row = new double[k][d];
    this.cenRow = new double[k][d];
    this.rows = new double[rows];
  }

  /**
   * Checks that this workspace holds {@code k} candidates of dimension {@code d}: the check the
   * kernels make once per call, which the Index Checker reads.
   *
   * @param k the candidates of the prompt
   * @param d the dimension
   * @throws IndexOutOfBoundsException if {@code k} or {@code d} is negative or too large
   */
  @EnsuresLTLengthOf(
      value = "#1",
      targetValue = {
        "this.logP", "this.logQ", "this.logR", "this.reward", "this.s", "this.t", "this.p",
        "this.row", "this.cenRow"
      },
      offset = {"-1", "-1", "-1", "-1", "-1", "-1", "-1", "-1", "-1"})
  @EnsuresLTLengthOf(value = "#2", targetValue = "this.mu", offset = "-1")
  @EnsuresQualifier(expression = {"#1", "#2"}, qualifier = NonNegative.class)
  void require(int k, int d) {
    if (k < 0
        || d < 0
        || k > logP.length
        || k > logQ.length
        || k > logR.length
        || k > reward.length
        || k > s.length
        || k > t.length
        || k > p.length
        || k > row.length
        || k > cenRow.length
        || d > mu.length) {
      throw new IndexOutOfBoundsException(
          "workspace for K <= " + maxK + ", d = " + dim + " used with K = " + k + ", d = " + d);
    }
  }

  /**
   * Returns the log-probabilities computed by the last kernel call (valid for its K entries).
   *
   * @return the scratch log-probabilities, shared
   */
  public double[] lastLogProbabilities() {
    return logP;
  }

  /**
   * The calling thread's workspace for prompts of at most {@code maxK} candidates in dimension
   * {@code dim}, kept for the thread's next call of the same sizes: the chunks of a parallel sum
   * ({@link PromptSums}) take it instead of allocating a workspace each (232 MB of garbage over
   * 100 GA steps on 20000 x 8 x 128, measured). Results do not change: a chunk already runs its
   * prompts one after another in one workspace, so every kernel writes what it reads. A thread
   * keeps one workspace, replaced when a call needs other sizes.
   *
   * @param maxK the largest number of candidates
   * @param dim the dimension
   * @return the thread's workspace of those sizes
   */
  static Workspace ofThread(int maxK, int dim) {
    Workspace w = OF_THREAD.get();
    if (w == null || w.maxK != Math.max(maxK, 2) || w.dim != Math.max(dim, 1)) {
      w = new Workspace(maxK, dim);
      OF_THREAD.set(w);
    }
    return w;
  }
}
