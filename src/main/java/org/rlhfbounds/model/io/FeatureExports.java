package org.rlhfbounds.model.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads feature exports ({@link FeatureExport}) in the layouts researchers write, chosen by the
 * file's extension:
 *
 * <ul>
 *   <li>{@code .npy}: float32 or float64 ({@code '<f4' '<f8' '>f4' '>f8'}), C or Fortran order,
 *       shape {@code (M, K, d)}, or {@code (rows, d)} together with an offsets file: a {@code .npy}
 *       of int64 ({@code '<i8'} or {@code '>i8'}) of shape {@code (M + 1,)}, {@code offsets[0] =
 *       0}, consecutive offsets differing by at least 2, the last equal to {@code rows};
 *   <li>{@code .npz} (a zip of {@code .npy} entries, stored or deflated, as {@code numpy.savez} and
 *       {@code numpy.savez_compressed} write): {@code features} (either shape above), optionally
 *       {@code offsets} and {@code rewards} (float, shape {@code (rows,)});
 *   <li>{@code .csv} (RFC 4180, UTF-8, parsed by Apache Commons CSV): a header with {@code
 *       prompt_id}, {@code response_id}, optionally {@code reward}, and at least one feature column
 *       (every other column, in header order); the rows of one prompt need not be adjacent (prompts
 *       keep the order of their first row, candidates their file order).
 * </ul>
 *
 * <p>Validation is strict; every rejection is a {@link FormatException} whose one-line message
 * names the file (for {@code .npz}, the entry), the byte offset or line, and what was expected:
 * truncated or corrupt headers, unsupported dtypes, ragged CSV rows, non-numeric cells, NaN or
 * infinite values, offsets that do not match the rows, duplicated {@code (prompt_id,
 * response_id)} pairs, prompts with fewer than two candidates, empty files.
 *
 * <p>Memory: float32 data is kept as float32 and read straight into its final array (a Fortran
 * ordered file is scattered into C order while it is read), so the data is never copied whole
 * after the read. A CSV file is parsed to float64 and regrouped by prompt (one copy).
 *
 * <p>Thread-safe: stateless.
 */
public final class FeatureExports {
  private FeatureExports() {}

  private static final int BUFFER = 1 << 20;

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * Reads an export, choosing the layout by the extension of {@code features} ({@code .npy},
   * {@code .npz} or {@code .csv}, case-insensitive).
   *
   * @param features the feature file
   * @param offsets the prompt offsets ({@code .npy} of int64), or null; only with a {@code (rows,
   *     d)} array
   * @return the export
   * @throws FormatException naming file, position and expectation when the input is invalid
   * @throws IOException if a file cannot be read
   */
  public static FeatureExport read(Path features, @Nullable Path offsets) throws IOException {
    String name = features.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".npy")) {
        return readNpy(features, offsets);
      } else if (lower.endsWith(".npz")) {
        return readNpz(features, offsets);
      } else if (lower.endsWith(".csv")) {
        if (offsets != null) {
          throw new FormatException(
              offsets.toString(), "", "offsets apply to a (rows, d) .npy or .npz export, not to CSV");
        }
        return readCsv(features);
      }
    } catch (IOException e) {
      throw Json.namingFile(e, name);
    }
    throw new FormatException(
        name, "", "unknown extension; expected a .npy, .npz or .csv feature export");
  }

  // ------------------------------------------------------------------------------------ .npy

  private static FeatureExport readNpy(Path file, @Nullable Path offsetsFile) throws IOException {
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
    String bad = offsetProblem(out, v.rows);
    if (bad != null) {
      throw new FormatException(String.valueOf(offsetsSource), "offsets", bad);
    }
    return out;
  }

  /**
   * Describes what is wrong with prompt offsets, or returns null when they are valid: at least
   * two entries, the first 0, the last {@code rows}, consecutive entries differing by at least 2.
   *
   * @param offsets the offsets
   * @param rows the number of rows
   * @return the problem, or null
   */
  static @Nullable String offsetProblem(int[] offsets, int rows) {
    if (offsets.length < 2) {
      return "expected M + 1 >= 2 offsets, got " + offsets.length;
    }
    if (offsets[0] != 0) {
      return "offsets[0] = " + offsets[0] + "; expected 0";
    }
    for (int i = 0; i + 1 < offsets.length; i++) {
      if (offsets[i + 1] - offsets[i] < 2) {
        return "prompt "
            + i
            + " has K = offsets["
            + (i + 1)
            + "] - offsets["
            + i
            + "] = "
            + (offsets[i + 1] - offsets[i])
            + " candidates; expected K >= 2 (increasing offsets, at least 2 apart)";
      }
    }
    if (offsets[offsets.length - 1] != rows) {
      return "the last offset is "
          + offsets[offsets.length - 1]
          + "; expected the number of feature rows, "
          + rows;
    }
    return null;
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
    Npy.DType dt = Npy.DType.ofDescr(raw.descr());
    if (dt == null) {
      throw new FormatException(
          name,
          "descr",
          "dtype '" + raw.descr() + "' is not supported; expected float32 or float64 ('<f4',"
              + " '<f8', '>f4' or '>f8')");
    }
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
    float[] tf = f32 != null && fortran ? new float[chunk] : new float[0];
    double[] td = f64 != null && fortran ? new double[chunk] : new double[0];
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
      bb.clear();
      if (f32 != null) {
        float[] dst = fortran ? tf : f32;
        int base = fortran ? 0 : off;
        bb.asFloatBuffer().get(dst, base, n);
        for (int i = 0; i < n; i++) {
          float x = dst[base + i];
          if (requireFinite && !Float.isFinite(x)) {
            throw notFinite(name, raw, dataStart, size, off + i, x);
          }
          if (fortran) {
            f32[cIndex(shape, off + i)] = x;
          }
        }
      } else if (f64 != null) {
        double[] dst = fortran ? td : f64;
        int base = fortran ? 0 : off;
        bb.asDoubleBuffer().get(dst, base, n);
        for (int i = 0; i < n; i++) {
          double x = dst[base + i];
          if (requireFinite && !Double.isFinite(x)) {
            throw notFinite(name, raw, dataStart, size, off + i, x);
          }
          if (fortran) {
            f64[cIndex(shape, off + i)] = x;
          }
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
    Npy.DType dt = Npy.DType.ofDescr(raw.descr());
    if (dt == null) {
      throw new FormatException(
          name,
          "descr",
          "dtype '" + raw.descr() + "' is not supported for rewards; expected float32 or float64");
    }
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

  private static FeatureExport readNpz(Path file, @Nullable Path offsetsFile) throws IOException {
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

  // ------------------------------------------------------------------------------------ .csv

  // Index: rows i < n, columns j < d and groups g <= groups.size() index arrays sized by them.
  @SuppressWarnings("index")
  private static FeatureExport readCsv(Path file) throws IOException {
    String name = file.toString();
    List<CSVRecord> records = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180)) {
      for (CSVRecord rec : p) {
        records.add(rec);
      }
    } catch (UncheckedIOException e) {
      throw new FormatException(name, "", "malformed CSV: " + e.getCause().getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new FormatException(name, "", "malformed CSV: " + e.getMessage());
    }
    if (records.isEmpty()) {
      throw new FormatException(
          name, "line 1", "empty file; expected a header with prompt_id, response_id and feature columns");
    }
    CSVRecord head = records.get(0);
    int width = head.size();
    int promptCol = -1;
    int responseCol = -1;
    int rewardCol = -1;
    List<Integer> featureCols = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int c = 0; c < width; c++) {
      String h = head.get(c).strip();
      Integer before = seen.put(h, c);
      if (before != null) {
        throw new FormatException(
            name, "line 1", "column '" + h + "' appears twice (columns " + (before + 1) + " and " + (c + 1) + ")");
      }
      if (h.equals("prompt_id")) {
        promptCol = c;
      } else if (h.equals("response_id")) {
        responseCol = c;
      } else if (h.equals("reward")) {
        rewardCol = c;
      } else {
        featureCols.add(c);
      }
    }
    if (promptCol < 0 || responseCol < 0) {
      throw new FormatException(
          name,
          "line 1",
          "header " + head.toList() + " lacks " + (promptCol < 0 ? "prompt_id" : "response_id")
              + "; expected prompt_id, response_id, feature columns and optionally reward");
    }
    if (featureCols.isEmpty()) {
      throw new FormatException(name, "line 1", "header " + head.toList() + " has no feature column");
    }
    int d = featureCols.size();
    int n = records.size() - 1;
    if (n == 0) {
      throw new FormatException(name, "line 2", "no data rows; expected at least two responses of one prompt");
    }
    double[] vals = new double[n * d];
    double[] rew = rewardCol >= 0 ? new double[n] : new double[0];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    Map<String, Long> pairs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      CSVRecord rec = records.get(i + 1);
      long line = rec.getRecordNumber();
      if (rec.size() != width) {
        throw new FormatException(
            name,
            "line " + line,
            rec.size() + " fields; expected " + width + " as in the header (ragged row)");
      }
      String pid = rec.get(promptCol);
      String rid = rec.get(responseCol);
      String key = pid + "\u0000" + rid;
      Long dup = pairs.put(key, line);
      if (dup != null) {
        throw new FormatException(
            name,
            "line " + line,
            "(prompt_id, response_id) = ('" + pid + "', '" + rid + "') repeats line " + dup
                + "; expected each pair once");
      }
      for (int j = 0; j < d; j++) {
        int c = featureCols.get(j);
        vals[i * d + j] = cell(name, line, head.get(c).strip(), rec.get(c));
      }
      if (rewardCol >= 0) {
        rew[i] = cell(name, line, "reward", rec.get(rewardCol));
      }
      groups.computeIfAbsent(pid, k -> new ArrayList<>()).add(i);
    }
    int[] offsets = new int[groups.size() + 1];
    double[] out = new double[n * d];
    double[] outRew = rewardCol >= 0 ? new double[n] : null;
    int row = 0;
    int g = 0;
    for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
      List<Integer> members = e.getValue();
      if (members.size() < 2) {
        throw new FormatException(
            name,
            "line " + records.get(members.get(0) + 1).getRecordNumber(),
            "prompt_id '" + e.getKey() + "' has " + members.size()
                + " response; expected at least 2 per prompt");
      }
      offsets[g++] = row;
      for (int src : members) {
        System.arraycopy(vals, src * d, out, row * d, d);
        if (outRew != null) {
          outRew[row] = rew[src];
        }
        row++;
      }
    }
    offsets[g] = row;
    return new FeatureExport(name, null, out, n, d, offsets, outRew);
  }

  private static double cell(String name, long line, String column, String text)
      throws FormatException {
    String t = text.strip();
    if (!NUMBER.matcher(t).matches()) {
      String l = t.toLowerCase(Locale.ROOT);
      boolean nonFinite = l.contains("nan") || l.contains("inf");
      throw new FormatException(
          name,
          "line " + line + ", column '" + column + "'",
          "'" + FormatException.oneLine(text) + "' is "
              + (nonFinite ? "not finite" : "not a number") + "; expected a finite decimal number");
    }
    double v = Double.parseDouble(t);
    if (!Double.isFinite(v)) {
      throw new FormatException(
          name,
          "line " + line + ", column '" + column + "'",
          "'" + t + "' overflows a double; expected a finite number");
    }
    return v;
  }
}
