package org.rlhfbounds.cli;

import java.nio.file.Path;
import org.rlhfbounds.rates.Sweep;
import org.rlhfbounds.report.Report;
import org.rlhfbounds.report.Reproduce;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rlhf-bounds reproduce}: runs the experiment pipeline of {@link Reproduce} (the seed
 * paper's claims, measured on synthetic finite populations: claims table, gap of the empirical
 * optimum against n, GA and SGA against T with the bounds, coverage and the residual eps_n, a
 * tightness table) and writes {@code report.md}, {@code report.json} and {@code figures/*.png},
 * {@code figures/*.svg} into {@code --out} (default {@code ./reproduce-out}). Existing report files
 * there are replaced only with {@code --force}, as every command that writes files does.
 *
 * <p>{@code --config FILE} runs the experiments a JSON file describes ({@link
 * org.rlhfbounds.report.ReproduceConfig}); {@code --quick} and the default are the two such files
 * shipped in the jar. The same {@code --seed} and configuration give the same report bytes
 * whatever {@code --threads}, apart from the run block (version, configuration, machine,
 * timings). A bad configuration exits with code 2 before anything is written. The progress bar
 * counts the cells of every sweep (replicates times grid points, summed over the sections). Prints
 * the files written and the total time.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reproduce the seed paper's claims: run the experiments and write report.md, report.json"
          + " and figures (PNG, SVG)."
    })
final class ReproduceCommand extends CommandBase {
  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("reproduce-out");

  @Mixin private Overwrite overwrite = new Overwrite();

  @Mixin private ReproduceOptions options = new ReproduceOptions();

  @Option(names = "--threads", paramLabel = "N", description = "sweep threads (default: the number of processors)")
  private int threads = Sweep.defaultThreads();

  /** Creates the command (picocli instantiates it). */
  ReproduceCommand() {}

  @Override
  public Integer call() throws java.io.IOException {
    Check.atLeast(threads, 1, "--threads");
    ReproduceInputs in = options.inputs();
    // the configuration is read and checked before anything is written
    Check.outputs(out, ReproduceInputs.outputs(out), overwrite.force, "--out");
    Report r;
    try (Progress p = Progress.start("reproduce", 0)) {
      r = Reproduce.write(out, in.seed(), in.config(), threads, p);
    }
    ReproduceInputs.printWritten(out(), out, r);
    return ExitCode.OK;
  }
}
