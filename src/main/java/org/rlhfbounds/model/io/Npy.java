package org.rlhfbounds.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.checkerframework.checker.index.qual.Positive;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.common.value.qual.ArrayLen;
import org.rlhfbounds.contracts.Indices;

/**
 * Reads and writes NumPy {@code .npy} files of real arrays (format versions 1.0, 2.0 and 3.0 of
 * the NumPy format specification, {@code numpy.lib.format}).
 *
 * <p>File layout: the magic string {@code \x93NUMPY}, a major and a minor version byte, the header
 * length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python
 * dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (200, 6, 10), }} (Latin-1
 * in 1.0 and 2.0, UTF-8 in 3.0) padded with spaces and ending in a newline, then the raw values.
 *
 * <p>Supported: dtypes {@code '<f8'}, {@code '<f4'}, {@code '>f8'}, {@code '>f4'} (float64 and
 * float32, either byte order; float32 widens exactly), C order, any shape with at most {@code
 * 2^31 - 9} elements (the largest Java array). Rejected, with an error naming the file, the header
 * field and the value: a missing magic string, other versions, a header that is not such a dict
 * literal, missing or unknown keys, other dtypes (integers, complex, structured, ...), {@code
 * 'fortran_order': True}, negative or oversized shapes, data shorter than the shape needs
 * (truncated file) and trailing bytes after it. The reader does not require the header padding
 * that NumPy writes (64-byte alignment; 16 bytes in old files).
 *
 * <p>The writer emits version 1.0 (2.0 when the header would exceed 65535 bytes) with NumPy's
 * 64-byte alignment, so {@code numpy.load} reads the file and memory-maps it aligned. It accepts
 * NaN and infinities (the format does); writing float32 rejects finite values that overflow it.
 *
 * <p>Thread-safe: stateless.
 */
public final class Npy {
  private Npy() {}

  /** The magic string that opens every {@code .npy} file. */
  private static final byte @ArrayLen(6) [] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy's header alignment: data starts at a multiple of 64 bytes. */
  private static final int ALIGN = 64;

  /** The largest header the reader accepts (NumPy itself refuses more than 10000 by default). */
  private static final int MAX_HEADER = 1 << 20;

  /** The largest number of elements of a Java array on common JVMs. */
  static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  /** The supported element types. */
  public enum DType {
    /** Little-endian IEEE 754 binary64, {@code '<f8'} (NumPy's float64 on x86 and ARM). */
    F8_LE("<f8", 8, ByteOrder.LITTLE_ENDIAN),
    /** Little-endian IEEE 754 binary32, {@code '<f4'}. */
    F4_LE("<f4", 4, ByteOrder.LITTLE_ENDIAN),
    /** Big-endian binary64, {@code '>f8'}. */
    F8_BE(">f8", 8, ByteOrder.BIG_ENDIAN),
    /** Big-endian binary32, {@code '>f4'}. */
    F4_BE(">f4", 4, ByteOrder.BIG_ENDIAN);

    private final String descr;
    private final @Positive int size;
    private final ByteOrder order;

    DType(String descr, @Positive int size, ByteOrder order) {
      this.descr = descr;
      this.size = size;
      this.order = order;
    }

    /**
     * Returns the NumPy type string, e.g. {@code '<f8'}.
     *
     * @return the descr
     */
    public String descr() {
      return descr;
    }

    /**
     * Returns the size of one element in bytes.
     *
     * @return 8 or 4
     */
    public @Positive int itemSize() {
      return size;
    }

    /**
     * Returns the byte order.
     *
     * @return the order
     */
    public ByteOrder order() {
      return order;
    }

    /**
     * Returns the dtype of a NumPy type string, or null if it is not supported.
     *
     * @param descr the type string
     * @return the dtype or null
     */
    public static @Nullable DType ofDescr(String descr) {
      for (DType t : values()) {
        if (t.descr.equals(descr)) {
          return t;
        }
      }
      return null;
    }
  }

  // ------------------------------------------------------------------------------------ reading

  /**
   * Reads a {@code .npy} file.
   *
   * @param file the file
   * @return the array
   * @throws FormatException naming the file, header field and value when the file is not a
   *     supported {@code .npy} file
   * @throws IOException if the file cannot be read
   */
  public static NpyArray read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      // The header through an unbuffered stream on the channel (three small reads that leave the
      // channel at the first data byte), the data straight from the channel into a direct buffer:
      // one copy fewer than a stream's byte array, which made a 164 MB read take 0.33 s in a fresh
      // JVM instead of about 0.06 s (README, "Performance"). The file's size bounds what a header
      // may make us allocate up front.
      String name = file.toString();
      NpyHeader h = NpyHeader.parse(headerText(Channels.newInputStream(ch), name).text(), name);
      return array(h, readData(ch::read, name, h, ch.size()));
    } catch (IOException e) {
      throw Json.namingFile(e, file.toString());
    }
  }

  /**
   * Reads a {@code .npy} array from a stream, which must end right after the data.
   *
   * @param in the stream (read to its end; not closed)
   * @param name the file name to use in error messages
   * @return the array
   * @throws FormatException naming the file, header field and value when the content is not a
   *     supported {@code .npy} array
   * @throws IOException if reading fails
   */
  public static NpyArray read(InputStream in, String name) throws IOException {
    return read(in, name, 0);
  }

  /**
   * Reads an array from a stream of at most {@code available} bytes: when the data the header
   * claims fits in that, the array is allocated at its full size at once instead of grown as the
   * data arrives (one copy of the data fewer).
   */
  private static NpyArray read(InputStream in, String name, long available) throws IOException {
    NpyHeader h = NpyHeader.parse(headerText(in, name).text(), name);
    byte[] buf = new byte[CHUNK_ELEMS * 8];
    ByteSource stream =
        bb -> {
          int got = in.readNBytes(buf, 0, Math.min(bb.remaining(), buf.length));
          bb.put(buf, 0, got);
          return got == 0 && bb.hasRemaining() ? -1 : got;
        };
    return array(h, readData(stream, name, h, available));
  }

  private static NpyArray array(NpyHeader h, Values v) {
    float[] f = v.single;
    return f != null ? new NpyArray(h.shape, f, h.dtype) : new NpyArray(h.shape, v.data, h.dtype);
  }

  /** Where the data bytes come from: a stream, or a file's channel read without a byte array. */
  @FunctionalInterface
  private interface ByteSource {
    /**
     * Reads at most {@code bb.remaining()} bytes into {@code bb} (at least one unless the source is
     * at its end or {@code bb} is full), advancing its position.
     *
     * @return the number of bytes read, or -1 at the end of the source
     */
    int read(ByteBuffer bb) throws IOException;
  }

  /** The elements per chunk of a read or a write (64 KB of float64). */
  private static final int CHUNK_ELEMS = 8192;

  /**
   * The layout of a {@code .npy} array as its header describes it, for readers that fetch byte
   * ranges of the data themselves: element {@code i} in C order occupies the {@code
   * dtype.itemSize()} bytes from {@code dataStart + i * dtype.itemSize()}.
   *
   * @param dtype the element type
   * @param shape the shape (a copy is returned by the accessor)
   * @param dataStart the offset of the first data byte from the start of the file
   */
  public record Layout(DType dtype, int[] shape, long dataStart) {
    /** Copies the shape. */
    public Layout {
      shape = shape.clone();
    }

    /**
     * Returns the shape (a copy).
     *
     * @return the shape
     */
    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /**
   * Reads and validates the header of a {@code .npy} stream (as {@link #read(InputStream, String)}
   * does: a supported dtype, C order, a valid shape), leaving the stream at the first data byte.
   * The data itself is not read or checked.
   *
   * @param in the stream
   * @param name the file name to use in error messages
   * @return the layout
   * @throws FormatException naming the file, header field and value when the header is not that
   *     of a supported {@code .npy} array
   * @throws IOException if reading fails
   */
  public static Layout layout(InputStream in, String name) throws IOException {
    HeaderText ht = headerText(in, name);
    NpyHeader h = NpyHeader.parse(ht.text(), name);
    return new Layout(h.dtype, h.shape, ht.dataStart());
  }

  /**
   * The header text of a {@code .npy} stream and the byte offset at which its data starts.
   *
   * @param text the header dict literal
   * @param dataStart the offset of the first data byte from the start of the file
   */
  record HeaderText(String text, long dataStart) {}

  /**
   * Reads the magic string, the version, the header length and the header text of a {@code .npy}
   * stream, leaving the stream at the first data byte.
   *
   * @param in the stream
   * @param name the file name to use in error messages
   * @return the header text and the data offset
   * @throws FormatException when the prefix is not that of a supported {@code .npy} version
   * @throws IOException if reading fails
   */
  static HeaderText headerText(InputStream in, String name) throws IOException {
    byte[] pre = in.readNBytes(8);
    if (!startsWithMagic(pre)) {
      throw new FormatException(
          name,
          "",
          isMagicPrefix(pre)
              ? "file too short for a .npy header (" + pre.length + " bytes)"
              : "not a .npy file: it does not start with the magic string \\x93NUMPY");
    }
    if (pre.length < 8) {
      throw new FormatException(
          name, "", "file too short for a .npy header (" + pre.length + " bytes)");
    }
    int major = pre[6] & 0xff;
    int minor = pre[7] & 0xff;
    if (!((major == 1 || major == 2 || major == 3) && minor == 0)) {
      throw new FormatException(
          name,
          "version",
          "format version " + major + "." + minor + " is not supported; expected 1.0, 2.0 or 3.0");
    }
    int lenBytes = major == 1 ? 2 : 4;
    byte[] lb = in.readNBytes(lenBytes);
    if (lb.length < lenBytes) {
      throw new FormatException(name, "header", "file ends inside the header length");
    }
    long headerLen = 0;
    for (int i = lenBytes - 1; i >= 0; i--) {
      headerLen = (headerLen << 8) | (lb[i] & 0xff);
    }
    if (headerLen > MAX_HEADER) {
      throw new FormatException(
          name, "header", "header length " + headerLen + " exceeds the limit of " + MAX_HEADER + " bytes");
    }
    byte[] hb = in.readNBytes((int) headerLen);
    if (hb.length < headerLen) {
      throw new FormatException(
          name,
          "header",
          "file ends inside the header: " + headerLen + " bytes declared, " + hb.length + " present");
    }
    String header =
        new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    return new HeaderText(header, 8L + lenBytes + headerLen);
  }

  private static boolean isMagicPrefix(byte[] b) {
    for (int i = 0; i < b.length && i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        return false;
      }
    }
    return b.length < MAGIC.length;
  }

  private static boolean startsWithMagic(byte[] b) {
    if (b.length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }


  /** The values of a file as stored: float64 in {@code data}, or float32 in {@code single}. */
  private static final class Values {
    double[] data = new double[0];
    float @Nullable [] single;
  }

  /**
   * Reads the data of a file; float32 values stay float32 (4 bytes each, never widened as a whole).
   */
  private static Values readData(ByteSource in, String name, NpyHeader h, long available)
      throws IOException {
    int size = h.dtype.itemSize();
    long need = (long) h.count * size;
    int count = h.count;
    if (count < 0) {
      throw new IllegalStateException("negative element count " + count); // the header checks it
    }
    // grown as the data arrives unless the source is known to hold it: a header that claims more
    // than the file holds must not allocate what it claims
    int first = need <= available ? count : Math.min(count, CHUNK_ELEMS);
    boolean single = size == 4;
    double[] data = new double[single ? 0 : first];
    float[] floats = new float[single ? first : 0];
    // a direct buffer: its typed views copy in bulk (a heap buffer's views copy value by value,
    // interpreted until compiled, which made the first read of a large file several times slower)
    ByteBuffer bb = ByteBuffer.allocateDirect(CHUNK_ELEMS * 8).order(h.dtype.order());
    int off = 0;
    while (off < h.count) {
      int n = Math.min(CHUNK_ELEMS, h.count - off);
      bb.clear();
      bb.limit(n * size);
      int got = fill(in, bb);
      if (got == n * size && off + n > (single ? floats.length : data.length)) {
        int grown = (int) Math.min(h.count, 2L * (off + n));
        if (single) {
          floats = java.util.Arrays.copyOf(floats, grown);
        } else {
          data = java.util.Arrays.copyOf(data, grown);
        }
      }
      if (got < n * size) {
        long found = (long) off * size + got;
        throw new FormatException(
            name,
            "data",
            "truncated: shape " + shapeString(h.shape) + " of '" + h.dtype.descr() + "' needs "
                + need + " bytes, found " + found);
      }
      bb.flip();
      if (size == 8) {
        bb.asDoubleBuffer().get(data, off, n);
      } else {
        bb.asFloatBuffer().get(floats, off, n);
      }
      off += n;
    }
    long extra = 0;
    for (bb.clear(); ; bb.clear()) {
      int got = in.read(bb);
      if (got < 0) {
        break;
      }
      extra += got;
    }
    if (extra > 0) {
      throw new FormatException(
          name,
          "data",
          extra + " trailing bytes after the " + need + " bytes that shape " + shapeString(h.shape)
              + " of '" + h.dtype.descr() + "' needs (shape does not match the data)");
    }
    Values v = new Values();
    if (single) {
      v.single = floats;
    } else {
      v.data = data;
    }
    return v;
  }

  /** Reads until {@code bb} is full or the source ends; returns the bytes read. */
  private static int fill(ByteSource in, ByteBuffer bb) throws IOException {
    int start = bb.position();
    while (bb.hasRemaining() && in.read(bb) >= 0) {
      // a short read: ask again
    }
    return bb.position() - start;
  }

  // ------------------------------------------------------------------------------------ writing

  /**
   * Writes a {@code .npy} file atomically (through {@link AtomicFiles}).
   *
   * @param file the file to create or replace
   * @param data the values in C order
   * @param dtype the element type to store
   * @param shape the shape; the product of its entries must equal {@code data.length}
   * @throws IllegalArgumentException if the sizes disagree or a finite value overflows float32
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, double[] data, DType dtype, int... shape) throws IOException {
    checkWritable(data, dtype, shape);
    AtomicFiles.write(file, out -> write(out, data, dtype, shape));
  }

  /**
   * Writes an array to a {@code .npy} file atomically.
   *
   * @param file the file
   * @param array the array, stored with its own dtype
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, NpyArray array) throws IOException {
    write(file, array.data(), array.dtype(), array.shape());
  }

  /**
   * Writes a {@code .npy} array to a stream.
   *
   * @param out the stream (not closed)
   * @param data the values in C order
   * @param dtype the element type to store
   * @param shape the shape
   * @throws IllegalArgumentException if the sizes disagree or a finite value overflows float32
   * @throws IOException if writing fails
   */
  public static void write(OutputStream out, double[] data, DType dtype, int... shape)
      throws IOException {
    checkWritable(data, dtype, shape);
    out.write(header(dtype, shape));
    int size = dtype.itemSize();
    byte[] buf = new byte[CHUNK_ELEMS * size];
    ByteBuffer bb = ByteBuffer.wrap(buf).order(dtype.order());
    for (int off = 0; off < data.length; off += CHUNK_ELEMS) {
      int n = Math.min(CHUNK_ELEMS, data.length - off);
      bb.clear();
      if (size == 8) {
        bb.asDoubleBuffer().put(data, off, n);
      } else {
        java.nio.FloatBuffer fb = bb.asFloatBuffer();
        for (int i = 0, p = off; i < n && p < data.length; i++, p++) { // p < length: implied
          fb.put(i, (float) data[p]);
        }
      }
      int bytes = n * size;
      if (bytes < 0 || bytes > buf.length) {
        throw new IllegalStateException(bytes + " bytes in a buffer of " + buf.length); // n <= chunk
      }
      out.write(buf, 0, bytes);
    }
  }

  private static void checkWritable(double[] data, DType dtype, int[] shape) {
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("shape " + shapeString(shape) + " has a negative entry");
      }
    }
    long count = elementCount(shape);
    if (count != data.length) {
      throw new IllegalArgumentException(
          "shape " + shapeString(shape) + " holds " + count + " values, but " + data.length
              + " were given");
    }
    if (dtype.itemSize() == 4) {
      for (int i = 0; i < data.length; i++) {
        double v = data[i];
        if (Double.isFinite(v) && Float.isInfinite((float) v)) {
          throw new IllegalArgumentException(
              "data[" + i + "] = " + v + " overflows float32 ('" + dtype.descr() + "')");
        }
      }
    }
  }

  /**
   * The complete preamble of a {@code .npy} file (magic, version, header length, padded header):
   * version 1.0 when the header fits in 65535 bytes, else 2.0, padded with spaces so that the data
   * starts at a multiple of 64 bytes.
   *
   * @param dtype the element type
   * @param shape the shape
   * @return the bytes
   */
  static byte[] header(DType dtype, int[] shape) {
    String dict =
        "{'descr': '" + dtype.descr() + "', 'fortran_order': False, 'shape': " + shapeString(shape)
            + ", }";
    int major = 1;
    int pre = 10;
    int total = pad(pre + dict.length() + 1);
    if (total - pre > 0xffff) {
      major = 2;
      pre = 12;
      total = pad(pre + dict.length() + 1);
    }
    StringBuilder sb = new StringBuilder(dict);
    while (pre + sb.length() + 1 < total) {
      sb.append(' ');
    }
    sb.append('\n');
    byte[] h = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[pre + h.length];
    if (out.length < 12) {
      throw new IllegalStateException("a header is padded to 64 bytes, got " + out.length);
    }
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[6] = (byte) major;
    out[7] = 0;
    int len = h.length;
    out[8] = (byte) len;
    out[9] = (byte) (len >>> 8);
    if (major == 2) {
      out[10] = (byte) (len >>> 16);
      out[11] = (byte) (len >>> 24);
    }
    System.arraycopy(h, 0, out, pre, h.length);
    return out;
  }

  private static int pad(int n) {
    return (n + ALIGN - 1) / ALIGN * ALIGN;
  }

  /**
   * The product of a shape's entries (1 for the empty shape).
   *
   * @param shape the shape
   * @return the number of elements, saturating at {@link Long#MAX_VALUE}
   */
  static long elementCount(int[] shape) {
    long c = 1;
    for (int s : shape) {
      if (s < 0) {
        return -1;
      }
      if (s != 0 && c > Long.MAX_VALUE / s) {
        c = Long.MAX_VALUE;
      } else {
        c *= s;
      }
    }
    return c;
  }

  /**
   * A shape as Python prints a tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}.
   *
   * @param shape the shape
   * @return the text
   */
  static String shapeString(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i]);
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }
}
