package org.rlhfbounds.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.Json;

/**
 * The seams of a distributed audit: the ranges of {@link Summaries#chunkPrompts(int, int)},
 * summaries sent through Java serialization and merged in range order, and {@link
 * Audit#ofSummary}, must give the audit of {@link Audit#of(FeatureExport, int,
 * java.util.function.IntConsumer)} to the last bit.
 */
class SummaryAuditTest {
  /** 2100 prompts of 2 to 4 candidates, d = 64: ranges of 1024 prompts, three of them. */
  private static FeatureExport export() {
    SplittableRandom rnd = new SplittableRandom(5);
    int m = 2100;
    int d = 64;
    int[] offsets = new int[m + 1];
    for (int i = 0; i < m; i++) {
      offsets[i + 1] = offsets[i] + 2 + rnd.nextInt(3);
    }
    double[] values = new double[offsets[m] * d];
    for (int i = 0; i < values.length; i++) {
      values[i] = rnd.nextGaussian() / 8;
    }
    return FeatureExport.of("export", values, d, offsets, null);
  }

  @Test
  void summariesOfTheRangesSerializedAndMergedInOrderGiveTheLocalAudit() throws Exception {
    FeatureExport e = export();
    int size = Summaries.chunkPrompts(e.maxCandidates(), e.dim());
    assertEquals(Summaries.chunkPrompts(e), size);
    assertEquals(1024, size);
    ChunkSummary total = ChunkSummary.empty(e.dim());
    for (int from = 0; from < e.prompts(); from += size) {
      total.merge(roundTrip(Summaries.range(e, from, Math.min(e.prompts(), from + size))));
    }
    String local = Json.toText(Audit.of(e, 2, done -> {}).toJson());
    String merged = Json.toText(Audit.ofSummary(e.source(), e.isFloat32(), total).toJson());
    assertEquals(local, merged);
  }

  @Test
  void aSummaryOfNoPromptIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Audit.ofSummary("x.npy", false, ChunkSummary.empty(3)));
  }

  private static ChunkSummary roundTrip(ChunkSummary s) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ChunkSummary) in.readObject();
    }
  }
}
