package org.rlhfbounds.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.model.io.AtomicFiles;
import org.rlhfbounds.model.io.FeatureExport;
import org.rlhfbounds.model.io.FeatureExports;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.report.AuditPlots;
import org.rlhfbounds.report.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf-bounds audit}: reads a feature export ({@link FeatureExports}: {@code .npy}, {@code
 * .npz} or {@code .csv}), checks the theorems' assumptions on it ({@link Audit}) and writes {@code
 * DIR/audit.json} (schema {@code urn:rlhf-bounds:schema:audit:1}), {@code DIR/audit.md} and its
 * figures ({@link AuditPlots}: spectrum, per-prompt ranks, feature norms; PNG and SVG). The
 * audit is computed whole before anything is written, and each file is written atomically, so a
 * failed audit leaves no report. The output does not depend on {@code --threads}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Audit a feature export: do the theorems' assumptions hold on it, with what margins?",
      "Writes DIR/audit.json, DIR/audit.md and the figures DIR/audit-*.png and .svg."
    })
final class AuditCommand implements Callable<Integer> {
  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = "--features",
      required = true,
      paramLabel = "FILE",
      description = ".npy (M, K, d) or (rows, d), .npz (features, offsets, rewards) or .csv")
  private Path features = Path.of("");

  @Option(
      names = "--offsets",
      paramLabel = "FILE",
      description = "int64 .npy of M + 1 prompt offsets, for a (rows, d) array")
  private @Nullable Path offsets;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "output directory (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("audit-out");

  @Option(names = "--force", description = "replace existing audit.json, audit.md and figures")
  private boolean force;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "worker threads (default: the number of processors)")
  private int threads = Runtime.getRuntime().availableProcessors();

  /** Creates the command (picocli instantiates it). */
  AuditCommand() {}

  @Override
  public Integer call() throws IOException {
    CommandSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    Check.atLeast(threads, 1, "--threads");
    Path json = out.resolve("audit.json");
    Path md = out.resolve("audit.md");
    List<Path> all = new ArrayList<>(List.of(json, md));
    for (String stem : AuditPlots.STEMS) {
      all.add(out.resolve(stem + ".png"));
      all.add(out.resolve(stem + ".svg"));
    }
    Check.outputs(out, all, force, "--out");
    FeatureExport e;
    try (Progress p = Progress.start("reading " + features, 0)) {
      e = FeatureExports.read(features, offsets);
    }
    Audit a;
    try (Progress p = Progress.start("summarising", e.prompts())) {
      AtomicLong seen = new AtomicLong();
      a = Audit.of(e, threads, done -> p.advance(done - seen.getAndSet(done)));
    }
    Map<String, byte[]> figures = AuditPlots.render(a);
    ObjectNode root = a.toJson();
    ArrayNode names = root.putArray("figures");
    StringBuilder text = new StringBuilder(a.toMarkdown()).append("\n## Figures\n\n");
    for (String stem : AuditPlots.STEMS) {
      names.add(stem + ".png");
      names.add(stem + ".svg");
      text.append("![").append(stem).append("](").append(stem).append(".png) ([SVG](")
          .append(stem).append(".svg))\n\n");
    }
    root.put("version", Version.current().text());
    text.append("Made by rlhf-bounds ").append(Version.current().text()).append(".\n");
    byte[] jsonBytes = Json.toText(root).getBytes(StandardCharsets.UTF_8);
    byte[] mdBytes = text.toString().getBytes(StandardCharsets.UTF_8);
    for (Map.Entry<String, byte[]> f : figures.entrySet()) {
      byte[] bytes = f.getValue();
      AtomicFiles.write(out.resolve(f.getKey()), o -> o.write(bytes));
    }
    AtomicFiles.write(json, o -> o.write(jsonBytes));
    AtomicFiles.write(md, o -> o.write(mdBytes));
    java.io.PrintWriter pw = s.commandLine().getOut();
    pw.println("verdict: " + a.verdict());
    pw.println("wrote " + json);
    pw.println("wrote " + md);
    pw.println("wrote " + figures.size() + " figures (PNG and SVG) to " + out);
    return ExitCode.OK;
  }
}
