package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Sample;

/** Sample files and vector files. */
class SmallFilesTest {
  @TempDir(factory = MemoryTempDir.class) Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("f.json"), text);
  }

  private void fails(String text, int d, boolean vector, String... parts) throws IOException {
    Path p = write(text);
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> {
              if (vector) {
                VectorFile.read(p, d);
              } else {
                SampleFile.readIndices(p, d);
              }
            });
    assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  // Planted bug checked: VectorFile.write rendering doubles with %.15g made this property fail
  // (the vector did not come back bit for bit).
  @Test
  void vectorsRoundTripBitForBit() {
    qt().withExamples(1000)
        .withFixedSeed(3L)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] w = new double[r.nextInt(1, 12)];
              for (int j = 0; j < w.length; j++) {
                double v = Double.longBitsToDouble(r.nextLong());
                w[j] = Double.isFinite(v) ? v : r.nextGaussian();
              }
              try {
                Path p = dir.resolve("w.json");
                VectorFile.write(p, w);
                assertArrayEquals(w, VectorFile.read(p, w.length));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void sampleRoundTripAndBareForm() throws IOException {
    FiniteDistribution d =
        InstanceSpec.of(Family.SPHERE, 10, 3, 2, 1, 4).finite().finiteDistribution();
    Sample s = Sample.ofIndices(d, new int[] {3, 3, 9, 0});
    Path p = dir.resolve("sample.json");
    SampleFile.write(p, s);
    assertEquals(
        "{\n  \"format\": \"rlhf-bounds.sample/1\",\n  \"indices\": [3, 3, 9, 0]\n}\n",
        Files.readString(p));
    Sample back = SampleFile.read(p, d);
    assertArrayEquals(s.indices(), back.indices());
    assertEquals(s.prompts(), back.prompts());
    assertArrayEquals(new int[] {1, 2}, SampleFile.readIndices(write("{\"indices\": [1, 2]}"), 3));
  }

  @Test
  void sampleValidation() throws IOException {
    fails("{\"indices\": [0, 5, 1]}", 5, false, "indices[1]: 5 is outside", "[0, 5)");
    fails("{\"indices\": [0, -1]}", 5, false, "indices[1]: -1 is outside");
    fails("{\"indices\": []}", 5, false, "indices: a sample must hold at least one index");
    fails("{\"indices\": [1.5]}", 5, false, "indices[0]: expected an integer, got 1.5");
    fails("{\"indices\": [\"1\"]}", 5, false, "indices[0]: expected an integer, got string");
    fails("{\"indices\": [3000000000]}", 5, false, "indices[0]: integer 3000000000 is out of range");
    fails("{\"indexes\": [1]}", 5, false, "indexes: unknown field", "did you mean \"indices\"?");
    fails("{}", 5, false, "indices: missing field");
    fails("{\"format\": \"rlhf-bounds.vector/1\", \"indices\": [1]}", 5, false,
        "format: expected \"rlhf-bounds.sample/1\"");
    assertThrows(IllegalArgumentException.class,
        () -> SampleFile.write(dir.resolve("x.json"), new int[0]));
  }

  @Test
  void vectorValidation() throws IOException {
    fails("{\"w\": [1, 2]}", 3, true, "w: expected d = 3 entries", "got 2");
    fails("{\"w\": [1, NaN, 2]}", 3, true, "w[1]: must be a finite number, got NaN");
    fails("{\"w\": 1}", 1, true, "w: expected an array, got 1");
    fails("{\"v\": [1]}", 1, true, "v: unknown field");
    fails("{\"format\": \"x\", \"w\": [1]}", 1, true, "format: expected \"rlhf-bounds.vector/1\"");
    assertArrayEquals(new double[] {1, 2.5}, VectorFile.read(write("{\"w\": [1, 2.5]}"), 2));
    assertThrows(IllegalArgumentException.class,
        () -> VectorFile.write(dir.resolve("x.json"), new double[] {Double.NaN}));
  }
}
