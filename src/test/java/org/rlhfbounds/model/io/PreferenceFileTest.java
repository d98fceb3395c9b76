package org.rlhfbounds.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.Family;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Instance;
import org.rlhfbounds.model.InstanceSpec;
import org.rlhfbounds.model.Preferences;
import org.rlhfbounds.testkit.quicktheories.Gens;

/** Preference files: round trip, and every kind of invalid input named by file, field and value. */
class PreferenceFileTest {
  @TempDir(factory = MemoryTempDir.class) Path dir;

  /** 3 prompts with 2, 3 and 4 candidates in d = 2. */
  private static Features prompts() {
    double[] data = new double[9 * 2];
    for (int j = 0; j < data.length; j++) {
      data[j] = 0.1 * (j % 7) - 0.3;
    }
    return Features.of(data, new int[] {0, 2, 5, 9}, 2, "features");
  }

  private void fails(String text, String... parts) throws IOException {
    Path p = Files.writeString(dir.resolve("p.json"), text);
    FormatException e = assertThrows(FormatException.class, () -> PreferenceFile.read(p, prompts()));
    assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  private static String file(String prompt, String first, String second, String label) {
    return "{\"format\": \"rlhf-bounds.preferences/1\", \"prompt\": " + prompt + ", \"first\": "
        + first + ", \"second\": " + second + ", \"label\": " + label + "}";
  }

  @Test
  void validFileReads() throws IOException {
    Path p = Files.writeString(dir.resolve("ok.json"), file("[0, 2, 1]", "[1, 3, 0]", "[0, 0, 2]", "[1, 0, 1]"));
    Preferences x = PreferenceFile.read(p, prompts());
    assertArrayEquals(new int[] {0, 2, 1}, x.prompts());
    assertArrayEquals(new int[] {1, 3, 0}, x.first());
    assertArrayEquals(new int[] {0, 0, 2}, x.second());
    assertArrayEquals(new int[] {1, 0, 1}, x.labels());
  }

  @Test
  void everyProblemIsNamed() throws IOException {
    String ok = "[0, 2, 1]";
    fails("{\"prompt\": [0], \"first\": [1], \"second\": [0], \"label\": [1]}", "format", "missing");
    fails(file(ok, "[1, 3, 0]", "[0, 0, 2]", "[1, 0, 1]").replace("preferences/1", "sample/1"),
        "format", "rlhf-bounds.preferences/1");
    fails(file(ok, "[1, 3, 0]", "[0, 0, 2]", "[1, 0, 1]").replace("}", ", \"labels\": []}"),
        "labels", "unknown field", "label");
    fails("{\"format\": \"rlhf-bounds.preferences/1\", \"prompt\": [0], \"first\": [1], \"second\": [0]}",
        "label", "missing");
    fails(file("[]", "[]", "[]", "[]"), "prompt", "at least one");
    fails(file(ok, "[1, 3]", "[0, 0, 2]", "[1, 0, 1]"), "first", "expected 3 entries", "2");
    fails(file(ok, "[1, 3, 0]", "[0, 0, 2]", "[1, 0]"), "label", "expected 3 entries");
    fails(file("[0, 3, 1]", "[1, 3, 0]", "[0, 0, 2]", "[1, 0, 1]"), "prompt[1]", "3", "[0, 3)");
    fails(file(ok, "[1, 4, 0]", "[0, 0, 2]", "[1, 0, 1]"), "first[1]", "4", "[0, 4)");
    fails(file(ok, "[1, 3, 0]", "[0, 0, -1]", "[1, 0, 1]"), "second[2]", "-1");
    fails(file(ok, "[1, 3, 0]", "[0, 3, 2]", "[1, 0, 1]"), "second[1]", "equals first[1]");
    fails(file(ok, "[1, 3, 0]", "[0, 0, 2]", "[1, 2, 1]"), "label[1]", "0 or 1", "2");
    fails(file(ok, "[1, 3.5, 0]", "[0, 0, 2]", "[1, 0, 1]"), "first[1]", "integer", "3.5");
    fails(file(ok, "[1, 3, 0]", "[0, 0, 2]", "[1, true, 1]"), "label[1]", "integer");
    fails(file("{}", "[1, 3, 0]", "[0, 0, 2]", "[1, 0, 1]"), "prompt", "array");
  }

  /** Generated data round-trips exactly, for both pair policies, on 200 random instances. */
  @Test
  void generatedDataRoundTrips() {
    Gens.qt(0x7E01L)
        .withExamples(200)
        .forAll(Gens.seeds())
        .checkAssert(
            seed -> {
              java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
              Instance inst =
                  InstanceSpec.of(Family.GAUSSIAN, 1 + r.nextInt(10), 2 + r.nextInt(4),
                      1 + r.nextInt(4), 1.0, r.nextLong()).finite();
              Preferences x = Preferences.generate(inst, 1 + r.nextInt(50),
                  r.nextBoolean() ? Preferences.PairPolicy.UNIFORM
                      : Preferences.PairPolicy.REFERENCE, r.nextLong());
              Features f = inst.finiteDistribution().prompts();
              try {
                Path p = dir.resolve("g" + Long.toHexString(seed) + ".json");
                PreferenceFile.write(p, x);
                Preferences back = PreferenceFile.read(p, f);
                assertArrayEquals(x.prompts(), back.prompts());
                assertArrayEquals(x.first(), back.first());
                assertArrayEquals(x.second(), back.second());
                assertArrayEquals(x.labels(), back.labels());
                assertEquals(PreferenceFile.FORMAT,
                    Json.readObject(p).get("format").textValue());
                Files.delete(p);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }
}
