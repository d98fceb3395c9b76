package org.rlhfbounds.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.io.AtomicFiles;

/**
 * Writes a {@link Report} into a directory: {@code figures/<id>.png} and {@code .svg} for each
 * figure, then {@code report.md} and {@code report.json}, each atomically ({@link AtomicFiles}).
 * The Markdown refers to figures by relative paths, so the directory can be moved as a whole.
 *
 * <p>Deterministic: the same report gives the same bytes. JSON keys come in a fixed order (the
 * order of this class's code, settings and timings in insertion order), indentation is two
 * spaces, line ends are {@code \n} on every platform, and numbers are written by Jackson as Java
 * writes them ({@link Double#toString}); non-finite numbers become the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"} (JSON has no such numbers).
 *
 * <p>JSON layout: {@code {"schema": SCHEMA, "title", "settings": {...}, "sections": [{"heading",
 * "blocks": [{"type": "paragraph", "text"} | {"type": "table", "caption", "columns": [...],
 * "rows": [[...]]} | {"type": "figure", "id", "caption", "png", "svg"}]}], "run": {"version",
 * "configuration": {"source", "config"}, "machine": {...}, "timings": {...}}}}, {@code "run"} only when the report has one.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReportWriter {
  private static final ObjectMapper MAPPER_FOR_CONFIG = new ObjectMapper();
  private ReportWriter() {}

  /** Two-space indentation and {@code \n} line ends on every platform; immutable, shareable. */
  private static final ObjectWriter WRITER =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  /** The Markdown file name. */
  public static final String MARKDOWN = "report.md";

  /** The JSON file name. */
  public static final String JSON = "report.json";

  /**
   * The {@code $id} of report.json's JSON Schema ({@code schemas/report.schema.json} in the jar),
   * written as its first field {@code "schema"}.
   */
  public static final String SCHEMA = "urn:rlhf-bounds:schema:report:1";

  /**
   * Writes the report and its figures into a directory (created if needed).
   *
   * @param report the report
   * @param dir the output directory
   * @return the files written: figures (PNG, SVG per figure), then {@code report.md}, {@code
   *     report.json}
   * @throws java.io.UncheckedIOException naming the file on an I/O error
   */
  public static List<Path> write(Report report, Path dir) {
    List<Path> written = new ArrayList<>();
    for (Figure f : report.figures()) {
      written.addAll(Plots.write(f.plot(), dir.resolve(Figure.DIRECTORY), f.id()));
    }
    Path md = dir.resolve(MARKDOWN);
    writeFile(md, markdown(report).getBytes(StandardCharsets.UTF_8));
    written.add(md);
    Path js = dir.resolve(JSON);
    writeFile(js, json(report).getBytes(StandardCharsets.UTF_8));
    written.add(js);
    return written;
  }

  /**
   * Writes one report file atomically, creating its directory ({@link
   * AtomicFiles#writeCreatingParents}).
   *
   * @param target the file
   * @param bytes the contents
   * @throws UncheckedIOException naming the file on an I/O error
   */
  static void writeFile(Path target, byte[] bytes) {
    try {
      AtomicFiles.writeCreatingParents(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders the report as Markdown: title, a settings table, the sections (tables numbered
   * "Table k", figures "Figure k" with a link to the SVG), and the run block.
   *
   * @param report the report
   * @return the Markdown text, ending with a newline
   */
  public static String markdown(Report report) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(report.title()).append("\n\n");
    if (!report.settings().isEmpty()) {
      md.append("## Settings\n\n| setting | value |\n| --- | --- |\n");
      for (Map.Entry<String, Object> e : report.settings().entrySet()) {
        md.append("| ").append(escape(e.getKey())).append(" | ")
            .append(escape(Cells.format(e.getValue()))).append(" |\n");
      }
      md.append('\n');
    }
    int tables = 0;
    int figures = 0;
    for (Section s : report.sections()) {
      md.append("## ").append(s.heading()).append("\n\n");
      for (Block b : s.blocks()) {
        if (b instanceof Paragraph) {
          md.append(((Paragraph) b).text()).append("\n\n");
        } else if (b instanceof Table) {
          Table t = (Table) b;
          tables++;
          md.append("**Table ").append(tables).append(".** ").append(t.caption()).append("\n\n");
          md.append('|');
          for (String c : t.columns()) {
            md.append(' ').append(escape(c)).append(" |");
          }
          md.append("\n|");
          for (int i = 0; i < t.columns().size(); i++) {
            md.append(" --- |");
          }
          md.append('\n');
          for (List<Object> row : t.rows()) {
            md.append('|');
            for (Object cell : row) {
              md.append(' ').append(escape(Cells.format(cell))).append(" |");
            }
            md.append('\n');
          }
          md.append('\n');
        } else if (b instanceof Figure) {
          Figure f = (Figure) b;
          figures++;
          String caption = f.plot().caption().isEmpty() ? f.plot().title() : f.plot().caption();
          md.append("![Figure ").append(figures).append(": ")
              .append(f.plot().title().replace("]", "\\]")).append("](")
              .append(f.png()).append(")\n\n");
          md.append("*Figure ").append(figures).append(".* ").append(caption)
              .append(" ([SVG](").append(f.svg()).append("))\n\n");
        }
      }
    }
    @Nullable RunInfo run = report.run();
    if (run != null) {
      md.append("## Run\n\nrlhf-bounds ").append(escape(run.version()))
          .append("\n\n| machine | value |\n| --- | --- |\n");
      for (Map.Entry<String, String> e : run.machine().entrySet()) {
        md.append("| ").append(escape(e.getKey())).append(" | ").append(escape(e.getValue()))
            .append(" |\n");
      }
      md.append('\n');
      @Nullable String config = run.configuration();
      @Nullable String source = run.configurationSource();
      if (config != null && source != null) {
        md.append("Configuration (").append(escape(source)).append("):\n\n```json\n")
            .append(config.strip()).append("\n```\n\n");
      }
      if (!run.timings().isEmpty()) {
        md.append("| step | seconds |\n| --- | --- |\n");
        for (Map.Entry<String, Double> e : run.timings().entrySet()) {
          md.append("| ").append(escape(e.getKey())).append(" | ")
              .append(Cells.number(e.getValue())).append(" |\n");
        }
        md.append('\n');
      }
    }
    return md.toString().stripTrailing() + "\n";
  }

  /**
   * Renders the report as JSON (layout in the class comment).
   *
   * @param report the report
   * @return the JSON text, ending with a newline
   */
  public static String json(Report report) {
    JsonNodeFactory nf = JsonNodeFactory.instance;
    ObjectNode root = nf.objectNode();
    root.put("schema", SCHEMA);
    root.put("title", report.title());
    ObjectNode settings = root.putObject("settings");
    for (Map.Entry<String, Object> e : report.settings().entrySet()) {
      put(settings, e.getKey(), e.getValue());
    }
    ArrayNode sections = root.putArray("sections");
    for (Section s : report.sections()) {
      ObjectNode sn = sections.addObject();
      sn.put("heading", s.heading());
      ArrayNode blocks = sn.putArray("blocks");
      for (Block b : s.blocks()) {
        ObjectNode bn = blocks.addObject();
        if (b instanceof Paragraph) {
          bn.put("type", "paragraph");
          bn.put("text", ((Paragraph) b).text());
        } else if (b instanceof Table) {
          Table t = (Table) b;
          bn.put("type", "table");
          bn.put("caption", t.caption());
          ArrayNode cols = bn.putArray("columns");
          t.columns().forEach(cols::add);
          ArrayNode rows = bn.putArray("rows");
          for (List<Object> row : t.rows()) {
            ArrayNode rn = rows.addArray();
            for (Object cell : row) {
              add(rn, cell);
            }
          }
        } else if (b instanceof Figure) {
          Figure f = (Figure) b;
          bn.put("type", "figure");
          bn.put("id", f.id());
          bn.put("title", f.plot().title());
          bn.put("caption", f.plot().caption());
          bn.put("png", f.png());
          bn.put("svg", f.svg());
        }
      }
    }
    @Nullable RunInfo run = report.run();
    if (run != null) {
      ObjectNode rn = root.putObject("run");
      rn.put("version", run.version());
      @Nullable String config = run.configuration();
      @Nullable String source = run.configurationSource();
      if (config != null && source != null) {
        ObjectNode cn = rn.putObject("configuration");
        cn.put("source", source);
        try {
          cn.set("config", MAPPER_FOR_CONFIG.readTree(config));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("the recorded configuration is not JSON", e);
        }
      }
      ObjectNode machine = rn.putObject("machine");
      run.machine().forEach(machine::put);
      ObjectNode timings = rn.putObject("timings");
      run.timings().forEach((k, v) -> put(timings, k, v));
    }
    try {
      return WRITER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON rendering of report '" + report.title() + "'", e);
    }
  }

  private static void put(ObjectNode o, String key, Object v) {
    if (v instanceof Boolean) {
      o.put(key, (Boolean) v);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      o.put(key, ((Number) v).longValue());
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        o.put(key, d);
      } else {
        o.put(key, Double.toString(d));
      }
    } else {
      o.put(key, v.toString());
    }
  }

  private static void add(ArrayNode a, Object v) {
    if (v instanceof Boolean) {
      a.add((Boolean) v);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      a.add(((Number) v).longValue());
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        a.add(d);
      } else {
        a.add(Double.toString(d));
      }
    } else {
      a.add(v.toString());
    }
  }

  /** Escapes a table cell: pipes, backslashes before them, and line breaks. */
  static String escape(String s) {
    return s.replace("\\|", "|").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>");
  }
}
