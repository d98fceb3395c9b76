package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  private static final Npy.DType[] TYPES = Npy.DType.values();

  /** Random values: for float32 dtypes, exactly representable ones; specials included. */
  static double[] values(SplittableRandom r, int n, Npy.DType t) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(20);
      double v;
      if (kind == 0) {
        v = Double.NaN;
      } else if (kind == 1) {
        v = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      } else if (kind == 2) {
        v = -0.0;
      } else if (kind == 3) {
        v = Double.longBitsToDouble(r.nextLong()); // any bit pattern
      } else {
        v = r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30));
      }
      if (t.itemSize() == 4) {
        float f = (float) v;
        v = Float.isNaN(f) ? Double.NaN : f;
      }
      x[i] = v;
    }
    return x;
  }

  static byte[] toBytes(double[] data, Npy.DType t, int... shape) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(out, data, t, shape);
    return out.toByteArray();
  }

  static NpyArray fromBytes(byte[] b, String name) throws IOException {
    return Npy.read(new ByteArrayInputStream(b), name);
  }

  // Planted bug checked: writing F4_BE with little-endian order (ByteBuffer.order ignored) made
  // this property fail on the first big-endian float32 example.
  @Test
  void roundTripEveryDtypeAndShape() {
    qt().withExamples(1000)
        .withFixedSeed(20260101L)
        .forAll(
            integers().between(0, TYPES.length - 1),
            integers().between(2, 3),
            integers().between(0, 7),
            longs().all())
        .checkAssert(
            (ti, ndim, dim0, seed) -> {
              SplittableRandom r = new SplittableRandom(seed);
              Npy.DType t = TYPES[ti];
              int[] shape = new int[ndim];
              shape[0] = dim0;
              for (int i = 1; i < ndim; i++) {
                shape[i] = 1 + r.nextInt(6);
              }
              int n = (int) Npy.elementCount(shape);
              double[] x = values(r, n, t);
              try {
                byte[] b = toBytes(x, t, shape);
                assertEquals(0, (b.length - n * t.itemSize()) % 64, "data must start 64-aligned");
                NpyArray a = fromBytes(b, "x.npy");
                assertArrayEquals(shape, a.shape());
                assertEquals(t, a.dtype());
                assertEquals(n, a.data().length);
                for (int i = 0; i < n; i++) {
                  // doubleToLongBits maps every NaN to one pattern; all other bits must survive
                  assertEquals(
                      Double.doubleToLongBits(x[i]),
                      Double.doubleToLongBits(a.data()[i]),
                      "value " + i);
                }
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  /**
   * A header written in any of the spellings the NumPy format allows: version 1.0, 2.0 or 3.0,
   * keys in any order, either quote style, optional trailing comma, any whitespace and padding, an
   * old Python 2 'L' suffix.
   */
  static byte[] handHeader(SplittableRandom r, int version, String descr, int[] shape) {
    String q = r.nextBoolean() ? "'" : "\"";
    List<String> entries = new ArrayList<>();
    String sp = r.nextBoolean() ? " " : "\t ";
    entries.add(q + "descr" + q + ":" + sp + q + descr + q);
    entries.add(q + "fortran_order" + q + ":" + sp + "False");
    StringBuilder shp = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      shp.append(i > 0 ? "," + (r.nextBoolean() ? " " : "") : "").append(shape[i]);
      if (r.nextInt(8) == 0) {
        shp.append('L');
      }
    }
    if (shape.length == 1 || (shape.length > 1 && r.nextBoolean())) {
      shp.append(',');
    }
    shp.append(')');
    entries.add(q + "shape" + q + ":" + sp + shp);
    Collections.shuffle(entries, new java.util.Random(r.nextLong()));
    String dict = "{" + String.join(", ", entries) + (r.nextBoolean() ? ", " : "") + "}";
    int pad = r.nextInt(0, 200);
    String header = dict + " ".repeat(pad) + "\n";
    byte[] hb =
        header.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteBuffer bb = ByteBuffer.allocate(12 + hb.length).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      bb.putShort((short) hb.length);
    } else {
      bb.putInt(hb.length);
    }
    bb.put(hb);
    return Arrays.copyOf(bb.array(), bb.position());
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] rawData(double[] x, Npy.DType t) {
    ByteBuffer bb = ByteBuffer.allocate(x.length * t.itemSize()).order(t.order());
    for (double v : x) {
      if (t.itemSize() == 8) {
        bb.putDouble(v);
      } else {
        bb.putFloat((float) v);
      }
    }
    return bb.array();
  }

  // Planted bug checked: reading the header length of versions 2.0/3.0 from 2 bytes (as in 1.0)
  // made this property fail on the first version-2 example.
  @Test
  void headerSpellingsAndPaddingAreAccepted() {
    qt().withExamples(1000)
        .withFixedSeed(77L)
        .forAll(integers().between(1, 3), integers().between(0, TYPES.length - 1), longs().all())
        .checkAssert(
            (version, ti, seed) -> {
              SplittableRandom r = new SplittableRandom(seed);
              Npy.DType t = TYPES[ti];
              int ndim = r.nextInt(1, 4);
              int[] shape = new int[ndim];
              for (int i = 0; i < ndim; i++) {
                shape[i] = r.nextInt(0, 4);
              }
              double[] x = values(r, (int) Npy.elementCount(shape), t);
              byte[] file = concat(handHeader(r, version, t.descr(), shape), rawData(x, t));
              try {
                NpyArray a = fromBytes(file, "h.npy");
                assertArrayEquals(shape, a.shape());
                assertEquals(t, a.dtype());
                for (int i = 0; i < x.length; i++) {
                  assertEquals(
                      Double.doubleToLongBits(x[i]), Double.doubleToLongBits(a.data()[i]));
                }
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void writerHeaderIsNumpyStyle() throws IOException {
    byte[] b = toBytes(new double[6], Npy.DType.F8_LE, 2, 3);
    int hl = (b[8] & 0xff) | (b[9] & 0xff) << 8;
    String h = new String(b, 10, hl, StandardCharsets.ISO_8859_1);
    assertEquals(1, b[6]);
    assertEquals(0, (10 + hl) % 64);
    assertTrue(h.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), h);
    assertTrue(h.endsWith(" \n"), h);
    assertEquals(10 + hl + 48, b.length);
    // one-dimensional and zero-dimensional shapes print as Python tuples
    assertEquals("(5,)", Npy.shapeString(new int[] {5}));
    assertEquals("()", Npy.shapeString(new int[0]));
    NpyArray scalar = fromBytes(toBytes(new double[] {2.5}, Npy.DType.F4_LE), "s.npy");
    assertEquals(0, scalar.ndim());
    assertEquals(2.5, scalar.data()[0]);
  }

  @Test
  void versionTwoHeaderWhenTheHeaderIsLong() throws IOException {
    int[] shape = new int[25000];
    Arrays.fill(shape, 1);
    byte[] b = toBytes(new double[] {3.25}, Npy.DType.F8_BE, shape);
    assertEquals(2, b[6]);
    long hl = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertEquals(0, (12 + hl) % 64);
    NpyArray a = fromBytes(b, "long.npy");
    assertEquals(25000, a.ndim());
    assertEquals(3.25, a.data()[0]);
  }

  @Test
  void fileRoundTripThroughPath(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("a.npy");
    double[] x = {1, 2, 3, 4, 5, 6};
    Npy.write(p, x, Npy.DType.F8_LE, 3, 2);
    NpyArray a = Npy.read(p);
    assertEquals(NpyArray.of(x, Npy.DType.F8_LE, 3, 2), a);
    Npy.write(p, a); // overwrite in place
    assertEquals(a, Npy.read(p));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left");
    }
  }

  // ------------------------------------------------------------------------------ rejections

  static FormatException reject(byte[] b) {
    return assertThrows(FormatException.class, () -> fromBytes(b, "features.npy"));
  }

  static byte[] withHeader(String dict, int version, byte[] data) {
    byte[] hb = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer bb = ByteBuffer.allocate(12 + hb.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      bb.putShort((short) hb.length);
    } else {
      bb.putInt(hb.length);
    }
    bb.put(hb).put(data);
    return Arrays.copyOf(bb.array(), bb.position());
  }

  static void assertMessage(FormatException e, String... parts) {
    String m = e.getMessage();
    assertTrue(m.startsWith("features.npy: "), m);
    assertTrue(!m.contains("\n"), m);
    for (String p : parts) {
      assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
    }
  }

  @Test
  void rejectsFortranOrder() {
    FormatException e =
        reject(
            withHeader(
                "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 1, new byte[32]));
    assertMessage(e, "fortran_order", "True", "C-ordered");
    assertEquals("fortran_order", e.field());
  }

  @Test
  void rejectsUnsupportedDtypes() {
    for (String d : new String[] {"<i8", "|b1", "<c16", "<f2", "<U4", "f8", "=f8", "<f16"}) {
      FormatException e =
          reject(
              withHeader(
                  "{'descr': '" + d + "', 'fortran_order': False, 'shape': (2,), }",
                  1,
                  new byte[16]));
      assertMessage(e, "dtype '" + d + "' is not supported", "expected '<f8' or '<f4'");
    }
    assertEquals(
        "features.npy: descr: dtype '<i8' is not supported; expected '<f8' or '<f4'"
            + " (or big-endian '>f8', '>f4')",
        reject(withHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", 1,
                new byte[8]))
            .getMessage());
    FormatException s =
        reject(
            withHeader(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
                1,
                new byte[8]));
    assertMessage(s, "descr", "structured");
  }

  @Test
  void rejectsTruncatedAndTrailingData() throws IOException {
    byte[] ok = toBytes(new double[] {1, 2, 3, 4, 5, 6}, Npy.DType.F8_LE, 2, 3);
    assertMessage(reject(Arrays.copyOf(ok, ok.length - 1)), "data", "truncated", "(2, 3)",
        "needs 48 bytes, found 47");
    assertMessage(reject(Arrays.copyOf(ok, ok.length - 48)), "needs 48 bytes, found 0");
    assertMessage(reject(Arrays.copyOf(ok, ok.length + 8)), "data", "8 trailing bytes",
        "shape does not match the data");
    byte[] f4 = toBytes(new double[] {1, 2}, Npy.DType.F4_LE, 2);
    assertMessage(reject(Arrays.copyOf(f4, f4.length - 3)), "'<f4'", "needs 8 bytes, found 5");
  }

  @Test
  void rejectsBadPreambles() throws IOException {
    assertMessage(reject(new byte[0]), "too short");
    assertMessage(reject(new byte[] {(byte) 0x93, 'N', 'U'}), "too short");
    assertMessage(reject("PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1)),
        "not a .npy file", "magic");
    byte[] ok = toBytes(new double[] {1}, Npy.DType.F8_LE, 1);
    byte[] v4 = ok.clone();
    v4[6] = 4;
    assertMessage(reject(v4), "version", "4.0 is not supported");
    byte[] v11 = ok.clone();
    v11[7] = 1;
    assertMessage(reject(v11), "version", "1.1");
    assertMessage(reject(Arrays.copyOf(ok, 9)), "header", "header length");
    assertMessage(reject(Arrays.copyOf(ok, 40)), "header", "file ends inside the header");
  }

  @Test
  void rejectsBadHeaders() {
    byte[] d8 = new byte[8];
    assertMessage(reject(withHeader("{'descr': '<f8', 'shape': (1,), }", 1, d8)),
        "header", "'fortran_order' is missing");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}", 1,
            d8)),
        "header", "unknown key 'x'");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 1, d8)),
        "shape", "-1");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1.0,), }", 1, d8)),
        "header", "float");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': [1], }", 1, d8)),
        "shape", "tuple", "[1]");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1), }", 1, d8)),
        "header", "trailing comma");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,), }", 1, d8)),
        "fortran_order", "True or False", "0");
    assertMessage(
        reject(withHeader(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", 1, d8)),
        "shape", "10000000000 elements");
    assertMessage(reject(withHeader("{'descr': '<f8', 'fortran_order': False", 1, d8)),
        "header", "unexpected end");
    assertMessage(
        reject(withHeader("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': ()}",
            1, d8)),
        "duplicate key 'descr'");
    // control characters are shown escaped: the message stays one printable line
    FormatException c =
        reject(withHeader("{'descr': '<f8\u0001', 'fortran_order': False, 'shape': (1,)}", 1,
            d8));
    assertMessage(c, "dtype '<f8\\x01' is not supported");
    assertMessage(reject(withHeader("\u0000{}", 1, d8)), "unexpected character '\\x00'");
  }

  @Test
  void writerRejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> toBytes(new double[5], Npy.DType.F8_LE, 2, 3));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> toBytes(new double[] {0, 1e300}, Npy.DType.F4_LE, 2));
    assertTrue(e.getMessage().contains("data[1] = 1.0E300 overflows float32"), e.getMessage());
  }

  @Test
  void missingFileIsAnIoErrorNamingTheFile(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> Npy.read(dir.resolve("none.npy")));
    assertTrue(e.getMessage().contains("none.npy"), e.getMessage());
  }
}
