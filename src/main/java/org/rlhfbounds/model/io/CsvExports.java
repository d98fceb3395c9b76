package org.rlhfbounds.model.io;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the CSV layout of {@link FeatureExports} (RFC 4180, UTF-8, parsed by Apache Commons CSV):
 * a header with {@code prompt_id}, {@code response_id}, optionally {@code reward}, and at least
 * one feature column (every other column, in header order). The rows of one prompt need not be
 * adjacent: prompts keep the order of their first row, candidates their file order. The file is
 * parsed to float64 and regrouped by prompt (one copy).
 *
 * <p>Thread-safe: stateless.
 */
final class CsvExports {
  private CsvExports() {}

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * Reads a CSV export.
   *
   * @param file the CSV file
   * @return the export, its rows regrouped by prompt
   * @throws FormatException naming file, line, column and expectation when the input is invalid
   * @throws IOException if the file cannot be read
   */
  // Index: rows i < n, columns j < d and groups g <= groups.size() index arrays sized by them.
  @SuppressWarnings("index")
  static FeatureExport read(Path file) throws IOException {
    String name = file.toString();
    List<CSVRecord> records = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180)) {
      for (CSVRecord rec : p) {
        records.add(rec);
      }
    } catch (UncheckedIOException e) {
      throw new FormatException(name, "", "malformed CSV: " + e.getCause().getMessage());
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new FormatException(name, "", "malformed CSV: " + e.getMessage());
    }
    if (records.isEmpty()) {
      throw new FormatException(
          name, "line 1", "empty file; expected a header with prompt_id, response_id and feature columns");
    }
    CSVRecord head = records.get(0);
    int width = head.size();
    int promptCol = -1;
    int responseCol = -1;
    int rewardCol = -1;
    List<Integer> featureCols = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int c = 0; c < width; c++) {
      String h = head.get(c).strip();
      Integer before = seen.put(h, c);
      if (before != null) {
        throw new FormatException(
            name, "line 1", "column '" + h + "' appears twice (columns " + (before + 1) + " and " + (c + 1) + ")");
      }
      if (h.equals("prompt_id")) {
        promptCol = c;
      } else if (h.equals("response_id")) {
        responseCol = c;
      } else if (h.equals("reward")) {
        rewardCol = c;
      } else {
        featureCols.add(c);
      }
    }
    if (promptCol < 0 || responseCol < 0) {
      throw new FormatException(
          name,
          "line 1",
          "header " + head.toList() + " lacks " + (promptCol < 0 ? "prompt_id" : "response_id")
              + "; expected prompt_id, response_id, feature columns and optionally reward");
    }
    if (featureCols.isEmpty()) {
      throw new FormatException(name, "line 1", "header " + head.toList() + " has no feature column");
    }
    int d = featureCols.size();
    int n = records.size() - 1;
    if (n == 0) {
      throw new FormatException(name, "line 2", "no data rows; expected at least two responses of one prompt");
    }
    double[] vals = new double[n * d];
    double[] rew = rewardCol >= 0 ? new double[n] : new double[0];
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    Map<String, Long> pairs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      CSVRecord rec = records.get(i + 1);
      long line = rec.getRecordNumber();
      if (rec.size() != width) {
        throw new FormatException(
            name,
            "line " + line,
            rec.size() + " fields; expected " + width + " as in the header (ragged row)");
      }
      String pid = rec.get(promptCol);
      String rid = rec.get(responseCol);
      String key = pid + "\u0000" + rid;
      Long dup = pairs.put(key, line);
      if (dup != null) {
        throw new FormatException(
            name,
            "line " + line,
            "(prompt_id, response_id) = ('" + pid + "', '" + rid + "') repeats line " + dup
                + "; expected each pair once");
      }
      for (int j = 0; j < d; j++) {
        int c = featureCols.get(j);
        vals[i * d + j] = cell(name, line, head.get(c).strip(), rec.get(c));
      }
      if (rewardCol >= 0) {
        rew[i] = cell(name, line, "reward", rec.get(rewardCol));
      }
      groups.computeIfAbsent(pid, k -> new ArrayList<>()).add(i);
    }
    int[] offsets = new int[groups.size() + 1];
    double[] out = new double[n * d];
    double[] outRew = rewardCol >= 0 ? new double[n] : null;
    int row = 0;
    int g = 0;
    for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
      List<Integer> members = e.getValue();
      if (members.size() < 2) {
        throw new FormatException(
            name,
            "line " + records.get(members.get(0) + 1).getRecordNumber(),
            "prompt_id '" + e.getKey() + "' has " + members.size()
                + " response; expected at least 2 per prompt");
      }
      offsets[g++] = row;
      for (int src : members) {
        System.arraycopy(vals, src * d, out, row * d, d);
        if (outRew != null) {
          outRew[row] = rew[src];
        }
        row++;
      }
    }
    offsets[g] = row;
    return new FeatureExport(name, null, out, n, d, offsets, outRew);
  }

  private static double cell(String name, long line, String column, String text)
      throws FormatException {
    String t = text.strip();
    if (!NUMBER.matcher(t).matches()) {
      String l = t.toLowerCase(Locale.ROOT);
      boolean nonFinite = l.contains("nan") || l.contains("inf");
      throw new FormatException(
          name,
          "line " + line + ", column '" + column + "'",
          "'" + FormatException.oneLine(text) + "' is "
              + (nonFinite ? "not finite" : "not a number") + "; expected a finite decimal number");
    }
    double v = Double.parseDouble(t);
    if (!Double.isFinite(v)) {
      throw new FormatException(
          name,
          "line " + line + ", column '" + column + "'",
          "'" + t + "' overflows a double; expected a finite number");
    }
    return v;
  }
}
