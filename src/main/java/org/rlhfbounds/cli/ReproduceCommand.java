package org.rlhfbounds.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.rates.Sweep;
import org.rlhfbounds.report.Figure;
import org.rlhfbounds.report.Report;
import org.rlhfbounds.report.ReportWriter;
import org.rlhfbounds.report.Reproduce;
import org.rlhfbounds.report.RunInfo;
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

  @Option(names = "--quick", description = "the small configuration, a smoke test (default: the full one)")
  private boolean quick;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "the experiments to run, as a JSON file (format rlhf-bounds.reproduce-config/1; --quick"
              + " is the built-in presets/quick.json, the default the built-in full.json)")
  private @Nullable Path config;

  @Option(names = "--seed", paramLabel = "S", description = "master seed (default: ${DEFAULT-VALUE})")
  private long seed = Reproduce.DEFAULT_SEED;

  @Option(names = "--threads", paramLabel = "N", description = "sweep threads (default: the number of processors)")
  private int threads = Sweep.defaultThreads();

  /** Creates the command (picocli instantiates it). */
  ReproduceCommand() {}

  @Override
  public Integer call() throws java.io.IOException {
    Check.atLeast(threads, 1, "--threads");
    Path file = config;
    if (file != null) {
      rejectIfGiven("--quick", "--config FILE names the experiments; --quick is the built-in quick file");
    }
    Reproduce.Config c =
        file != null
            ? Reproduce.Config.read(file)
            : quick ? Reproduce.Config.quick() : Reproduce.Config.full();
    OptionalLong fixed = c.seed();
    if (fixed.isPresent()) {
      rejectIfGiven("--seed", file + " fixes the master seed (\"seed\": " + fixed.getAsLong() + ")");
    }
    long master = fixed.orElse(seed);
    // the configuration is read and checked before anything is written
    Check.outputs(
        out,
        List.of(
            out.resolve(ReportWriter.MARKDOWN),
            out.resolve(ReportWriter.JSON),
            out.resolve("figures")),
        overwrite.force,
        "--out");
    Report r;
    try (Progress p = Progress.start("reproduce", 0)) {
      r = Reproduce.write(out, master, c, threads, p);
    }
    java.io.PrintWriter pw = out();
    pw.println("wrote " + out.resolve(ReportWriter.MARKDOWN));
    pw.println("wrote " + out.resolve(ReportWriter.JSON));
    for (Figure f : r.figures()) {
      pw.println("wrote " + out.resolve(f.png()) + ", " + out.resolve(f.svg()));
    }
    RunInfo info = r.run();
    if (info != null) {
      for (Map.Entry<String, Double> e : info.timings().entrySet()) {
        pw.println(String.format(Locale.ROOT, "%s: %.1f s", e.getKey(), e.getValue()));
      }
    }
    return ExitCode.OK;
  }
}
