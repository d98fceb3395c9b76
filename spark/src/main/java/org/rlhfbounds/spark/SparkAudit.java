package org.rlhfbounds.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.audit.ChunkSummary;

/**
 * The audit of a feature export on Spark, equal to the single-machine audit to the last bit.
 *
 * <p>The export is planned by {@link NpyRanges}: the local audit's ranges, grouped into partitions
 * of consecutive whole ranges. Each task reads its partition's byte ranges and returns the
 * summaries of its ranges, one per range, computed by the library's {@code Summaries.range}. The
 * driver merges them with {@link ChunkSummary#merge} strictly in range order, the left fold of the
 * local audit ({@code Summaries.of}), so every floating-point sum is formed in the same order as
 * there and the merged summary, hence the audit, has the same bits. Partitions are fetched in
 * batches of {@code 2 x defaultParallelism} ({@code collectPartitions}), so the driver holds the
 * summaries of at most one batch besides the running total.
 *
 * <p>Supported exports: those of {@link NpyRanges} without rewards; {@link Audit#ofSummary} turns
 * the merged summary into the audit.
 *
 * <p>Thread-safe: stateless.
 */
final class SparkAudit {
  private SparkAudit() {}

  /**
   * Audits an export.
   *
   * @param sc the Spark context
   * @param features the export, as the user named it
   * @param partitionBytes the largest amount of feature data per partition (at least one range)
   * @return the audit
   * @throws IOException if the export cannot be read or is not a supported one
   */
  static Audit audit(JavaSparkContext sc, String features, long partitionBytes)
      throws IOException {
    NpyRanges plan = NpyRanges.open(features, sc.hadoopConfiguration(), partitionBytes);
    return Audit.ofSummary(plan.source(), plan.float32(), summarise(sc, plan));
  }

  /** The summary of every range of the plan, merged in range order. */
  static ChunkSummary summarise(JavaSparkContext sc, NpyRanges plan) {
    int parts = plan.partitions();
    byte[] hadoop = writeConf(sc.hadoopConfiguration());
    List<Integer> ids = new ArrayList<>();
    IntStream.range(0, parts).forEach(ids::add);
    // one element per partition: the partition's own index
    JavaRDD<ChunkSummary> sums =
        sc.parallelize(ids, parts)
            .mapPartitions(
                it -> {
                  Configuration conf = readConf(hadoop);
                  List<ChunkSummary> out = new ArrayList<>();
                  while (it.hasNext()) {
                    int p = it.next();
                    try {
                      out.addAll(plan.summarise(p, conf));
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                  return out.iterator();
                });
    ChunkSummary total = ChunkSummary.empty(plan.dim());
    int batch = Math.max(1, 2 * sc.defaultParallelism());
    for (int first = 0; first < parts; first += batch) {
      int[] wanted = IntStream.range(first, Math.min(parts, first + batch)).toArray();
      List<ChunkSummary>[] got = sums.collectPartitions(wanted);
      for (List<ChunkSummary> partition : got) {
        for (ChunkSummary s : partition) {
          total.merge(s);
        }
      }
    }
    return total;
  }

  /** The driver's Hadoop configuration as bytes (it is a Writable, not Serializable). */
  private static byte[] writeConf(Configuration conf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The Hadoop configuration of {@link #writeConf}, on a worker. */
  private static Configuration readConf(byte[] bytes) throws IOException {
    Configuration conf = new Configuration(false);
    conf.readFields(new DataInputStream(new ByteArrayInputStream(bytes)));
    return conf;
  }
}
