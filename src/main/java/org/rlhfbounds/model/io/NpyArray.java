package org.rlhfbounds.model.io;

import java.util.Arrays;
import java.util.Objects;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A real array read from a {@code .npy} file: its shape, its values in C (row-major) order widened
 * to {@code double}, and the dtype it was stored with.
 *
 * <p>Values are stored exactly as read: a {@code float32} file keeps its float32 values ({@link
 * #floats()}, 4 bytes each) and {@link #data()} widens them exactly on its first call (kept
 * afterwards); NaN or infinities are kept (the consumer decides whether they are acceptable).
 *
 * <p>Thread-safe: immutable, except that {@link #data()} exposes the backing array without copying
 * (for large feature blocks); callers must not modify it.
 */
public final class NpyArray {
  private final int[] shape;
  private final double[] data;
  private final float @Nullable [] single;
  private volatile double @Nullable [] widened;
  private final Npy.DType dtype;

  NpyArray(int[] shape, double[] data, Npy.DType dtype) {
    this.shape = shape;
    this.data = data;
    this.single = null;
    this.dtype = dtype;
  }

  /** An array of float32 values, kept as float32 ({@link #data()} widens them on demand). */
  NpyArray(int[] shape, float[] single, Npy.DType dtype) {
    this.shape = shape;
    this.data = new double[0];
    this.single = single;
    this.dtype = dtype;
  }

  /**
   * Creates an array from row-major values and a shape.
   *
   * @param data the values in C order (copied)
   * @param dtype the dtype to record
   * @param shape the shape; the product of its entries must equal {@code data.length}
   * @return the array
   * @throws IllegalArgumentException if a dimension is negative or the sizes disagree
   */
  public static NpyArray of(double[] data, Npy.DType dtype, int... shape) {
    long count = Npy.elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Npy.shapeString(shape)
              + " holds "
              + count
              + " values, but "
              + data.length
              + " were given");
    }
    return new NpyArray(shape.clone(), data.clone(), dtype);
  }

  /**
   * Returns a copy of the shape.
   *
   * @return the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of dimensions.
   *
   * @return {@code shape().length}
   */
  public int ndim() {
    return shape.length;
  }

  /**
   * Returns the values in C order (shared, not copied; must not be modified).
   *
   * @return the values
   */
  public double[] data() {
    float[] f = single;
    if (f == null) {
      return data;
    }
    double[] w = widened;
    if (w == null) {
      w = new double[f.length];
      for (int p = 0; p < w.length && p < f.length; p++) {
        w[p] = f[p];
      }
      widened = w;
    }
    return w;
  }

  /**
   * Returns the float32 values in C order of an array read from a float32 file (shared, not
   * copied; must not be modified), or null for float64 values.
   *
   * @return the float32 values, or null
   */
  public float @Nullable [] floats() {
    return single;
  }

  /**
   * Returns the dtype the values were stored with.
   *
   * @return the dtype
   */
  public Npy.DType dtype() {
    return dtype;
  }

  /**
   * Returns the shape as Python prints it, e.g. {@code (200, 6, 10)} or {@code (5,)}.
   *
   * @return the shape string
   */
  public String shapeString() {
    return Npy.shapeString(shape);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof NpyArray a)) {
      return false;
    }
    return dtype == a.dtype && Arrays.equals(shape, a.shape) && Arrays.equals(data(), a.data());
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data()));
  }

  @Override
  public String toString() {
    return "NpyArray" + shapeString() + " " + dtype.descr();
  }
}
