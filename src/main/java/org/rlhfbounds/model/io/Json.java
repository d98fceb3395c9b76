package org.rlhfbounds.model.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's JSON conventions, shared by the file formats and the command-line output.
 *
 * <p>Reading: strict. Duplicate keys and trailing content are errors; the tokens {@code NaN} and
 * {@code Infinity} are parsed (so that validation can name the field holding them) and then
 * rejected by the readers. Syntax errors become a {@link FormatException} naming the file, the
 * field path where the parser stopped, the line and the column, and what was expected.
 *
 * <p>Writing: deterministic bytes. Keys in insertion order, two-space indentation, {@code "\n"}
 * line ends whatever the platform, arrays on one line ({@code [1.0, 2.5]}), a final newline, UTF-8.
 * Doubles are written by {@link Double#toString(double)}, which parses back to the same double
 * (round trip).
 *
 * <p>Thread-safe: the mapper and writer are immutable after construction.
 */
public final class Json {
  private Json() {}

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectWriter WRITER = MAPPER.writer(prettyPrinter());

  private static DefaultPrettyPrinter prettyPrinter() {
    Separators sep =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(sep)
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
  }

  /**
   * Converts a plain value tree (maps with string keys in their iteration order, lists, arrays,
   * numbers, strings, booleans, null) into a JSON tree.
   *
   * @param value the value
   * @return the JSON tree
   */
  public static JsonNode tree(@org.checkerframework.checker.nullness.qual.Nullable Object value) {
    if (value == null) {
      return nodes().nullNode();
    }
    return MAPPER.valueToTree(value);
  }

  /**
   * Returns a node factory for building output trees.
   *
   * @return the factory
   */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /**
   * Returns a new empty object node.
   *
   * @return the node
   */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Returns an array node holding the given doubles.
   *
   * @param values the values
   * @return the node
   */
  public static ArrayNode array(double[] values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode(values.length);
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  /**
   * Returns an array node holding the given ints.
   *
   * @param values the values
   * @return the node
   */
  public static ArrayNode array(int[] values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode(values.length);
    for (int v : values) {
      a.add(v);
    }
    return a;
  }

  /**
   * Renders a tree in the project's deterministic style, with a final newline.
   *
   * @param node the tree
   * @return the text
   */
  public static String toText(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("rendering a JSON tree failed", e);
    }
  }

  /**
   * Writes a tree to a file atomically (UTF-8, deterministic style).
   *
   * @param file the file to create or replace
   * @param node the tree
   * @throws IOException if writing fails (the file is then unchanged)
   */
  public static void write(Path file, JsonNode node) throws IOException {
    byte[] bytes = toText(node).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /**
   * Reads a file that must hold one JSON object.
   *
   * @param file the file
   * @return the object
   * @throws FormatException if the file is empty, is not valid JSON or its root is not an object
   * @throws IOException if the file cannot be read
   */
  public static ObjectNode readObject(Path file) throws IOException {
    String name = file.toString();
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = MAPPER.readTree(in);
    } catch (JacksonException e) {
      throw JsonInput.syntaxError(name, e);
    } catch (IOException e) {
      throw Json.namingFile(e, name);
    }
    if (root == null || root.isMissingNode()) {
      throw new FormatException(name, "", "file is empty; expected a JSON object");
    }
    if (!root.isObject()) {
      throw new FormatException(
          name, "", "expected a JSON object at the top level, got " + JsonInput.describe(root));
    }
    return (ObjectNode) root;
  }

  /**
   * Makes an I/O failure name its file: {@link java.nio.file.FileSystemException}s and {@link
   * FormatException}s already do; others (e.g. "Is a directory") get the file name prefixed.
   *
   * @param e the failure
   * @param name the file name
   * @return an exception whose message names the file
   */
  static IOException namingFile(IOException e, String name) {
    if (e instanceof java.nio.file.FileSystemException || e instanceof FormatException) {
      return e;
    }
    return new IOException(name + ": " + e.getMessage(), e);
  }
}
