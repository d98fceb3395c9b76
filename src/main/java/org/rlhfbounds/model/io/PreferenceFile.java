package org.rlhfbounds.model.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhfbounds.model.Features;
import org.rlhfbounds.model.Preferences;

/**
 * Reads and writes a preference file (format {@value #FORMAT}): pairwise comparisons over the
 * prompt list of an instance.
 *
 * <pre>
 * {"format": "rlhf-bounds.preferences/1",
 *  "prompt": [17, 3, 3], "first": [0, 2, 1], "second": [1, 0, 3], "label": [1, 0, 1]}
 * </pre>
 *
 * {@code label[i] = 1} when {@code first[i]} is preferred to {@code second[i]} on prompt {@code
 * prompt[i]}. Validation (every problem is rejected with one line naming the file, the field with
 * its index, and the value): the format string is required and exact; unknown or missing fields;
 * non-arrays and non-integers; arrays of different lengths or empty; a prompt outside {@code [0,
 * M)}; a candidate outside its prompt's {@code [0, K)}; {@code first == second}; a label other than
 * 0 or 1.
 *
 * <p>Thread-safe: stateless.
 */
public final class PreferenceFile {
  /** The format string of preference files. */
  public static final String FORMAT = "rlhf-bounds.preferences/1";

  private static final List<String> KEYS = List.of("format", "prompt", "first", "second", "label");

  private PreferenceFile() {}

  /**
   * Reads a preference file against the prompts of an instance.
   *
   * @param file the file
   * @param prompts the instance's prompt list
   * @return the data
   * @throws FormatException naming the file, field, index and value of the first problem
   * @throws IOException if the file cannot be read
   */
  public static Preferences read(Path file, Features prompts) throws IOException {
    JsonInput in = new JsonInput(file.toString());
    ObjectNode root = Json.readObject(file);
    String format = in.string(in.require(root, "", "format"), "format");
    if (!FORMAT.equals(format)) {
      throw in.error(
          "format", "expected \"" + FORMAT + "\", got " + JsonInput.describe(root.get("format")));
    }
    in.allowOnly(root, "", KEYS);
    int[] prompt = in.intArray(in.require(root, "", "prompt"), "prompt");
    int[] first = in.intArray(in.require(root, "", "first"), "first");
    int[] second = in.intArray(in.require(root, "", "second"), "second");
    int[] label = in.intArray(in.require(root, "", "label"), "label");
    if (prompt.length == 0) {
      throw in.error("prompt", "preference data must hold at least one comparison, got an empty array");
    }
    requireLength(in, first, prompt.length, "first");
    requireLength(in, second, prompt.length, "second");
    requireLength(in, label, prompt.length, "label");
    Preferences.Problem problem = Preferences.firstProblem(prompt, first, second, label, prompts);
    if (problem != null) {
      throw in.error(problem.field(), problem.message());
    }
    return Preferences.of(prompt, first, second, label, prompts);
  }

  private static void requireLength(JsonInput in, int[] a, int n, String field)
      throws FormatException {
    if (a.length != n) {
      throw in.error(
          field, "expected " + n + " entries (the length of prompt), got an array of " + a.length);
    }
  }

  /**
   * Writes a preference file atomically.
   *
   * @param file the file to create or replace
   * @param data the comparisons
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, Preferences data) throws IOException {
    Json.write(file, toJson(data));
  }

  /**
   * Returns the JSON object of a preference file.
   *
   * @param data the comparisons
   * @return the object
   */
  public static ObjectNode toJson(Preferences data) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.set("prompt", Json.array(data.prompts()));
    root.set("first", Json.array(data.first()));
    root.set("second", Json.array(data.second()));
    root.set("label", Json.array(data.labels()));
    return root;
  }
}
