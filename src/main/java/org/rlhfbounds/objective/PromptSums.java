package org.rlhfbounds.objective;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.contracts.Indices;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.PromptMeasure;

/**
 * The two skeletons of {@link Objective}'s sums over prompts, {@code sum_i mu_i term(x_i)} for a
 * scalar and for a vector term, in the fixed chunks of {@link Chunks}: each chunk sums its prompts
 * in index order from zero into its own accumulator, the chunk sums are added in chunk order, so
 * the result is the same bits for every thread count. One chunk is the plain sequential sum in
 * index order, on the caller's workspace.
 *
 * <p>Feature access: a kernel reads prompt {@code i} at row {@link Features#firstRow} of the array
 * {@link Features#promptRows} gives with the workspace's scratch rows: the block's own array for
 * float64 storage, and for float32 storage the scratch rows holding the prompt widened to double
 * (exact, one conversion per value and prompt, in cache). So the kernels stay one loop over
 * doubles for both storages, and a float32 block is read from memory at 4 bytes a value.
 *
 * <p>Thread-safe: stateless; the worker threads of one call use their own workspaces.
 */
final class PromptSums {
  private PromptSums() {}

  /**
   * One prompt's term of a scalar sum, without its weight, at the vectors {@code a}, {@code b}:
   * the prompt's K rows start at row {@code row0} of {@code data}, and its first row is row {@code
   * row} of the block ({@link Features#rowOffset}, the index of per-row tables such as {@link
   * Objective}'s reference terms). The terms are non-capturing lambdas (one instance each), so a
   * sum allocates nothing per call.
   */
  @FunctionalInterface
  interface ScalarTerm {
    double of(
        Objective o, double[] data, int row0, int k, int row, double[] a, double[] b, Workspace s);
  }

  /**
   * Accumulates one prompt's weighted term of a vector sum into {@code out} (non-capturing; the
   * arguments as for {@link ScalarTerm}).
   */
  @FunctionalInterface
  interface VectorTerm {
    void add(
        Objective o, double[] data, int row0, int k, int row, double[] a, double[] b,
        double weight, double[] out, Workspace s);
  }

  /** The chunk size of the prompts {@code f} in dimension {@code d} ({@link Chunks#size}). */
  static int chunkSize(Features f, int d) {
    return Chunks.size(f.size(), f.maxCandidates(), d);
  }

  /**
   * {@code sum_i mu_i term(x_i)}.
   *
   * @param o the objective the terms read
   * @param threads the number of threads
   * @param ws the workspace of a one-chunk sum (large enough for the prompts of {@code m})
   * @param m the measure
   * @param a first vector argument of the terms
   * @param b second vector argument of the terms
   * @param term the term
   * @return the sum
   */
  static double scalar(
      Objective o, int threads, Workspace ws, PromptMeasure m, double[] a, double[] b,
      ScalarTerm term) {
    Features f = m.prompts();
    int n = f.size();
    int d = f.dim();
    int size = chunkSize(f, d);
    int chunks = Chunks.count(n, size);
    if (chunks <= 1) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += m.weight(i)
            * term.of(
                o, f.promptRows(i, ws.rows), f.firstRow(i), f.candidates(i), f.rowOffset(i), a,
                b, ws);
      }
      return sum;
    }
    double[] part = new double[chunks];
    Chunks.run(
        threads,
        chunks,
        c -> {
          Workspace s = Workspace.ofThread(f.maxCandidates(), d);
          int lo = c * size;
          int hi = (int) Math.min(n, (long) lo + size);
          double sum = 0;
          for (int i = lo; i < hi; i++) {
            sum += m.weight(i)
                * term.of(
                    o, f.promptRows(i, s.rows), f.firstRow(i), f.candidates(i), f.rowOffset(i),
                    a, b, s);
          }
          Indices.requireIndex(part, c);
          part[c] = sum;
        });
    double sum = 0;
    for (int c = 0; c < part.length; c++) {
      sum += part[c];
    }
    return sum;
  }

  /**
   * Writes {@code sum_i mu_i term(x_i)} into {@code out} (overwritten).
   *
   * @param o the objective the terms read
   * @param threads the number of threads
   * @param ws the workspace of a one-chunk sum (large enough for the prompts of {@code m})
   * @param m the measure
   * @param a first vector argument of the terms
   * @param b second vector argument of the terms
   * @param out output, length d
   * @param term the term
   */
  static void vector(
      Objective o, int threads, Workspace ws, PromptMeasure m, double[] a, double[] b,
      double[] out, VectorTerm term) {
    both(o, threads, ws, m, a, b, out, term, a, b, null);
  }

  /**
   * Writes {@code sum_i mu_i vterm(x_i)} into {@code out} (overwritten) and returns {@code sum_i
   * mu_i sterm(x_i)}, reading each prompt's rows once for both terms (the vector term, then the
   * scalar term, in one workspace): each sum is the same bits as {@link #vector} and {@link
   * #scalar} give it alone, the same chunks each summed in index order and added in chunk order.
   * The scalar term of a prompt runs right after its vector term, in the same workspace, so it may
   * read what the vector term left there (GA's objective reads the vector term's log-probabilities).
   * With {@code sterm} null this is {@link #vector} (and returns 0).
   *
   * @param o the objective the terms read
   * @param threads the number of threads
   * @param ws the workspace of a one-chunk sum (large enough for the prompts of {@code m})
   * @param m the measure
   * @param a first vector argument of the vector term
   * @param b second vector argument of the vector term
   * @param out output, length d
   * @param vterm the vector term
   * @param sa first vector argument of the scalar term
   * @param sb second vector argument of the scalar term
   * @param sterm the scalar term, or null
   * @return the scalar sum (0 without a scalar term)
   */
  static double both(
      Objective o, int threads, Workspace ws, PromptMeasure m, double[] a, double[] b,
      double[] out, VectorTerm vterm, double[] sa, double[] sb, @Nullable ScalarTerm sterm) {
    Features f = m.prompts();
    int n = f.size();
    int d = f.dim();
    int size = chunkSize(f, d);
    int chunks = Chunks.count(n, size);
    Arrays.fill(out, 0.0);
    if (chunks <= 1) {
      return prompts(o, m, 0, n, ws, a, b, out, vterm, sa, sb, sterm);
    }
    int parts = Math.multiplyExact(chunks, d);
    if (parts < 0) {
      throw new IllegalStateException("chunks: " + chunks + " x d is negative");
    }
    double[] part = new double[parts];
    double[] scalars = new double[chunks];
    Chunks.run(
        threads,
        chunks,
        c -> {
          Workspace s = Workspace.ofThread(f.maxCandidates(), d);
          double[] acc = new double[d];
          int lo = c * size;
          int hi = (int) Math.min(n, (long) lo + size);
          double sum = prompts(o, m, lo, hi, s, a, b, acc, vterm, sa, sb, sterm);
          int at = c * d;
          Indices.requireRange(part, at, d);
          System.arraycopy(acc, 0, part, at, d);
          Indices.requireIndex(scalars, c);
          scalars[c] = sum;
        });
    Indices.requireLength(out, d);
    for (int c = 0; c < chunks; c++) {
      int at = c * d;
      Indices.requireRange(part, at, d);
      for (int j = 0; j < d; j++) {
        out[j] += part[at + j];
      }
    }
    double sum = 0;
    for (int c = 0; c < scalars.length; c++) {
      sum += scalars[c];
    }
    return sum;
  }

  /**
   * The prompts {@code [lo, hi)} of one chunk, in index order: each prompt's weighted vector term
   * added into {@code acc}, and the sum of its weighted scalar terms (from 0) returned.
   */
  private static double prompts(
      Objective o, PromptMeasure m, int lo, int hi, Workspace s, double[] a, double[] b,
      double[] acc, VectorTerm vterm, double[] sa, double[] sb, @Nullable ScalarTerm sterm) {
    Features f = m.prompts();
    double sum = 0;
    for (int i = lo; i < hi; i++) {
      double[] data = f.promptRows(i, s.rows);
      int r0 = f.firstRow(i);
      int k = f.candidates(i);
      int row = f.rowOffset(i);
      vterm.add(o, data, r0, k, row, a, b, m.weight(i), acc, s);
      if (sterm != null) {
        sum += m.weight(i) * sterm.of(o, data, r0, k, row, sa, sb, s);
      }
    }
    return sum;
  }
}
