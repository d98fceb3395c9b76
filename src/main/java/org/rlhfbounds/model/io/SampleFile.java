package org.rlhfbounds.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhfbounds.model.FiniteDistribution;
import org.rlhfbounds.model.Sample;

/**
 * Reads and writes a sample file: the indices of the sampled prompts in an instance's prompt list
 * (repeats allowed, order kept).
 *
 * <pre>
 * {"format": "rlhf-bounds.sample/1", "indices": [17, 3, 3, 120]}
 * </pre>
 *
 * {@code "format"} is optional on reading (a bare {@code {"indices": [..]}} is accepted) and always
 * written. Validation: a non-empty array of integers in {@code [0, M)}; unknown fields are
 * rejected. Errors name the file, the field, the index and the value.
 *
 * <p>Thread-safe: stateless.
 */
public final class SampleFile {
  private SampleFile() {}

  /** The format string of sample files. */
  public static final String FORMAT = "rlhf-bounds.sample/1";

  private static final List<String> KEYS = List.of("format", "indices");

  /**
   * Reads a sample file against the prompt list of a finite distribution.
   *
   * @param file the sample file
   * @param distribution the distribution whose prompts the indices refer to
   * @return the sample
   * @throws FormatException naming the file, field, index and value of the first problem
   * @throws IOException if the file cannot be read
   */
  public static Sample read(Path file, FiniteDistribution distribution) throws IOException {
    int[] idx = readIndices(file, distribution.prompts().size());
    return Sample.ofIndices(distribution, idx);
  }

  /**
   * Reads the indices of a sample file, checking each against the number of prompts.
   *
   * @param file the sample file
   * @param m the number of prompts M
   * @return the indices
   * @throws FormatException naming the file, field, index and value of the first problem
   * @throws IOException if the file cannot be read
   */
  public static int[] readIndices(Path file, int m) throws IOException {
    return readIndexArray(file, m, FORMAT, "indices", "a sample", "instance's prompt list");
  }

  /**
   * Reads a non-empty array of indices in {@code [0, m)} stored under {@code key} in a JSON object
   * whose only other allowed field is {@code "format"}.
   *
   * @param file the file
   * @param m the exclusive upper bound of the indices
   * @param format the expected format string (optional in the file)
   * @param key the array's key
   * @param what what the array is, for messages (e.g. "a sample")
   * @param range what the indices point into, for messages
   * @return the indices
   * @throws IOException if unreadable or invalid (naming the file, field and value)
   */
  static int[] readIndexArray(
      Path file, int m, String format, String key, String what, String range)
      throws IOException {
    JsonInput in = new JsonInput(file.toString());
    ObjectNode root = Json.readObject(file);
    checkFormat(in, root, format);
    in.allowOnly(root, "", List.of("format", key));
    JsonNode arr = in.require(root, "", key);
    int[] idx = in.intArray(arr, key);
    if (idx.length == 0) {
      throw in.error(key, what + " must hold at least one index, got an empty array");
    }
    for (int s = 0; s < idx.length; s++) {
      if (idx[s] < 0 || idx[s] >= m) {
        throw in.error(
            key + "[" + s + "]", idx[s] + " is outside the " + range + " [0, " + m + ")");
      }
    }
    return idx;
  }

  /**
   * Writes a sample file atomically.
   *
   * @param file the file to create or replace
   * @param indices the prompt indices (non-empty, each {@code >= 0})
   * @throws IllegalArgumentException if the indices are empty or one is negative
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, int[] indices) throws IOException {
    if (indices.length == 0) {
      throw new IllegalArgumentException("indices: a sample must not be empty");
    }
    for (int s = 0; s < indices.length; s++) {
      if (indices[s] < 0) {
        throw new IllegalArgumentException("indices[" + s + "] = " + indices[s] + " is negative");
      }
    }
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.set("indices", Json.array(indices));
    Json.write(file, root);
  }

  /**
   * Writes the indices of a sample drawn from a finite distribution.
   *
   * @param file the file to create or replace
   * @param sample the sample; it must record its indices
   * @throws IllegalArgumentException if the sample has no index list
   * @throws IOException if writing fails
   */
  public static void write(Path file, Sample sample) throws IOException {
    int[] idx = sample.indices();
    if (idx.length != sample.size()) {
      throw new IllegalArgumentException(
          "sample: only a sample drawn from a finite distribution (with indices) can be written");
    }
    write(file, idx);
  }

  /** Checks an optional format field. */
  static void checkFormat(JsonInput in, ObjectNode root, String expected) throws FormatException {
    JsonNode f = root.get("format");
    if (f != null && !(f.isTextual() && expected.equals(f.textValue()))) {
      throw in.error(
          "format", "expected \"" + expected + "\" (or no format field), got " + JsonInput.describe(f));
    }
  }
}
