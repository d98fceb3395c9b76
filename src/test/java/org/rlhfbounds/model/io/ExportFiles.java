package org.rlhfbounds.model.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes feature exports in the layouts NumPy and pandas produce, for tests. */
public final class ExportFiles {
  private ExportFiles() {}

  /**
   * A {@code .npy} file's bytes (version 1.0) for values given in C order.
   *
   * @param descr the dtype string, e.g. {@code <f4}, {@code >f8}, {@code <i8}
   * @param fortran whether to store in Fortran order (the values are transposed accordingly)
   * @param values C-order values
   * @param shape the shape
   * @return the bytes
   */
  public static byte[] npy(String descr, boolean fortran, double[] values, int... shape) {
    String dict =
        "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
            + ", 'shape': " + shape(shape) + ", }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    int size = descr.endsWith("8") ? 8 : 4;
    ByteBuffer bb =
        ByteBuffer.allocate(10 + header.length() + size * values.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    bb.putShort((short) header.length());
    bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
    bb.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    for (int e = 0; e < values.length; e++) {
      double v = values[fortran ? cIndexOfFortran(shape, e) : e];
      if (descr.endsWith("i8")) {
        bb.putLong((long) v);
      } else if (size == 8) {
        bb.putDouble(v);
      } else {
        bb.putFloat((float) v);
      }
    }
    return bb.array();
  }

  private static int cIndexOfFortran(int[] shape, int e) {
    int c = 0;
    int stride = 1;
    int[] idx = new int[shape.length];
    int rest = e;
    for (int a = 0; a < shape.length; a++) {
      idx[a] = rest % shape[a];
      rest /= shape[a];
    }
    for (int a = shape.length - 1; a >= 0; a--) {
      c += idx[a] * stride;
      stride *= shape[a];
    }
    return c;
  }

  private static String shape(int[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
    }
    return b.append(")").toString();
  }

  /**
   * An {@code .npz} archive of the given entries (deflated, as {@code numpy.savez_compressed}).
   *
   * @param file the target
   * @param entries name (without {@code .npy}) to bytes, in order
   * @throws IOException if writing fails
   */
  public static void npz(Path file, Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    Files.write(file, bos.toByteArray());
  }

  /**
   * Offsets {@code 0, K_0, K_0 + K_1, ...} as doubles (for {@link #npy} with {@code <i8}).
   *
   * @param ks the candidate counts
   * @return the offsets
   */
  public static double[] offsets(int... ks) {
    double[] o = new double[ks.length + 1];
    for (int i = 0; i < ks.length; i++) {
      o[i + 1] = o[i] + ks[i];
    }
    return o;
  }
}
