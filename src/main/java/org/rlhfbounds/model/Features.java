package org.rlhfbounds.model;

import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.index.qual.NonNegative;
import org.checkerframework.checker.index.qual.Positive;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.common.value.qual.MinLen;
import org.rlhfbounds.contracts.Reals;
import org.rlhfbounds.contracts.qual.NonNegativeReal;

/**
 * An immutable block of prompts and their candidate responses' features: prompt {@code i} has
 * {@code K(i) >= 2} candidates with feature vectors {@code phi(x_i, a)} in {@code R^d}, stored in
 * one flat row-major array (EJML convention): row {@code r} is {@code data[r*d .. r*d + d)}, and
 * prompt {@code i} owns rows {@code offsets[i] .. offsets[i+1])}.
 *
 * <p><b>Storage.</b> The values are held as float64 ({@link #of}, {@link #ofOwned}) or, for data
 * that is float32 (a {@code '<f4'} file), as float32 ({@link #ofFloats}, {@link #ofOwnedFloats}):
 * 4 bytes a value instead of 8. A float32 value widened to double is exact, so the stored float32
 * values are the features: every quantity (norms, kernels, bounds) is computed from them in double
 * arithmetic, exactly as from a float64 block holding the same values. Kernels read a float32
 * prompt through {@link #widenRows} (one prompt into a scratch array); {@link #data()} widens the
 * whole block once, on first call, and keeps it (8 more bytes a value for the block's lifetime).
 *
 * <p>Construction copies its inputs ({@link #ofOwned}, {@link #ofOwnedFloats} take them over
 * instead) and rejects NaN or infinite features, {@code K < 2}, dimension mismatches and empty
 * blocks, with a message naming the field, the index and the value.
 * {@link #data()} exposes the backing array for kernels without copying; callers must not modify
 * it.
 *
 * <p><b>Selections and replacements are views.</b> {@link #select} (a sample's prompts) shares the
 * storage of its block, and {@link #replace} (a replace-one sample) shares the storage of its block
 * and of the replacement: prompt {@code i} has its rows at {@link #storageRow} of {@link
 * #storage(int)}. {@link #data()} and {@link #rowOffset} keep their contiguous meaning: a view's
 * first {@link #data()} call copies the selected rows once. Kernels read through {@link
 * #storage(int)} and never copy.
 *
 * <p>Thread-safe: immutable (a view's copy is made at most once per thread that races to make it,
 * each the same values).
 */
public final class Features {
  private static final double[] NO_DOUBLES = new double[0];
  private static final float[] NO_FLOATS = new float[0];

  /** The float64 values (empty for float32 storage). */
  private final double[] data;

  /** The float32 values (empty for float64 storage). */
  private final float[] single;

  private final boolean float32;

  /** {@link #single} widened, made by the first {@link #data()} call of a float32 block. */
  private volatile double @Nullable [] widened;

  private final int @MinLen(2) [] offsets;

  /** For a view, the storage row of each prompt; null for a contiguous block (rows at offsets). */
  private final int @Nullable [] starts;

  /**
   * For a block made by {@link #replace}: the replaced prompt, whose rows are in {@link #patchData}
   * or {@link #patchSingle} from row {@link #patchRow}; -1 for every other block.
   */
  private final int patched;

  /** The float64 storage of the replaced prompt (empty unless a float64 block is patched). */
  private final double[] patchData;

  /** The float32 storage of the replaced prompt (empty unless a float32 block is patched). */
  private final float[] patchSingle;

  /** The first row of the replaced prompt in its storage. */
  private final int patchRow;

  /** A view's contiguous copy, made by the first call that needs it. */
  private volatile @Nullable Features compact;

  private final @Positive int dim;
  private final int maxK;
  private final double maxNorm;

  private Features(double[] data, float[] single, boolean float32, int[] offsets, int dim) {
    this(data, single, float32, offsets, dim, null);
  }

  private Features(
      double[] data, float[] single, boolean float32, int[] offsets, int dim,
      int @Nullable [] starts) {
    this(data, single, float32, offsets, dim, starts, -1, NO_DOUBLES, NO_FLOATS, 0);
  }

  private Features(
      double[] data, float[] single, boolean float32, int[] offsets, int dim,
      int @Nullable [] starts, int patched, double[] patchData, float[] patchSingle,
      int patchRow) {
    if (offsets.length < 2 || dim < 1 || (starts != null && starts.length != offsets.length - 1)
        || (patched >= 0 && (starts == null || patched >= starts.length || patchRow < 0))) {
      throw new IllegalStateException("a block has at least one prompt and d >= 1");
    }
    this.data = data;
    this.single = single;
    this.float32 = float32;
    this.offsets = offsets;
    this.starts = starts;
    this.patched = patched;
    this.patchData = patchData;
    this.patchSingle = patchSingle;
    this.patchRow = patchRow;
    this.dim = dim;
    int mk = 0;
    double mn = 0;
    for (int i = 0; i + 1 < offsets.length; i++) {
      int k = offsets[i + 1] - offsets[i];
      mk = Math.max(mk, k);
      boolean patch = i == patched;
      double[] dd = patch ? patchData : data;
      float[] ss = patch ? patchSingle : single;
      int length = float32 ? ss.length : dd.length;
      int first = patch ? patchRow : starts == null || i >= starts.length ? offsets[i] : starts[i];
      // every row of the prompt, each norm summed in coordinate order (a view's rows give the
      // same norms as the contiguous copy's)
      for (int start = first * dim; start < (first + k) * dim && start < length; start += dim) {
        double s = 0;
        for (int p = start; p < start + dim && p < length; p++) {
          double v = valueAt(dd, ss, float32, p);
          s += v * v;
        }
        mn = Math.max(mn, Math.sqrt(s));
      }
    }
    this.maxK = mk;
    this.maxNorm = mn;
  }

  /**
   * Creates a block from row-major features and prompt offsets.
   *
   * @param data row-major features, {@code offsets[M] * d} values (copied)
   * @param offsets prompt offsets, length {@code M + 1}, {@code offsets[0] = 0}, each prompt with at
   *     least two rows (copied)
   * @param dim the feature dimension {@code d >= 1}
   * @param field the name of the input, used in error messages (e.g. {@code "features"})
   * @return the block
   * @throws IllegalArgumentException naming the field, index and value of the first bad input
   */
  public static Features of(double[] data, int[] offsets, int dim, String field) {
    return ofOwned(data.clone(), offsets.clone(), dim, field);
  }

  /**
   * Creates a block from row-major features and prompt offsets without copying them: the caller
   * hands the arrays over and must neither modify them nor let anyone else see them afterwards.
   * Checks as {@link #of}; for an array too large to hold twice (an export widened to double).
   *
   * @param data row-major features, {@code offsets[M] * d} values (taken over, not copied)
   * @param offsets prompt offsets, length {@code M + 1}, {@code offsets[0] = 0}, each prompt with at
   *     least two rows (taken over, not copied)
   * @param dim the feature dimension {@code d >= 1}
   * @param field the name of the input, used in error messages (e.g. {@code "features"})
   * @return the block
   * @throws IllegalArgumentException naming the field, index and value of the first bad input
   */
  public static Features ofOwned(double[] data, int[] offsets, int dim, String field) {
    FeatureShape.check(data.length, offsets, dim, field);
    for (int p = 0; p < data.length; p++) {
      if (!Double.isFinite(data[p])) {
        throw FeatureShape.notFinite(offsets, dim, p, data[p], field);
      }
    }
    return new Features(data, NO_FLOATS, false, offsets, dim);
  }

  /**
   * Creates a float32 block from row-major float32 features and prompt offsets: the block keeps
   * the float32 values (4 bytes each), and every computation widens them exactly to double.
   *
   * @param data row-major float32 features, {@code offsets[M] * d} values (copied)
   * @param offsets prompt offsets as in {@link #of} (copied)
   * @param dim the feature dimension {@code d >= 1}
   * @param field the name of the input, used in error messages
   * @return the block
   * @throws IllegalArgumentException naming the field, index and value of the first bad input
   */
  public static Features ofFloats(float[] data, int[] offsets, int dim, String field) {
    return ofOwnedFloats(data.clone(), offsets.clone(), dim, field);
  }

  /**
   * Creates a float32 block without copying its arrays (the caller hands them over and must
   * neither modify them nor let anyone else see them afterwards). Checks as {@link #of}.
   *
   * @param data row-major float32 features, {@code offsets[M] * d} values (taken over)
   * @param offsets prompt offsets as in {@link #of} (taken over)
   * @param dim the feature dimension {@code d >= 1}
   * @param field the name of the input, used in error messages
   * @return the block
   * @throws IllegalArgumentException naming the field, index and value of the first bad input
   */
  public static Features ofOwnedFloats(float[] data, int[] offsets, int dim, String field) {
    FeatureShape.check(data.length, offsets, dim, field);
    for (int p = 0; p < data.length; p++) {
      if (!Float.isFinite(data[p])) {
        throw FeatureShape.notFinite(offsets, dim, p, data[p], field);
      }
    }
    return new Features(NO_DOUBLES, data, true, offsets, dim);
  }

  /**
   * Creates a block of {@code m} prompts with the same number {@code k} of candidates each.
   *
   * @param data row-major features of shape {@code (m, k, d)} (copied)
   * @param m number of prompts
   * @param k candidates per prompt
   * @param dim feature dimension
   * @param field the name of the input, for error messages
   * @return the block
   */
  public static Features uniform(double[] data, int m, int k, int dim, String field) {
    if (m < 1) {
      throw new IllegalArgumentException(field + ": at least one prompt is required, got " + m);
    }
    int[] off = new int[m + 1];
    for (int i = 0; i <= m; i++) {
      off[i] = i * k;
    }
    return of(data, off, dim, field);
  }

  /**
   * Selects prompts by index (repeats allowed): the block of prompts {@code idx[0], idx[1], ...}.
   *
   * @param idx prompt indices into this block
   * @return a new block
   * @throws IllegalArgumentException naming the position of an index out of range
   */
  public Features select(int[] idx) {
    if (idx.length == 0) {
      throw new IllegalArgumentException("indices: a sample must not be empty");
    }
    if (patched >= 0) {
      return contiguous().select(idx); // a selection shares one storage
    }
    int[] off = new int[idx.length + 1];
    int[] at = new int[idx.length];
    int total = 0;
    for (int s = 0; s < idx.length; s++) {
      int i = idx[s];
      if (i < 0 || i >= size()) {
        throw new IllegalArgumentException(
            "indices[" + s + "] = " + i + " is outside the prompt list [0, " + size() + ")");
      }
      at[s] = storageRow(i);
      total += candidates(i);
      off[s + 1] = total;
    }
    return new Features(data, single, float32, off, dim, at);
  }

  /**
   * Returns this block with its rows contiguous: itself, or for a view ({@link #select}) its copy,
   * made once and kept: the same values in the same order (every sum is the same bits), read
   * sequentially, which is faster when a view is read many times.
   *
   * @return a contiguous block with the same prompts
   */
  public Features contiguous() {
    int[] at = starts;
    if (at == null) {
      return this;
    }
    Features c = compact;
    if (c != null) {
      return c;
    }
    int total = rows();
    int[] off = offsets.clone();
    if (float32) {
      float[] out = new float[total * dim];
      for (int s = 0; s < at.length && s + 1 < off.length; s++) {
        copy(storageFloats(s), storageRow(s) * dim, out, off[s] * dim, (off[s + 1] - off[s]) * dim);
      }
      c = new Features(NO_DOUBLES, out, true, off, dim);
    } else {
      double[] out = new double[total * dim];
      for (int s = 0; s < at.length && s + 1 < off.length; s++) {
        copy(storage(s), storageRow(s) * dim, out, off[s] * dim, (off[s + 1] - off[s]) * dim);
      }
      c = new Features(out, NO_FLOATS, false, off, dim);
    }
    compact = c;
    return c;
  }

  /**
   * Returns this block with prompt {@code i} replaced by the single prompt of {@code one}.
   *
   * <p>When both blocks store the same precision and this block is not itself a replacement, the
   * result is a view: it shares this block's storage for every other prompt and {@code one}'s for
   * prompt {@code i}, and costs {@code O(M)} ints instead of a copy of the features (the replace-one
   * samples of a stability experiment). Otherwise the result is a contiguous copy (float64 when the
   * precisions differ). Either way it holds the same values, so every kernel gives the same bits.
   *
   * @param i the position to replace, in {@code [0, M)}
   * @param one a block of exactly one prompt of the same dimension
   * @return the new block
   */
  public Features replace(int i, Features one) {
    if (one.size() != 1 || one.dim != dim || i < 0 || i >= size()) {
      throw new IllegalArgumentException(
          "replace: need one prompt of dimension " + dim + " and 0 <= i < " + size());
    }
    int k = one.candidates(0);
    int shift = k - candidates(i);
    int[] off = new int[offsets.length];
    for (int s = 0; s < offsets.length; s++) {
      off[s] = offsets[s] + (s > i ? shift : 0);
    }
    if (patched < 0 && float32 == one.float32) {
      int[] at = new int[offsets.length - 1];
      for (int s = 0; s < at.length; s++) {
        at[s] = s == i ? 0 : storageRow(s);
      }
      return new Features(data, single, float32, off, dim, at, i, one.storage(0),
          one.storageFloats(0), one.storageRow(0));
    }
    if (starts != null || one.starts != null) {
      return contiguous().replace(i, one.contiguous());
    }
    int before = rowOffset(i);
    int after = rows() - before - candidates(i);
    if (after < 0) {
      throw new IllegalStateException("offsets ascend to rows()");
    }
    if (float32 && one.float32) {
      float[] out = new float[(before + k + after) * dim];
      copy(single, 0, out, 0, before * dim);
      copy(one.single, 0, out, before * dim, k * dim);
      copy(single, (rows() - after) * dim, out, (before + k) * dim, after * dim);
      return new Features(NO_DOUBLES, out, true, off, dim);
    }
    double[] all = data();
    double[] out = new double[(before + k + after) * dim];
    copy(all, 0, out, 0, before * dim);
    copy(one.data(), 0, out, before * dim, k * dim);
    copy(all, (rows() - after) * dim, out, (before + k) * dim, after * dim);
    return new Features(out, NO_FLOATS, false, off, dim);
  }

  /**
   * {@link System#arraycopy} with its bounds checked in the open, where the Index Checker sees them.
   */
  private static void copy(double[] src, int from, double[] dst, int to, int len) {
    if (from < 0 || to < 0 || len < 0 || from + len > src.length || to + len > dst.length) {
      throw new IllegalStateException("a copy outside the feature arrays");
    }
    System.arraycopy(src, from, dst, to, len);
  }

  /** {@link #copy(double[], int, double[], int, int)} for float32 values. */
  private static void copy(float[] src, int from, float[] dst, int to, int len) {
    if (from < 0 || to < 0 || len < 0 || from + len > src.length || to + len > dst.length) {
      throw new IllegalStateException("a copy outside the feature arrays");
    }
    System.arraycopy(src, from, dst, to, len);
  }

  /** The value at flat position {@code p}, widened exactly for float32 storage. */
  private double value(int p) {
    return valueAt(data, single, float32, p);
  }

  /** The value at flat position {@code p} of the storage {@code (data, single)}. */
  private static double valueAt(double[] data, float[] single, boolean float32, int p) {
    if (float32) {
      if (p < 0 || p >= single.length) {
        throw new IndexOutOfBoundsException("value " + p + " of " + single.length);
      }
      return single[p];
    }
    if (p < 0 || p >= data.length) {
      throw new IndexOutOfBoundsException("value " + p + " of " + data.length);
    }
    return data[p];
  }

  /**
   * Whether the values are stored as float32.
   *
   * @return true for a float32 block
   */
  public boolean isFloat32() {
    return float32;
  }

  /**
   * Writes the rows of prompt {@code i}, widened to double (exact), into {@code out[0 .. K(i) d)}:
   * the per-prompt access of the kernels to a float32 block (for a float64 block, a copy).
   *
   * @param i the prompt
   * @param out output, length at least {@code K(i) d}
   * @throws IllegalArgumentException if {@code i} is not a prompt of this block
   * @throws IndexOutOfBoundsException if {@code out} is too short
   */
  public void widenRows(int i, double[] out) {
    int from = storageRow(i) * dim;
    int len = candidates(i) * dim;
    if (len > out.length) {
      throw new IndexOutOfBoundsException(
          "prompt " + i + " has " + len + " values; the output holds " + out.length);
    }
    if (!float32) {
      copy(storage(i), from, out, 0, len);
      return;
    }
    float[] src = storageFloats(i);
    if (from < 0 || from + len > src.length) {
      throw new IllegalStateException("a prompt's rows lie inside the storage");
    }
    for (int p = 0; p < len; p++) {
      out[p] = src[from + p];
    }
  }

  /**
   * Returns the number of prompts {@code M}.
   *
   * @return M
   */
  public @NonNegative int size() {
    return offsets.length - 1;
  }

  /**
   * Returns the feature dimension {@code d}.
   *
   * @return d
   */
  public @NonNegative int dim() {
    return dim;
  }

  /**
   * Returns the number of candidates of prompt {@code i}.
   *
   * @param i the prompt
   * @return {@code K(i)}
   */
  public @NonNegative int candidates(int i) {
    if (i < 0 || i >= offsets.length - 1) {
      throw new IllegalArgumentException("prompt " + i + " is outside [0, " + size() + ")");
    }
    int k = offsets[i + 1] - offsets[i];
    if (k < 2) {
      throw new IllegalStateException("prompt " + i + " has K = " + k + " < 2"); // of() rules it out
    }
    return k;
  }

  /**
   * Returns the first row of prompt {@code i} in {@link #data()} (multiply by {@code d} for the
   * array offset).
   *
   * @param i the prompt
   * @return the row offset
   */
  public @NonNegative int rowOffset(int i) {
    if (i < 0 || i >= offsets.length - 1) {
      throw new IllegalArgumentException("prompt " + i + " is outside [0, " + size() + ")");
    }
    int r = offsets[i];
    if (r < 0) {
      throw new IllegalStateException("offsets start at 0 and ascend"); // of() rules it out
    }
    return r;
  }

  /**
   * Returns the first row of prompt {@code i} in {@link #storage(int)}: {@link #rowOffset} for a
   * contiguous block; for a view ({@link #select}), the row of the prompt in the block it was
   * selected from; for the prompt a {@link #replace} view replaced, its row in the replacement's
   * storage.
   *
   * @param i the prompt
   * @return the storage row
   * @throws IllegalArgumentException if {@code i} is not a prompt of this block
   */
  public @NonNegative int storageRow(int i) {
    int[] at = starts;
    if (at == null) {
      return rowOffset(i);
    }
    if (i < 0 || i >= at.length) {
      throw new IllegalArgumentException("prompt " + i + " is outside [0, " + size() + ")");
    }
    int r = i == patched ? patchRow : at[i];
    if (r < 0) {
      throw new IllegalStateException("storage rows are non-negative"); // select() rules it out
    }
    return r;
  }

  /**
   * Returns the float64 storage holding the rows of prompt {@code i} at {@link #storageRow}
   * (shared; must not be modified): {@link #data()} for a contiguous block, the selected-from
   * block's storage for a view, and the replacement's storage for the prompt a {@link #replace}
   * view replaced. Empty for a float32 block (read it through {@link #widenRows}).
   *
   * @param i the prompt
   * @return the storage
   * @throws IllegalArgumentException if {@code i} is not a prompt of this block
   */
  public double[] storage(int i) {
    if (i < 0 || i >= size()) {
      throw new IllegalArgumentException("prompt " + i + " is outside [0, " + size() + ")");
    }
    return i == patched ? patchData : data;
  }

  /**
   * The rows of prompt {@code i} as doubles, read in place where the storage allows: for a float64
   * block the array {@link #storage(int)} itself (shared, not copied; must not be modified), for a
   * float32 block {@code scratch}, into which the rows are widened (exactly) from its start. Either
   * way candidate {@code a} starts at row {@code firstRow(i) + a} of the returned array. So a
   * float32 block is never widened as a whole ({@link #data()} does that, and keeps the copy).
   *
   * @param i the prompt
   * @param scratch for a float32 block, at least {@code K(i) d} long (e.g. {@link #rowScratch()});
   *     not touched for a float64 block
   * @return the array holding the prompt's rows as doubles
   * @throws IllegalArgumentException if {@code i} is not a prompt of this block
   * @throws IndexOutOfBoundsException if a float32 block's {@code scratch} is too short
   */
  public double[] promptRows(int i, double[] scratch) {
    if (!float32) {
      return storage(i);
    }
    widenRows(i, scratch);
    return scratch;
  }

  /**
   * The first row of prompt {@code i} in the array of {@link #promptRows(int, double[])}: {@link
   * #storageRow} for a float64 block, 0 for a float32 block.
   *
   * @param i the prompt
   * @return the first row
   * @throws IllegalArgumentException if {@code i} is not a prompt of this block
   */
  public @NonNegative int firstRow(int i) {
    int r = storageRow(i); // checks i
    return float32 ? 0 : r;
  }

  /**
   * A scratch array for {@link #promptRows(int, double[])} of any prompt of this block: {@code
   * max_i K(i) d} doubles for a float32 block, an empty array for a float64 block (which needs
   * none).
   *
   * @return the scratch array
   */
  public double[] rowScratch() {
    return float32 ? new double[Math.max(0, maxK * dim)] : NO_DOUBLES;
  }

  /** The float32 counterpart of {@link #storage(int)} (empty for a float64 block). */
  private float[] storageFloats(int i) {
    return i == patched ? patchSingle : single;
  }

  /**
   * Returns the largest number of candidates of any prompt.
   *
   * @return {@code max_i K(i)}
   */
  public int maxCandidates() {
    return maxK;
  }

  /**
   * Returns the largest Euclidean norm of any feature vector, {@code max ||phi(x, a)||}.
   *
   * @return the largest feature norm
   */
  public @NonNegativeReal double maxNorm() {
    return Reals.nonNegative(maxNorm, "max feature norm");
  }

  /**
   * Returns the total number of feature rows.
   *
   * @return {@code sum_i K(i)}
   */
  public @NonNegative int rows() {
    int r = offsets[offsets.length - 1];
    if (r < 0) {
      throw new IllegalStateException("offsets start at 0 and ascend"); // of() rules it out
    }
    return r;
  }

  /**
   * Returns the row-major values as doubles (shared, not copied; must not be modified): the
   * backing array of a float64 block; for a float32 block, the values widened (exactly) into an
   * array made on the first call and kept, which costs 8 bytes a value for the block's lifetime
   * (per-prompt access without it: {@link #widenRows}).
   *
   * @return the features
   */
  public double[] data() {
    if (starts != null) {
      return contiguous().data();
    }
    if (!float32) {
      return data;
    }
    double[] w = widened;
    if (w == null) {
      w = new double[single.length];
      for (int p = 0; p < w.length && p < single.length; p++) {
        w[p] = single[p];
      }
      widened = w;
    }
    return w;
  }

  /**
   * Returns a copy of the prompt offsets.
   *
   * @return the offsets, length {@code M + 1}
   */
  public int[] offsets() {
    return offsets.clone();
  }

  /**
   * Checks that every feature vector has norm at most {@code bound}.
   *
   * @param bound the declared feature bound B
   * @param field the name of the input, for the error message
   * @throws IllegalArgumentException naming the first prompt and candidate above the bound
   */
  public void requireNormAtMost(double bound, String field) {
    if (maxNorm <= bound) {
      return; // the largest of the same row norms (summed in the same order), found at construction
    }
    for (int i = 0; i < size(); i++) {
      for (int a = 0; a < candidates(i); a++) {
        int base = (storageRow(i) + a) * dim;
        double s = 0;
        for (int p = base; p < base + dim; p++) {
          double v = valueAt(storage(i), storageFloats(i), float32, p);
          s += v * v;
        }
        double norm = Math.sqrt(s);
        if (norm > bound) {
          throw new IllegalArgumentException(field + ": prompt " + i + ", candidate " + a
              + " has norm " + norm + " above the declared featureBound " + bound);
        }
      }
    }
  }

  /**
   * Two blocks are equal when they have the same dimension, offsets and values (compared as
   * doubles, as {@link Arrays#equals(double[], double[])}), whatever their storage.
   */
  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Features g) || dim != g.dim || !Arrays.equals(offsets, g.offsets)) {
      return false;
    }
    if (starts != null) {
      return contiguous().equals(g);
    }
    Features f = g.contiguous();
    if (float32 == f.float32) {
      return float32 ? Arrays.equals(single, f.single) : Arrays.equals(data, f.data);
    }
    return sameValues(f);
  }

  /** Whether every value of this block has the same double bits as {@code f}'s. */
  private boolean sameValues(Features f) {
    int n = rows() * dim;
    for (int p = 0; p < n; p++) {
      if (Double.doubleToLongBits(value(p)) != Double.doubleToLongBits(f.value(p))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    if (starts != null) {
      return contiguous().hashCode();
    }
    int h = 1;
    int n = rows() * dim;
    for (int p = 0; p < n; p++) {
      long bits = Double.doubleToLongBits(value(p));
      h = 31 * h + (int) (bits ^ (bits >>> 32));
    }
    return Objects.hash(dim, Arrays.hashCode(offsets), h);
  }
}
