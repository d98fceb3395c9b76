package org.rlhfbounds.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.rlhfbounds.audit.ChunkSummary;
import org.rlhfbounds.audit.Summaries;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Npy;

/**
 * A {@code .npy} feature export of shape {@code (M, K, d)} cut into the ranges of the local audit
 * and read by byte ranges: the prompts are cut into the consecutive ranges of {@link
 * Summaries#chunkPrompts(int, int)} (the ranges {@code rlhf-bounds audit} summarises), and a
 * partition is a run of consecutive whole ranges, so partition boundaries are range boundaries: as
 * many ranges as fit in {@code partitionBytes}, counting for each range the larger of its data and
 * its summary ({@code 8 d^2 + 8 n K + 8 n} bytes for {@code n} prompts), at least one.
 * Range {@code c} holds prompts {@code c * size .. min(M, (c + 1) * size) - 1}, whose values are
 * the {@code n K d} elements from byte {@code dataStart + c size K d itemSize} (C order).
 *
 * <p>A worker summarises a range with the library's own {@link Summaries#range}: it reads the
 * range's bytes, widens them exactly to double (as the local reader's {@code copyRows} does), and
 * summarises the range as an export of its own; the summary depends on the range's values only, so
 * it has the bits of the local audit's summary of the same range.
 *
 * <p>Files are opened through Hadoop's {@link FileSystem}, so {@code hdfs://}, {@code s3a://} and
 * local paths work (a local path must then be readable on every worker). Supported: float32 or
 * float64 in either byte order, C order, shape {@code (M, K, d)} with {@code K >= 2}; the header is
 * validated by {@link Npy#layout}, the file size against the shape, and every value must be
 * finite, each rejection naming the file, the field or byte offset and the value.
 *
 * <p>Thread-safe: immutable.
 */
final class NpyRanges implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final Npy.DType dtype;
  private final long dataStart;
  private final int prompts;
  private final int candidates;
  private final int dim;
  private final int chunkPrompts;
  private final int chunksPerPartition;

  private NpyRanges(
      String source, Npy.DType dtype, long dataStart, int prompts, int candidates, int dim,
      long partitionBytes) {
    this.source = source;
    this.dtype = dtype;
    this.dataStart = dataStart;
    this.prompts = prompts;
    this.candidates = candidates;
    this.dim = dim;
    this.chunkPrompts = Summaries.chunkPrompts(candidates, dim);
    long chunkBytes = (long) chunkPrompts * candidates * dim * dtype.itemSize();
    // a range's summary: the d x d sum, a norm per row, a rank and a count per prompt
    long summaryBytes =
        8L * dim * dim + 8L * chunkPrompts * candidates + 8L * chunkPrompts;
    this.chunksPerPartition =
        (int)
            Math.max(
                1,
                Math.min(
                    Integer.MAX_VALUE, partitionBytes / Math.max(chunkBytes, summaryBytes)));
  }

  /**
   * Reads and checks the header of an export and plans its partitions.
   *
   * @param source the file, as the user named it (the name in the audit and in messages)
   * @param conf the Hadoop configuration that resolves its file system
   * @param partitionBytes the largest amount of feature data per partition (at least one range
   *     per partition whatever the value)
   * @return the plan
   * @throws FormatException if the file is not a supported {@code (M, K, d)} export
   * @throws IOException if it cannot be read
   */
  static NpyRanges open(String source, Configuration conf, long partitionBytes)
      throws IOException {
    if (!source.toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
      throw new FormatException(
          source, "", "expected a .npy feature export of shape (M, K, d); the Spark audit reads"
              + " no other layout yet (use rlhf-bounds audit for .npz and .csv)");
    }
    Path path = new Path(source);
    FileSystem fs = path.getFileSystem(conf);
    long size = fs.getFileStatus(path).getLen();
    Npy.Layout layout;
    try (InputStream in = fs.open(path)) {
      layout = Npy.layout(in, source);
    }
    int[] shape = layout.shape();
    if (shape.length != 3) {
      throw new FormatException(
          source, "shape", "shape " + shapeString(shape) + " has " + shape.length
              + " dimensions; the Spark audit reads (M, K, d) (a (rows, d) array with offsets:"
              + " use rlhf-bounds audit)");
    }
    if (shape[0] < 1 || shape[2] < 1) {
      throw new FormatException(
          source, "shape", "empty: " + shapeString(shape) + " has no features; expected M >= 1"
              + " and d >= 1");
    }
    if (shape[1] < 2) {
      throw new FormatException(
          source, "shape", shapeString(shape) + " gives every prompt K = " + shape[1]
              + " candidates; expected K >= 2");
    }
    long need = (long) shape[0] * shape[1] * shape[2] * layout.dtype().itemSize();
    long have = size - layout.dataStart();
    if (have != need) {
      throw new FormatException(
          source, "data", (have < need ? "truncated: " : (have - need) + " trailing bytes: ")
              + "shape " + shapeString(shape) + " of '" + layout.dtype().descr() + "' needs "
              + need + " bytes after the header (offset " + layout.dataStart() + "), found "
              + Math.max(0, have));
    }
    return new NpyRanges(
        source, layout.dtype(), layout.dataStart(), shape[0], shape[1], shape[2], partitionBytes);
  }

  private static String shapeString(int[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return b.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** The file, as the user named it. */
  String source() {
    return source;
  }

  /** M. */
  int prompts() {
    return prompts;
  }

  /** d. */
  int dim() {
    return dim;
  }

  /** Whether the file stores float32. */
  boolean float32() {
    return dtype.itemSize() == Float.BYTES;
  }

  /** The number of ranges of the local audit. */
  int chunks() {
    return (int) (((long) prompts + chunkPrompts - 1) / chunkPrompts);
  }

  /** The number of partitions. */
  int partitions() {
    return (chunks() + chunksPerPartition - 1) / chunksPerPartition;
  }

  /** The first range of partition {@code p} ({@code p = partitions()} gives {@code chunks()}). */
  int firstChunk(int p) {
    return (int) Math.min(chunks(), (long) p * chunksPerPartition);
  }

  /** The first prompt of range {@code c} ({@code c = chunks()} gives M). */
  int firstPrompt(int c) {
    return (int) Math.min(prompts, (long) c * chunkPrompts);
  }

  /**
   * Summarises the ranges of partition {@code p}, in range order (run on a worker).
   *
   * @param p the partition
   * @param conf the Hadoop configuration
   * @return one summary per range
   * @throws IOException if the file cannot be read or holds a value that is not finite
   */
  List<ChunkSummary> summarise(int p, Configuration conf) throws IOException {
    Path path = new Path(source);
    List<ChunkSummary> out = new ArrayList<>();
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      for (int c = firstChunk(p); c < firstChunk(p + 1); c++) {
        out.add(summariseChunk(in, c));
      }
    }
    return out;
  }

  private ChunkSummary summariseChunk(FSDataInputStream in, int c) throws IOException {
    int from = firstPrompt(c);
    int n = firstPrompt(c + 1) - from;
    int rowValues = candidates * dim;
    int count = n * rowValues;
    int size = dtype.itemSize();
    long start = dataStart + (long) from * rowValues * size;
    byte[] bytes = new byte[count * size];
    in.readFully(start, bytes, 0, bytes.length);
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(dtype.order());
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      double x = size == Float.BYTES ? bb.getFloat(i * size) : bb.getDouble(i * size);
      if (!Double.isFinite(x)) {
        long row = (long) from * candidates + i / dim;
        throw new FormatException(
            source, "data", "value at byte offset " + (start + (long) i * size) + " (row " + row
                + ", column " + (i % dim) + ") is " + x + "; expected a finite number");
      }
      values[i] = x;
    }
    int[] offsets = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      offsets[i] = i * candidates;
    }
    FeatureExport range = FeatureExport.of(source, values, dim, offsets, null);
    return Summaries.range(range, 0, n);
  }
}
