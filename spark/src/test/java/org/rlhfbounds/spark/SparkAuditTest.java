package org.rlhfbounds.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhfbounds.model.io.Npy;
import org.rlhfbounds.model.io.NpyArray;
import org.rlhfbounds.report.AuditPlots;

/**
 * The Spark audit against the single-machine audit of the same file: {@code rlhf-bounds audit}
 * and {@code rlhf-bounds-spark audit --master local[2]} on exports written by {@code rlhf-bounds
 * generate}, cut into several partitions, must write the same {@code audit.json} (less its {@code
 * version}), the same {@code audit.md} (less its last line) and the same figures, byte for byte.
 */
class SparkAuditTest {
  @TempDir static Path dir;

  /** 4500 prompts, K = 4, d = 64: ranges of 1024 prompts, so five ranges (the last of 404). */
  static Path f64;

  /** The same values as float32. */
  static Path f32;

  @BeforeAll
  static void generate() throws IOException {
    Path gen = dir.resolve("gen");
    int code =
        local(
            "generate", "--family", "gaussian", "--prompts", "4500", "--candidates", "4", "--dim",
            "64", "--beta", "1", "--seed", "11", "--out", gen.toString());
    assertEquals(0, code, "rlhf-bounds generate");
    f64 = gen.resolve("features.npy");
    NpyArray a = Npy.read(f64);
    f32 = dir.resolve("features32.npy");
    Npy.write(f32, a.data(), Npy.DType.F4_LE, a.shape());
  }

  private static int local(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = org.rlhfbounds.cli.Main.run(args, new PrintWriter(out), new PrintWriter(err));
    if (code != 0) {
      System.err.println(err);
    }
    return code;
  }

  private static String[] spark(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void float64InFivePartitionsEqualsTheLocalAudit() throws IOException {
    assertEquals(5, NpyRanges.open(f64.toString(), new Configuration(), 1 << 20).partitions());
    sameAsLocal(f64, "1", "f64");
  }

  @Test
  void float32InPartitionsOfTwoRangesEqualsTheLocalAudit() throws IOException {
    // float32 ranges are 1 MiB: ranges {0, 1}, {2, 3}, {4}; a partition that pre-merged its ranges
    // would add (c2 + c3) to c0 + c1 instead of c2, then c3
    NpyRanges plan = NpyRanges.open(f32.toString(), new Configuration(), 2 << 20);
    assertEquals(5, plan.chunks());
    assertEquals(3, plan.partitions());
    sameAsLocal(f32, "2", "f32");
  }

  private static void sameAsLocal(Path features, String partitionMb, String tag)
      throws IOException {
    Path local = dir.resolve(tag + "-local");
    Path onSpark = dir.resolve(tag + "-spark");
    assertEquals(
        0, local("audit", "--features", features.toString(), "--threads", "2", "--out", local.toString()));
    String[] r =
        spark(
            "audit", "--features", features.toString(), "--master", "local[2]", "--partition-mb",
            partitionMb, "--out", onSpark.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(json(local), json(onSpark));
    assertEquals(markdown(local), markdown(onSpark));
    for (String stem : AuditPlots.STEMS) {
      for (String ext : new String[] {".png", ".svg"}) {
        assertArrayEquals(
            Files.readAllBytes(local.resolve(stem + ext)),
            Files.readAllBytes(onSpark.resolve(stem + ext)),
            stem + ext);
      }
    }
  }

  /** audit.json without its version (the line of the top-level field). */
  private static String json(Path out) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(out.resolve("audit.json"), StandardCharsets.UTF_8)) {
      if (!line.startsWith("  \"version\": ")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** audit.md without its last line (the version). */
  private static String markdown(Path out) throws IOException {
    String text = Files.readString(out.resolve("audit.md"), StandardCharsets.UTF_8);
    return text.substring(0, text.lastIndexOf("Made by rlhf-bounds "));
  }

  @Test
  void aValueThatIsNotFiniteIsBadInputNamingItsByteOffset() throws IOException {
    Path bad = dir.resolve("nan.npy");
    Files.copy(f32, bad);
    Npy.Layout layout;
    try (var in = Files.newInputStream(bad)) {
      layout = Npy.layout(in, bad.toString());
    }
    // row 5000 (prompt 1250, the second range), column 3
    long at = layout.dataStart() + (5000L * 64 + 3) * 4;
    try (RandomAccessFile raf = new RandomAccessFile(bad.toFile(), "rw")) {
      raf.seek(at);
      raf.write(new byte[] {0, 0, (byte) 0xc0, 0x7f}); // float32 NaN, little-endian
    }
    String[] r =
        spark("audit", "--features", bad.toString(), "--master", "local[2]", "--partition-mb", "1",
            "--out", dir.resolve("nan-out").toString());
    assertEquals("2", r[0], r[2]);
    assertEquals(
        "rlhf-bounds-spark: " + bad + ": data: value at byte offset " + at
            + " (row 5000, column 3) is NaN; expected a finite number\n",
        r[2]);
    assertTrue(Files.notExists(dir.resolve("nan-out").resolve("audit.json")));
  }

  @Test
  void aTruncatedFileIsBadInputBeforeAnyTaskRuns() throws IOException {
    Path cut = dir.resolve("cut.npy");
    byte[] all = Files.readAllBytes(f32);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 4));
    String[] r =
        spark("audit", "--features", cut.toString(), "--master", "local[2]", "--out",
            dir.resolve("cut-out").toString());
    assertEquals("2", r[0], r[2]);
    assertTrue(r[2].startsWith("rlhf-bounds-spark: " + cut + ": data: truncated: shape (4500, 4, 64)"), r[2]);
  }

  @Test
  void anExistingAuditIsReplacedOnlyWithForce() throws IOException {
    Path out = dir.resolve("force-out");
    String[] args = {
      "audit", "--features", f64.toString(), "--master", "local[1]", "--out", out.toString()
    };
    String[] first = spark(args);
    assertEquals("0", first[0], first[2]);
    byte[] md = Files.readAllBytes(out.resolve("audit.md"));
    Files.writeString(out.resolve("audit.md"), "mine\n");
    String[] again = spark(args);
    assertEquals("2", again[0], again[2]);
    assertTrue(again[2].startsWith("rlhf-bounds-spark: --out: "), again[2]);
    assertTrue(again[2].contains(out.resolve("audit.md") + ", "), again[2]);
    assertTrue(again[2].endsWith(" already exist; use --force to overwrite\n"), again[2]);
    assertEquals("mine\n", Files.readString(out.resolve("audit.md")), "left as it was");
    String[] withForce = java.util.Arrays.copyOf(args, args.length + 1);
    withForce[args.length] = "--force";
    String[] replaced = spark(withForce);
    assertEquals("0", replaced[0], replaced[2]);
    assertArrayEquals(md, Files.readAllBytes(out.resolve("audit.md")), "replaced by the audit");
  }
}
