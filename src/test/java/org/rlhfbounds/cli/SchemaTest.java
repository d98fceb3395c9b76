package org.rlhfbounds.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSON the command line prints validates against its shipped schema (the validator is
 * networknt's, draft 2020-12), in each variant (algorithms, options that add or drop fields),
 * and the schemas are strict enough to catch a changed output.
 */
class SchemaTest {
  @TempDir static Path dir;
  private static String inst;
  private static String sample;
  private static String ragged;

  @BeforeAll
  static void generate() {
    MainTest.generateSmall(dir.resolve("a"), 40, 12);
    MainTest.Run h =
        ok("generate", "--family", "deficient", "--prompts", "20", "--candidates", "4",
            "--min-candidates", "2", "--dim", "4", "--beta", "0.5", "--seed", "7", "--out",
            dir.resolve("b").toString());
    SchemaAssert.valid("generate", h.out);
    inst = dir.resolve("a/instance.json").toString();
    sample = dir.resolve("a/sample.json").toString();
    ragged = dir.resolve("b/instance.json").toString();
  }

  private static MainTest.Run ok(String... args) {
    MainTest.Run r = MainTest.run(args);
    assertEquals(ExitCode.OK, r.code, String.join(" ", args) + ": " + r.err);
    return r;
  }

  @Test
  void evaluate() throws IOException {
    SchemaAssert.valid("evaluate", ok("evaluate", "--instance", inst, "--sample", sample).out);
    // a deficient family: a kernel, no sample file, a given w
    Path w = Files.writeString(dir.resolve("w4.json"), "{\"w\": [0.1, 0.2, 0.3, 0.4]}");
    SchemaAssert.valid("evaluate", ok("evaluate", "--instance", ragged, "--w", w.toString()).out);
  }

  @Test
  void train() throws IOException {
    Path order = Files.writeString(dir.resolve("order.json"), "{\"order\": [0, 3, 3, 1]}");
    for (String[] more : new String[][] {
        {"--algorithm", "ga", "--steps", "20", "--record-every", "5"},
        {"--algorithm", "sga", "--steps", "20", "--seed", "3"},
        {"--algorithm", "sga", "--order", order.toString(), "--eta", "0.1"}}) {
      List<String> a = new java.util.ArrayList<>(
          List.of("train", "--instance", inst, "--sample", sample));
      a.addAll(List.of(more));
      SchemaAssert.valid("train", ok(a.toArray(new String[0])).out);
    }
  }

  @Test
  void stability() {
    for (String[] more : new String[][] {
        {"--algorithm", "ga", "--steps", "10", "--positions", "4"},
        {"--algorithm", "sga", "--steps", "10", "--selection", "last", "--replacement",
            "adversarial", "--candidates", "2", "--positions", "3"},
        {"--algorithm", "exact", "--positions", "3"}}) {
      List<String> a = new java.util.ArrayList<>(
          List.of("stability", "--instance", inst, "--n", "8", "--replicates", "2"));
      a.addAll(List.of(more));
      SchemaAssert.valid("stability", ok(a.toArray(new String[0])).out);
    }
  }

  @Test
  void bound() {
    SchemaAssert.valid("bound",
        ok("bound", "--instance", inst, "--sample", sample, "--algorithm", "ga", "--steps", "30")
            .out);
    SchemaAssert.valid("bound",
        ok("bound", "--instance", inst, "--sample", sample, "--algorithm", "sga", "--steps", "30",
            "--stability", "2", "--seed", "4").out);
  }

  @Test
  void schemasAreStrict() throws IOException {
    String out =
        ok("bound", "--instance", inst, "--sample", sample, "--algorithm", "ga", "--steps", "5").out;
    ObjectMapper m = new ObjectMapper();
    ObjectNode extra = (ObjectNode) m.readTree(out);
    extra.put("unknown", 1);
    assertFalse(SchemaAssert.errors("bound", extra.toString()).isEmpty(), "unknown field passes");
    ObjectNode missing = (ObjectNode) m.readTree(out);
    missing.remove("measured");
    assertFalse(SchemaAssert.errors("bound", missing.toString()).isEmpty(), "missing field passes");
    ObjectNode suffixed = (ObjectNode) m.readTree(out);
    ((ObjectNode) suffixed.get("theorems").get(0)).put("id", "T-OPT#opt");
    assertFalse(SchemaAssert.errors("bound", suffixed.toString()).isEmpty(), "id with a part");
    ObjectNode wrongType = (ObjectNode) m.readTree(out);
    wrongType.put("steps", "five");
    assertFalse(SchemaAssert.errors("bound", wrongType.toString()).isEmpty(), "wrong type passes");
    ObjectNode wrongSchema = (ObjectNode) m.readTree(out);
    wrongSchema.put("schema", Schemas.id("train"));
    assertFalse(SchemaAssert.errors("bound", wrongSchema.toString()).isEmpty(), "other schema id");
  }

  @Test
  void everySchemaShipsAndNamesItsId() throws IOException {
    List<String> shipped;
    try (var files = Files.list(Path.of("src/main/resources/schemas"))) {
      shipped =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".schema.json"))
              .map(f -> f.substring(0, f.length() - ".schema.json".length()))
              .sorted()
              .toList();
    }
    assertTrue(
        shipped.containsAll(
            List.of("evaluate", "train", "stability", "bound", "generate", "report", "audit",
                "plan", "preferences", "reproduce-config")),
        "shipped schemas: " + shipped);
    for (String name : shipped) {
      try (InputStream in =
          SchemaTest.class.getClassLoader().getResourceAsStream(Schemas.resource(name))) {
        assertTrue(in != null, Schemas.resource(name) + " is not on the class path");
        JsonNode doc = new ObjectMapper().readTree(in);
        assertEquals(Schemas.id(name), doc.get("$id").asText());
        if (name.equals("reproduce-config")) {
          continue; // an input format: no "schema" field of its own
        }
        assertEquals(Schemas.id(name), doc.get("properties").get("schema").get("const").asText());
        if (!name.equals("report")) { // the report records its version in its run block
          List<String> required = new java.util.ArrayList<>();
          doc.get("required").forEach(r -> required.add(r.asText()));
          assertTrue(required.contains("version"), name + ": the output must record its version");
        }
      }
    }
    assertTrue(Files.isRegularFile(Path.of("src/main/resources", Schemas.resource("report"))));
  }
}
