package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates JSON text against one of the command line's shipped JSON Schemas ({@code
 * schemas/<name>.schema.json} on the class path, draft 2020-12), with the networknt validator.
 * Usable from any test: {@code SchemaAssert.valid("train", output)}.
 *
 * <p>Thread-safe: schemas are cached in a concurrent map.
 */
public final class SchemaAssert {
  private SchemaAssert() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ConcurrentHashMap<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  /**
   * The schema document of a name, as JSON.
   *
   * @param name the schema name, e.g. {@code "train"}
   * @return the schema
   */
  public static JsonNode document(String name) {
    String res = "/schemas/" + name + ".schema.json";
    try (InputStream in = SchemaAssert.class.getResourceAsStream(res)) {
      assertNotNull(in, "no schema resource " + res);
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(res, e);
    }
  }

  private static JsonSchema schema(String name) {
    return CACHE.computeIfAbsent(
        name,
        n -> {
          JsonNode doc = document(n);
          assertEquals("https://json-schema.org/draft/2020-12/schema", doc.path("$schema").asText(),
              n + ": draft 2020-12 expected");
          assertEquals("urn:rlhf-bounds:schema:" + n + ":1", doc.path("$id").asText(), n + ": $id");
          return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(doc);
        });
  }

  /**
   * The validation errors of a JSON text against a schema (empty when it is valid).
   *
   * @param name the schema name
   * @param json the JSON text
   * @return the messages, one per violation
   */
  public static Set<String> errors(String name, String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      fail("not JSON: " + e.getMessage() + "\n" + json);
      throw new IllegalStateException(e);
    }
    return schema(name).validate(node).stream()
        .map(ValidationMessage::getMessage)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * Asserts that a JSON text is valid against a schema and names it in its first field {@code
   * "schema"}.
   *
   * @param name the schema name
   * @param json the JSON text
   */
  public static void valid(String name, String json) {
    Set<String> errors = errors(name, json);
    assertTrue(errors.isEmpty(), name + " schema violated: " + errors);
    try {
      JsonNode node = MAPPER.readTree(json);
      assertEquals("schema", node.fieldNames().next(), "\"schema\" is the first field");
      assertEquals("urn:rlhf-bounds:schema:" + name + ":1", node.get("schema").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
