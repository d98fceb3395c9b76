package org.rlhfbounds.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.cli.Check;
import org.rlhfbounds.report.AuditFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf-bounds-spark audit}: the audit of {@code rlhf-bounds audit} computed on Spark
 * ({@link SparkAudit}), written as the same files: {@code DIR/audit.json} (schema {@code
 * urn:rlhf-bounds:schema:audit:1}), {@code DIR/audit.md} and the figures, equal to the local
 * command's output but for its {@code version}. The audit is computed whole before anything is
 * written, and each file is written atomically (the library's {@link AuditFiles}, as the local
 * command).
 *
 * <p>Reads {@code .npy} exports of shape {@code (M, K, d)} without rewards (the audit without the
 * reward model); other layouts and the reward model's options stay with {@code rlhf-bounds audit}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Audit a feature export on Spark: the same audit as rlhf-bounds audit, to the last bit.",
      "Writes DIR/audit.json, DIR/audit.md and the figures DIR/audit-*.png and .svg."
    })
final class SparkAuditCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--features",
      required = true,
      paramLabel = "FILE",
      description = ".npy of shape (M, K, d), float32 or float64; a path every executor can read"
          + " (hdfs://, s3a://, or a shared file system)")
  private String features = "";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory on the driver (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("audit-out");

  @Option(names = "--force", description = "replace existing audit.json, audit.md and figures")
  private boolean force;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*]; under spark-submit, spark-submit's)")
  private String master;

  @Option(
      names = "--partition-mb",
      paramLabel = "MB",
      defaultValue = "64",
      description = "feature data per partition, >= 1, rounded to whole ranges of the local audit"
          + " (default: ${DEFAULT-VALUE})")
  private int partitionMb;

  /** Creates the command (picocli instantiates it). */
  SparkAuditCommand() {}

  @Override
  public Integer call() throws IOException {
    if (partitionMb < 1) {
      throw new Main.BadInput("--partition-mb: expected an integer >= 1, got " + partitionMb);
    }
    Path json = out.resolve("audit.json");
    Path md = out.resolve("audit.md");
    Check.outputs(out, AuditFiles.paths(out), force, "--out");
    Audit a;
    try (JavaSparkContext sc = new JavaSparkContext(conf(master))) {
      a = SparkAudit.audit(sc, source(features), (long) partitionMb << 20);
    }
    int figures = AuditFiles.write(a, null, out);
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("verdict: " + a.verdict());
    pw.println("wrote " + json);
    pw.println("wrote " + md);
    pw.println("wrote " + figures + " figures (PNG and SVG) to " + out);
    return Main.OK;
  }

  /** The Spark configuration: the given master, else spark-submit's, else {@code local[*]}. */
  static SparkConf conf(String master) {
    SparkConf c = new SparkConf().setAppName("rlhf-bounds-spark audit");
    if (master != null) {
      c.setMaster(master);
    } else if (!c.contains("spark.master")) {
      c.setMaster("local[*]");
    }
    return c;
  }

  /**
   * The export's name as the local command writes it: a local path as {@code Path.toString()}
   * normalises it, a URI with a scheme as given.
   */
  static String source(String features) {
    if (features.isEmpty()) {
      throw new Main.BadInput("--features: expected a file, got an empty name");
    }
    return features.contains("://") ? features : Path.of(features).toString();
  }
}
