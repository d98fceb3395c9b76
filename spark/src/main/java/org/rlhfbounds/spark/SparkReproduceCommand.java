package org.rlhfbounds.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.rlhfbounds.cli.Check;
import org.rlhfbounds.cli.ReproduceInputs;
import org.rlhfbounds.cli.ReproduceOptions;
import org.rlhfbounds.report.Report;
import org.rlhfbounds.report.ReportWriter;
import org.rlhfbounds.report.ReproducePlan;
import org.rlhfbounds.report.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf-bounds-spark reproduce}: the report of {@code rlhf-bounds reproduce} with its sweeps'
 * cells run as Spark tasks ({@link SparkReproduce}), written as the same files: {@code
 * DIR/report.md}, {@code DIR/report.json} (schema {@code urn:rlhf-bounds:schema:report:1}) and
 * {@code DIR/figures/*.png|svg}, equal to the local command's output byte for byte but for the run
 * block (version, configuration source, machine, timings). The options mean what they mean for the
 * local command: they are the same mixin ({@link ReproduceOptions}), checked by the same code
 * ({@link ReproduceInputs}): {@code --config} with {@code --quick}, or {@code --seed} with a
 * configuration that fixes the seed, exits with code 2 before Spark starts, and so does an
 * existing report without {@code --force}. Instance files a configuration names must be readable
 * by every executor. The report is assembled whole before anything is written, and written by the
 * library's {@link ReportWriter}.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reproduce the seed paper's claims on Spark: the report of rlhf-bounds reproduce, each"
          + " replicate and grid point of its sweeps a Spark task.",
      "Writes DIR/report.md, DIR/report.json and DIR/figures/*.png|svg, equal to the local"
          + " report but for its run block. Instance files a --config names must be readable by"
          + " every executor."
    })
final class SparkReproduceCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory on the driver (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("reproduce-out");

  @Option(names = "--force", description = "replace existing output files (default: refuse)")
  private boolean force;

  @Mixin private ReproduceOptions options = new ReproduceOptions();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master (default: local[*]; under spark-submit, spark-submit's)")
  private String master;

  /** Creates the command (picocli instantiates it). */
  SparkReproduceCommand() {}

  @Override
  public Integer call() throws IOException {
    ReproduceInputs in = options.inputs();
    // the configuration is read and checked before Spark starts and anything is written
    Check.outputs(out, ReproduceInputs.outputs(out), force, "--out");
    Path config = options.config();
    Path dir = config == null ? null : config.toAbsolutePath().getParent();
    String base = dir == null ? Path.of("").toAbsolutePath().toString() : dir.toString();
    ReproducePlan plan = ReproducePlan.of(in.seed(), in.config());
    Report r;
    try (JavaSparkContext sc =
        new JavaSparkContext(
            SparkAuditCommand.conf(master).setAppName("rlhf-bounds-spark reproduce"))) {
      Map<String, String> machine = new LinkedHashMap<>(RunInfo.current().machine());
      machine.put("spark master", sc.master());
      machine.put("spark default parallelism", Integer.toString(sc.defaultParallelism()));
      machine.put("spark version", sc.version());
      r = SparkReproduce.run(sc, plan, base, machine);
    }
    ReportWriter.write(r, out);
    ReproduceInputs.printWritten(spec.commandLine().getOut(), out, r);
    return Main.OK;
  }
}
