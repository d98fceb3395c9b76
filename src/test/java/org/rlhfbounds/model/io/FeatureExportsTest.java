package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature-export readers: every layout reads back the same values; every bad input is named. */
class FeatureExportsTest {
  @TempDir Path dir;

  private static double[] values(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian(); // exactly representable in float32
    }
    return v;
  }

  private static double[] rows(FeatureExport e) {
    double[] out = new double[e.rows() * e.dim()];
    e.copyRows(0, e.rows(), out);
    return out;
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void everyNpyLayoutReadsTheSameValues() throws IOException {
    double[] v = values(4 * 3 * 5, 1);
    for (String descr : new String[] {"<f4", ">f4", "<f8", ">f8"}) {
      for (boolean fortran : new boolean[] {false, true}) {
        Path p = write("f" + descr.charAt(0) + descr.charAt(2) + fortran + ".npy",
            ExportFiles.npy(descr, fortran, v, 4, 3, 5));
        FeatureExport e = FeatureExports.read(p, null);
        assertEquals(4, e.prompts());
        assertEquals(3, e.candidates(2));
        assertEquals(5, e.dim());
        assertEquals(descr.endsWith("4"), e.isFloat32());
        assertArrayEquals(v, rows(e), descr + " fortran=" + fortran);
      }
    }
  }

  @Test
  void raggedNpyWithOffsets() throws IOException {
    double[] v = values(9 * 2, 2);
    for (boolean fortran : new boolean[] {false, true}) {
      Path f = write("rows" + fortran + ".npy", ExportFiles.npy("<f4", fortran, v, 9, 2));
      Path o = write("off.npy", ExportFiles.npy("<i8", false, ExportFiles.offsets(2, 4, 3), 4));
      FeatureExport e = FeatureExports.read(f, o);
      assertEquals(3, e.prompts());
      assertEquals(4, e.candidates(1));
      assertEquals(6, e.offset(2));
      assertEquals(4, e.maxCandidates());
      assertArrayEquals(v, rows(e));
    }
  }

  @Test
  void npzWithOffsetsAndRewards() throws IOException {
    double[] v = values(5 * 3, 3);
    double[] r = values(5, 4);
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("features", ExportFiles.npy("<f8", false, v, 5, 3));
    m.put("offsets", ExportFiles.npy("<i8", false, ExportFiles.offsets(3, 2), 3));
    m.put("rewards", ExportFiles.npy("<f4", false, r, 5));
    Path p = dir.resolve("e.npz");
    ExportFiles.npz(p, m);
    FeatureExport e = FeatureExports.read(p, null);
    assertEquals(2, e.prompts());
    assertTrue(e.hasRewards());
    assertEquals(r[4], e.reward(4));
    assertArrayEquals(v, rows(e));
  }

  @Test
  void csvGroupsNonAdjacentRowsByPrompt() throws IOException {
    String csv =
        "prompt_id,response_id,f0,f1,reward\n"
            + "p1,a,1.0,2.0,0.5\n"
            + "p2,a,3,4,1\n"
            + "p1,b,-1e-3,.5,2\n"
            + "p2,b,5.0,6.0,-1\n"
            + "\"p2\",c,7,8,0\n";
    FeatureExport e = FeatureExports.read(write("e.csv", csv.getBytes(StandardCharsets.UTF_8)), null);
    assertEquals(2, e.prompts());
    assertEquals(2, e.candidates(0));
    assertEquals(3, e.candidates(1));
    assertArrayEquals(new double[] {1, 2, -1e-3, 0.5, 3, 4, 5, 6, 7, 8}, rows(e));
    assertEquals(2.0, e.reward(1));
    assertEquals(0.0, e.reward(4));
    assertFalse(e.isFloat32());
  }

  private String error(String name, byte[] bytes) throws IOException {
    Path p = write(name, bytes);
    return assertThrows(FormatException.class, () -> FeatureExports.read(p, null)).getMessage();
  }

  private String errorWithOffsets(byte[] features, byte[] offsets) throws IOException {
    Path f = write("x.npy", features);
    Path o = write("o.npy", offsets);
    return assertThrows(FormatException.class, () -> FeatureExports.read(f, o)).getMessage();
  }

  private String csvError(String text) throws IOException {
    return error("bad.csv", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void badNpyInputsNameFileOffsetAndExpectation() throws IOException {
    byte[] good = ExportFiles.npy("<f4", false, values(2 * 2 * 3, 5), 2, 2, 3);
    assertTrue(error("empty.npy", new byte[0]).matches(".*empty.npy: .*(too short|not a .npy).*"));
    assertTrue(error("cut.npy", Arrays.copyOf(good, 20)).contains("file ends inside the header"));
    String t = error("trunc.npy", Arrays.copyOf(good, good.length - 3));
    assertTrue(t.contains("trunc.npy: data: truncated") && t.contains("needs 48 bytes"), t);
    byte[] longer = Arrays.copyOf(good, good.length + 4);
    assertTrue(error("long.npy", longer).contains("4 trailing bytes at offset"));
    byte[] corrupt = good.clone();
    corrupt[12] = '#';
    assertTrue(error("corrupt.npy", corrupt).startsWith(dir.resolve("corrupt.npy") + ": header: "));
    assertTrue(error("int.npy", ExportFiles.npy("<i8", false, new double[4], 2, 2))
        .contains("dtype '<i8' is not supported; expected float32 or float64"));
    double[] nan = values(12, 6);
    nan[7] = Double.NaN;
    String n = error("nan.npy", ExportFiles.npy("<f4", false, nan, 2, 2, 3));
    assertTrue(n.contains("byte offset " + (128 + 7 * 4) + " (row 2, column 1) is NaN"), n);
    double[] inf = values(12, 6);
    inf[5] = Double.POSITIVE_INFINITY;
    assertTrue(error("inf.npy", ExportFiles.npy("<f8", true, inf, 2, 2, 3)).contains("(row 1, column 2) is Infinity"));
    assertTrue(error("k1.npy", ExportFiles.npy("<f4", false, new double[6], 3, 1, 2)).contains("expected K >= 2"));
    assertTrue(error("zero.npy", ExportFiles.npy("<f4", false, new double[0], 0, 4)).contains("empty"));
    assertTrue(error("rows.npy", ExportFiles.npy("<f4", false, new double[6], 3, 2)).contains("needs prompt offsets"));
    assertTrue(error("x.txt", good).contains("unknown extension"));
  }

  @Test
  void badOffsetsAreNamed() throws IOException {
    byte[] f = ExportFiles.npy("<f4", false, values(6 * 2, 7), 6, 2);
    assertTrue(errorWithOffsets(f, ExportFiles.npy("<i8", false, ExportFiles.offsets(2, 2), 3))
        .contains("the last offset is 4; expected the number of feature rows, 6"));
    assertTrue(errorWithOffsets(f, ExportFiles.npy("<i8", false, ExportFiles.offsets(2, 1, 3), 4))
        .contains("prompt 1 has K = offsets[2] - offsets[1] = 1 candidates; expected K >= 2"));
    assertTrue(errorWithOffsets(f, ExportFiles.npy("<i8", false, new double[] {0, 9}, 2))
        .contains("offsets[1]: 9 is outside [0, 6]"));
    assertTrue(errorWithOffsets(f, ExportFiles.npy("<f8", false, ExportFiles.offsets(3, 3), 3))
        .contains("expected int64"));
    byte[] grouped = ExportFiles.npy("<f4", false, values(12, 8), 2, 3, 2);
    assertTrue(errorWithOffsets(grouped, ExportFiles.npy("<i8", false, ExportFiles.offsets(3, 3), 3))
        .contains("already grouped by prompt"));
  }

  @Test
  void badNpzInputs() throws IOException {
    assertTrue(error("e.npz", new byte[0]).contains("empty file"));
    assertTrue(error("z.npz", "not a zip".getBytes(StandardCharsets.UTF_8)).contains("not a valid .npz"));
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("feature", ExportFiles.npy("<f4", false, new double[8], 2, 2, 2));
    Path p = dir.resolve("u.npz");
    ExportFiles.npz(p, m);
    assertTrue(assertThrows(FormatException.class, () -> FeatureExports.read(p, null)).getMessage()
        .contains("u.npz: feature.npy: unknown array"));
    m.clear();
    m.put("features", ExportFiles.npy("<f4", false, values(8, 9), 2, 2, 2));
    m.put("rewards", ExportFiles.npy("<f4", false, new double[3], 3));
    Path q = dir.resolve("r.npz");
    ExportFiles.npz(q, m);
    assertTrue(assertThrows(FormatException.class, () -> FeatureExports.read(q, null)).getMessage()
        .contains("r.npz:rewards.npy: shape: (3,) does not give one reward per row; expected (4,)"));
  }

  @Test
  void badCsvInputsNameTheLine() throws IOException {
    String h = "prompt_id,response_id,f0,f1\n";
    assertTrue(csvError("").contains("line 1: empty file"));
    assertTrue(csvError(h + "p,a,1,2\np,b,3\n").contains("line 3: 3 fields; expected 4"));
    assertTrue(csvError(h + "p,a,1,2\np,b,3,x\n").contains("line 3, column 'f1': 'x' is not a number"));
    assertTrue(csvError(h + "p,a,1,2\np,b,NaN,1\n").contains("line 3, column 'f0': 'NaN' is not finite"));
    assertTrue(csvError(h + "p,a,1,2\np,b,inf,1\n").contains("is not finite"));
    assertTrue(csvError(h + "p,a,1,2\np,a,3,4\n").contains("line 3: (prompt_id, response_id) = ('p', 'a') repeats line 2"));
    assertTrue(csvError(h + "p,a,1,2\nq,a,3,4\np,b,1,1\n").contains("line 3: prompt_id 'q' has 1 response"));
    assertTrue(csvError("prompt_id,f0,f1\np,1,2\n").contains("lacks response_id"));
    assertTrue(csvError("prompt_id,response_id\np,a\n").contains("has no feature column"));
    assertTrue(csvError(h).contains("no data rows"));
    assertTrue(csvError(h + "p,a,1,2\np,\"b,3,4\n").contains("malformed CSV"));
  }
}
