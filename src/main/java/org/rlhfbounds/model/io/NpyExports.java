package org.rlhfbounds.model.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the binary layouts of {@link FeatureExports}: a {@code .npy} array of float32 or float64
 * ({@code (M, K, d)}, or {@code (rows, d)} with an int64 offsets array), and a {@code .npz}
 * archive of {@code features}, optionally {@code offsets} and {@code rewards}.
 *
 * <p>Memory: float32 data is kept as float32 and read straight into its final array (a Fortran
 * ordered file is scattered into C order while it is read), so the data is never copied whole
 * after the read.
 *
 * <p>Thread-safe: stateless.
 */
final class NpyExports {
  private NpyExports() {}

  private static final int BUFFER = 1 << 20;

  // ------------------------------------------------------------------------------------ .npy

  /**
   * Reads a {@code .npy} export.
   *
   * @param file the feature array
   * @param offsetsFile the prompt offsets ({@code .npy} of int64), or null
   * @return the export
   * @throws FormatException naming file, position and expectation when the input is invalid
   * @throws IOException if a file cannot be read
   */
  static FeatureExport readNpy(Path file, @Nullable Path offsetsFile) throws IOException {
    String name = file.toString();
    Values v;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      v = readFeatures(in, name, Files.size(file));
    }
    int[] offsets = grouping(v, name, offsetsFile == null ? null : readOffsetsFile(offsetsFile), offsetsFile);
    return new FeatureExport(name, v.f32, v.f64, v.rows, v.dim, offsets, null);
  }

  private static long[] readOffsetsFile(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      return readLongs(in, file.toString());
    } catch (IOException e) {
      throw Json.namingFile(e, file.toString());
    }
  }

  /** Turns the shape and the optional offsets into validated prompt offsets. */
  // Index: out has prompts + 1 (or offsets.length) entries, written at i < its length.
  @SuppressWarnings("index")
  private static int[] grouping(
      Values v, String name, long @Nullable [] offsets, @Nullable Object offsetsSource)
      throws FormatException {
    if (v.grouped) {
      if (offsets != null) {
        throw new FormatException(
            String.valueOf(offsetsSource),
            "",
            "the features " + name + " have shape (M, K, d), already grouped by prompt; offsets"
                + " apply to a (rows, d) array only");
      }
      int[] out = new int[v.prompts + 1];
      for (int i = 0; i <= v.prompts; i++) {
        out[i] = i * v.k;
      }
      return out;
    }
    if (offsets == null) {
      throw new FormatException(
          name,
          "shape",
          "a (rows, d) array needs prompt offsets (--offsets FILE.npy, or an 'offsets' array in the"
              + " .npz); expected shape (M, K, d) otherwise");
    }
    int[] out = new int[offsets.length];
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] < 0 || offsets[i] > v.rows) {
        throw new FormatException(
            String.valueOf(offsetsSource),
            "offsets[" + i + "]",
            offsets[i] + " is outside [0, " + v.rows + "] (the features have " + v.rows + " rows)");
      }
      out[i] = (int) offsets[i];
    }
    String bad = FeatureExports.offsetProblem(out, v.rows);
    if (bad != null) {
      throw new FormatException(String.valueOf(offsetsSource), "offsets", bad);
    }
    return out;
  }

  /** Feature values as read: float32 or float64, and their grouping by shape. */
  private static final class Values {
    float @Nullable [] f32;
    double @Nullable [] f64;
    int rows;
    int dim;
    boolean grouped;
    int prompts;
    int k;
  }

  // Index: count is a validated non-negative element count (NpyHeader).
  @SuppressWarnings("index")
  private static Values readFeatures(InputStream in, String name, long available)
      throws IOException {
    Npy.HeaderText ht = Npy.headerText(in, name);
    NpyHeader.Raw raw = NpyHeader.parseRaw(ht.text(), name);
    Npy.DType dt =
        floatType(raw, name, "; expected float32 or float64 ('<f4', '<f8', '>f4' or '>f8')");
    int[] shape = raw.shape();
    Values v = new Values();
    if (shape.length == 3) {
      v.grouped = true;
      v.prompts = shape[0];
      v.k = shape[1];
      v.rows = shape[0] * shape[1];
      v.dim = shape[2];
      if (v.prompts == 0 || v.dim == 0) {
        throw new FormatException(
            name, "shape", "empty: " + Npy.shapeString(shape) + " has no features; expected M >= 1 and d >= 1");
      }
      if (v.k < 2) {
        throw new FormatException(
            name,
            "shape",
            Npy.shapeString(shape) + " gives every prompt K = " + v.k + " candidates; expected K >= 2");
      }
    } else if (shape.length == 2) {
      v.rows = shape[0];
      v.dim = shape[1];
      if (v.rows == 0 || v.dim == 0) {
        throw new FormatException(
            name, "shape", "empty: " + Npy.shapeString(shape) + " has no features; expected rows >= 2 and d >= 1");
      }
    } else {
      throw new FormatException(
          name,
          "shape",
          Npy.shapeString(shape) + " has " + shape.length + " dimensions; expected (M, K, d) or (rows, d)");
    }
    long need = (long) raw.count() * dt.itemSize();
    if (available >= 0 && available - ht.dataStart() < need) {
      throw new FormatException(
          name,
          "data",
          "truncated: shape " + Npy.shapeString(shape) + " of '" + dt.descr() + "' needs " + need
              + " bytes after the header (offset " + ht.dataStart() + "), found "
              + Math.max(0, available - ht.dataStart()));
    }
    if (dt.itemSize() == 4) {
      v.f32 = new float[raw.count()];
    } else {
      v.f64 = new double[raw.count()];
    }
    readInto(in, name, raw, dt, ht.dataStart(), v.f32, v.f64, true);
    return v;
  }

  /**
   * The dtype of a float array: float32 or float64, either byte order.
   *
   * @param raw the parsed header
   * @param name the file (or entry) named in errors
   * @param expected the end of the message when the dtype is another one
   * @return the dtype
   * @throws FormatException if the dtype is not float32 or float64
   */
  private static Npy.DType floatType(NpyHeader.Raw raw, String name, String expected)
      throws FormatException {
    Npy.DType dt = Npy.DType.ofDescr(raw.descr());
    if (dt == null) {
      throw new FormatException(
          name, "descr", "dtype '" + raw.descr() + "' is not supported" + expected);
    }
    return dt;
  }

  /**
   * Reads {@code raw.count()} values into exactly one of {@code f32}, {@code f64} (C order),
   * checking finiteness when asked, then checks that the stream ends.
   */
  // Index: positions are below n <= BUFFER / size and off + n <= count = destination length.
  @SuppressWarnings("index")
  private static void readInto(
      InputStream in,
      String name,
      NpyHeader.Raw raw,
      Npy.DType dt,
      long dataStart,
      float @Nullable [] f32,
      double @Nullable [] f64,
      boolean requireFinite)
      throws IOException {
    int size = dt.itemSize();
    int count = raw.count();
    int[] shape = raw.shape();
    boolean fortran = raw.fortranOrder() && shape.length > 1;
    int chunk = BUFFER / size;
    byte[] buf = new byte[chunk * size];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(dt.order());
    int off = 0;
    while (off < count) {
      int n = Math.min(chunk, count - off);
      int got = in.readNBytes(buf, 0, n * size);
      if (got < n * size) {
        throw new FormatException(
            name,
            "data",
            "truncated: shape " + Npy.shapeString(shape) + " of '" + dt.descr() + "' needs "
                + ((long) count * size) + " bytes, found " + ((long) off * size + got));
      }
      // one pass for both widths: a float32 value widened to double is exact, and narrowed back
      // it is the same float32 again
      for (int i = 0; i < n; i++) {
        double x = size == Float.BYTES ? bb.getFloat(i * size) : bb.getDouble(i * size);
        if (requireFinite && !Double.isFinite(x)) {
          throw notFinite(name, raw, dataStart, size, off + i, x);
        }
        if (fortran) {
          int c = cIndex(shape, off + i);
          if (f32 != null) {
            f32[c] = (float) x;
          } else if (f64 != null) {
            f64[c] = x;
          }
        }
      }
      if (!fortran) {
        bb.clear();
        if (f32 != null) {
          bb.asFloatBuffer().get(f32, off, n);
        } else if (f64 != null) {
          bb.asDoubleBuffer().get(f64, off, n);
        }
      }
      off += n;
    }
    long extra = in.transferTo(java.io.OutputStream.nullOutputStream());
    if (extra > 0) {
      throw new FormatException(
          name,
          "data",
          extra + " trailing bytes at offset " + (dataStart + (long) count * size) + " after the "
              + ((long) count * size) + " bytes that shape " + Npy.shapeString(shape) + " of '"
              + dt.descr() + "' needs; expected the file to end there");
    }
  }

  /** The C-order index of the element at file position {@code e} of a Fortran-ordered array. */
  private static int cIndex(int[] shape, int e) {
    if (shape.length == 2) {
      int i = e % shape[0];
      int j = e / shape[0];
      return i * shape[1] + j;
    }
    if (shape.length < 3) {
      throw new IllegalStateException("a Fortran-ordered feature array has 2 or 3 dimensions");
    }
    int i = e % shape[0];
    int t = e / shape[0];
    int j = t % shape[1];
    int k = t / shape[1];
    return (i * shape[1] + j) * shape[2] + k;
  }

  private static FormatException notFinite(
      String name, NpyHeader.Raw raw, long dataStart, int size, int e, double x) {
    int[] shape = raw.shape();
    int c = raw.fortranOrder() && shape.length > 1 ? cIndex(shape, e) : e;
    int dims = shape.length;
    int last = dims > 0 ? shape[dims - 1] : 1;
    String where =
        shape.length == 1
            ? "element " + c
            : "row " + (c / last) + ", column " + (c % last);
    return new FormatException(
        name,
        "data",
        "value at byte offset " + (dataStart + (long) e * size) + " (" + where + ") is " + x
            + "; expected a finite number");
  }

  private static long[] readLongs(InputStream in, String name) throws IOException {
    Npy.HeaderText ht = Npy.headerText(in, name);
    NpyHeader.Raw raw = NpyHeader.parseRaw(ht.text(), name);
    ByteOrder order;
    if (raw.descr().equals("<i8")) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (raw.descr().equals(">i8")) {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new FormatException(
          name,
          "descr",
          "dtype '" + raw.descr() + "' is not supported for offsets; expected int64 ('<i8' or '>i8')");
    }
    if (raw.shape().length != 1) {
      throw new FormatException(
          name,
          "shape",
          Npy.shapeString(raw.shape()) + " is not one-dimensional; expected offsets of shape (M + 1,)");
    }
    int count = raw.count();
    if (count < 0) {
      throw new FormatException(name, "shape", "element count " + count + " is negative");
    }
    byte[] b = in.readNBytes((int) Math.min((long) count * 8, Integer.MAX_VALUE - 8));
    if (b.length < (long) count * 8) {
      throw new FormatException(
          name,
          "data",
          "truncated: shape " + Npy.shapeString(raw.shape()) + " of '" + raw.descr() + "' needs "
              + ((long) count * 8) + " bytes, found " + b.length);
    }
    long extra = in.transferTo(java.io.OutputStream.nullOutputStream());
    if (extra > 0) {
      throw new FormatException(
          name,
          "data",
          extra + " trailing bytes at offset " + (ht.dataStart() + (long) count * 8)
              + "; expected the file to end after " + count + " int64 values");
    }
    long[] out = new long[count];
    ByteBuffer.wrap(b).order(order).asLongBuffer().get(out);
    return out;
  }

  private static double[] readRewards(InputStream in, String name, int rows) throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows: must be >= 0, got " + rows);
    }
    Npy.HeaderText ht = Npy.headerText(in, name);
    NpyHeader.Raw raw = NpyHeader.parseRaw(ht.text(), name);
    Npy.DType dt = floatType(raw, name, " for rewards; expected float32 or float64");
    if (raw.shape().length != 1 || raw.shape()[0] != rows) {
      throw new FormatException(
          name,
          "shape",
          Npy.shapeString(raw.shape()) + " does not give one reward per row; expected (" + rows + ",)");
    }
    double[] out = new double[rows];
    if (dt.itemSize() == 4) {
      float[] f = new float[rows];
      readInto(in, name, raw, dt, ht.dataStart(), f, null, true);
      for (int i = 0; i < rows; i++) {
        out[i] = f[i];
      }
    } else {
      readInto(in, name, raw, dt, ht.dataStart(), null, out, true);
    }
    return out;
  }


  // ------------------------------------------------------------------------------------ .npz

  /**
   * Reads a {@code .npz} export.
   *
   * @param file the archive
   * @param offsetsFile the prompt offsets ({@code .npy} of int64), or null (then from the archive)
   * @return the export
   * @throws FormatException naming file, entry, position and expectation when the input is invalid
   * @throws IOException if a file cannot be read
   */
  static FeatureExport readNpz(Path file, @Nullable Path offsetsFile) throws IOException {
    String name = file.toString();
    if (Files.size(file) == 0) {
      throw new FormatException(name, "", "empty file; expected a .npz (zip) archive");
    }
    Map<String, ZipEntry> entries = new HashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        String key = e.getName();
        if (!key.equals("features.npy") && !key.equals("offsets.npy") && !key.equals("rewards.npy")) {
          throw new FormatException(
              name,
              key,
              "unknown array; expected 'features' and optionally 'offsets' and 'rewards'");
        }
        entries.put(key, e);
      }
      ZipEntry fe = entries.get("features.npy");
      if (fe == null) {
        throw new FormatException(name, "features", "missing; the archive has " + entries.keySet());
      }
      Values v;
      try (InputStream in = new BufferedInputStream(entry(zip, fe, name), BUFFER)) {
        v = readFeatures(in, name + ":features.npy", fe.getSize());
      }
      ZipEntry oe = entries.get("offsets.npy");
      long[] offs = null;
      Object offSource = null;
      if (oe != null) {
        if (offsetsFile != null) {
          throw new FormatException(
              offsetsFile.toString(), "", "offsets given twice: " + name + " holds 'offsets' already");
        }
        offSource = name + ":offsets.npy";
        try (InputStream in = new BufferedInputStream(entry(zip, oe, name), BUFFER)) {
          offs = readLongs(in, name + ":offsets.npy");
        }
      } else if (offsetsFile != null) {
        offSource = offsetsFile;
        offs = readOffsetsFile(offsetsFile);
      }
      int[] offsets = grouping(v, name + ":features.npy", offs, offSource);
      double[] rewards = null;
      ZipEntry re = entries.get("rewards.npy");
      if (re != null) {
        try (InputStream in = new BufferedInputStream(entry(zip, re, name), BUFFER)) {
          rewards = readRewards(in, name + ":rewards.npy", v.rows);
        }
      }
      return new FeatureExport(name, v.f32, v.f64, v.rows, v.dim, offsets, rewards);
    } catch (ZipException e) {
      throw new FormatException(
          name, "", "not a valid .npz (zip) archive: " + e.getMessage() + "; expected numpy.savez output");
    }
  }

  private static InputStream entry(ZipFile zip, ZipEntry e, String name) throws IOException {
    InputStream in = zip.getInputStream(e);
    if (in == null) {
      throw new FormatException(name, e.getName(), "entry vanished while reading the archive");
    }
    return in;
  }
}
