package org.rlhfbounds.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.audit.TheoremAudit;
import org.rlhfbounds.model.io.AtomicFiles;
import org.rlhfbounds.model.io.Json;

/**
 * The files of an audit: {@code DIR/audit.json} (schema {@value Audit#SCHEMA}, with the figures'
 * names and the {@code version} of the build), {@code DIR/audit.md} (ending with that version) and
 * the figures of {@link AuditPlots} (PNG and SVG). Everything is rendered before anything is
 * written, and each file is written atomically, so a failed rendering leaves no report. Used by
 * every command that audits, so their outputs differ only where their audits do.
 *
 * <p>Thread-safe: stateless.
 */
public final class AuditFiles {
  private AuditFiles() {}

  /**
   * Returns the files {@link #write} writes into {@code out}: {@code audit.json}, {@code audit.md},
   * then each figure's PNG and SVG.
   *
   * @param out the output directory
   * @return the paths
   */
  public static List<Path> paths(Path out) {
    List<Path> all = new ArrayList<>(List.of(out.resolve("audit.json"), out.resolve("audit.md")));
    for (String stem : AuditPlots.STEMS) {
      all.add(out.resolve(stem + ".png"));
      all.add(out.resolve(stem + ".svg"));
    }
    return all;
  }

  /**
   * Renders an audit and writes its files into {@code out}, which must exist.
   *
   * @param a the audit
   * @param model the reward model's part, or null
   * @param out the output directory
   * @return the number of figure files written
   * @throws IOException if a file cannot be written
   */
  public static int write(Audit a, @Nullable TheoremAudit model, Path out) throws IOException {
    Map<String, byte[]> figures = AuditPlots.render(a);
    ObjectNode root = a.toJson(model);
    ArrayNode names = root.putArray("figures");
    StringBuilder text = new StringBuilder(a.toMarkdown(model)).append("\n## Figures\n\n");
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
    AtomicFiles.write(out.resolve("audit.json"), o -> o.write(jsonBytes));
    AtomicFiles.write(out.resolve("audit.md"), o -> o.write(mdBytes));
    return figures.size();
  }
}
