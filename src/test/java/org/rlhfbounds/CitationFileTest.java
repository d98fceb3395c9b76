package org.rlhfbounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code CITATION.cff} at the top level is valid Citation File Format 1.2.0: parsed as YAML
 * (jackson-dataformat-yaml) and validated against the format's own JSON Schema (draft-07, shipped
 * under {@code src/test/resources/cff/}, source in {@code SOURCE.md} there) with the networknt
 * validator; its version is the project version of {@code pom.xml} and its licence the pom's.
 */
class CitationFileTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonSchema schema() throws IOException {
    try (InputStream in = CitationFileTest.class.getResourceAsStream("/cff/schema-1.2.0.json")) {
      assertNotNull(in, "the CFF schema resource");
      JsonNode doc = new ObjectMapper().readTree(in);
      assertEquals("http://json-schema.org/draft-07/schema", doc.path("$schema").asText());
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(doc);
    }
  }

  private static JsonNode citation() throws IOException {
    return YAML.readTree(Files.readString(Path.of("CITATION.cff")));
  }

  /** The first {@code <tag>} directly under {@code <project>} of pom.xml (not of a dependency). */
  static String pomElement(String tag) throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    // the project's own elements come before <properties>; dependencies and plugins after it
    String head = pom.substring(0, pom.indexOf("<properties>"));
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(head);
    assertTrue(m.find(), "pom.xml has a project-level <" + tag + ">");
    return m.group(1).strip();
  }

  @Test
  void theCitationFileIsValidCitationFileFormat() throws IOException {
    JsonNode cff = citation();
    Set<ValidationMessage> errors = schema().validate(cff);
    assertTrue(errors.isEmpty(), "CITATION.cff: " + errors);
    assertEquals("1.2.0", cff.path("cff-version").asText());
  }

  @Test
  void itsVersionAndLicenceAreThePoms() throws IOException {
    JsonNode cff = citation();
    assertEquals(pomElement("version"), cff.path("version").asText(), "CITATION.cff: version");
    assertEquals("Apache-2.0", cff.path("license").asText(), "CITATION.cff: license");
    assertTrue(Files.readString(Path.of("pom.xml")).contains("<name>Apache-2.0</name>"),
        "the pom declares the same licence");
  }

  @Test
  void theSchemaRejectsBrokenCitations() throws IOException {
    JsonSchema s = schema();
    ObjectNode noAuthors = (ObjectNode) citation();
    noAuthors.remove("authors");
    assertFalse(s.validate(noAuthors).isEmpty(), "a citation without authors");
    ObjectNode badLicence = (ObjectNode) citation();
    badLicence.put("license", "Apache 2");
    assertFalse(s.validate(badLicence).isEmpty(), "a licence that is no SPDX id");
    ObjectNode unknown = (ObjectNode) citation();
    unknown.put("repository-kode", "x");
    assertFalse(s.validate(unknown).isEmpty(), "an unknown key");
  }
}
