package org.rlhfbounds.objective;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The fixed split of a prompt block into chunks for the parallel sums of {@link Objective}, and
 * the thread pools that run them.
 *
 * <p><b>Determinism.</b> The split depends only on the sizes {@code (M, K_max, d)}: chunks of
 * {@code max(ceil(2^16 / (K_max d)), ceil(M / 64))} consecutive prompts. Each chunk sums its
 * prompts in index order from zero into its own accumulator; the chunk sums are then added in
 * chunk order. Which thread computes a chunk never enters the arithmetic, so the result is the same
 * bits for any number of threads. A block of at most {@code 2^16} feature values ({@code M K_max d
 * <= 2^16}) is one chunk: the sum is then the plain sequential sum in index order.
 *
 * <p>Thread-safe: the pools are shared, created once per thread count.
 */
final class Chunks {
  /** Feature values per chunk (a lower bound on the chunk's size in prompts times K d). */
  static final int TARGET_VALUES = 1 << 16;

  /** The largest number of chunks (bounds the memory of the partial sums). */
  static final int MAX_CHUNKS = 64;

  private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

  private Chunks() {}

  /**
   * The chunk size in prompts, from the sizes alone.
   *
   * @param prompts M
   * @param maxK the largest number of candidates
   * @param dim d
   * @return prompts per chunk, {@code >= 1}
   */
  static int size(int prompts, int maxK, int dim) {
    long per = Math.max(1L, (long) maxK * dim);
    long byWork = (TARGET_VALUES + per - 1) / per;
    long byCount = ((long) prompts + MAX_CHUNKS - 1) / MAX_CHUNKS;
    return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, Math.max(byWork, byCount)));
  }

  /**
   * The number of chunks of {@code size} prompts covering {@code prompts}.
   *
   * @param prompts M
   * @param size the chunk size
   * @return the count, {@code >= 1} for {@code prompts >= 1}
   */
  static int count(int prompts, int size) {
    return (int) (((long) prompts + size - 1) / size);
  }

  /**
   * The default number of threads: the available processors.
   *
   * @return the count
   */
  static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Runs {@code body} for every index in {@code [0, n)}: in the calling thread, in order, when
   * {@code threads == 1} or {@code n <= 1}; otherwise on a pool of {@code threads} workers, in any
   * order. {@code body} must write only to state owned by its index.
   *
   * @param threads the number of threads, {@code >= 1}
   * @param n the number of indices
   * @param body the work of one index
   */
  static void run(int threads, int n, IntConsumer body) {
    if (threads <= 1 || n <= 1) {
      for (int c = 0; c < n; c++) {
        body.accept(c);
      }
      return;
    }
    ForkJoinPool pool = POOLS.computeIfAbsent(threads, ForkJoinPool::new);
    pool.invoke(new Range(0, n, body));
  }

  /** Splits an index range in halves down to single indices. */
  private static final class Range extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final int lo;
    private final int hi;
    private final transient IntConsumer body;

    Range(int lo, int hi, IntConsumer body) {
      this.lo = lo;
      this.hi = hi;
      this.body = body;
    }

    @Override
    protected void compute() {
      if (hi - lo <= 1) {
        if (hi > lo) {
          body.accept(lo);
        }
        return;
      }
      int mid = (lo + hi) >>> 1;
      invokeAll(new Range(lo, mid, body), new Range(mid, hi, body));
    }
  }
}
