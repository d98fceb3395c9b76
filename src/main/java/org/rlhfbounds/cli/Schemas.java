package org.rlhfbounds.cli;

/**
 * The JSON Schemas (draft 2020-12) of the command line's outputs. Each output's first field,
 * {@code "schema"}, holds its schema's {@code $id}; the schema itself ships in the jar as {@code
 * schemas/<name>.schema.json} (and lives in the repository under {@code src/main/resources}).
 *
 * <p>Thread-safe: stateless.
 */
final class Schemas {
  private Schemas() {}

  /**
   * The {@code $id} of a schema.
   *
   * @param name the schema name: {@code evaluate}, {@code train}, {@code stability}, {@code
   *     bound}, {@code generate} or {@code report}
   * @return {@code urn:rlhf-bounds:schema:<name>:1}
   */
  static String id(String name) {
    return "urn:rlhf-bounds:schema:" + name + ":1";
  }

  /**
   * The resource path of a schema in the jar.
   *
   * @param name the schema name
   * @return {@code schemas/<name>.schema.json}
   */
  static String resource(String name) {
    return "schemas/" + name + ".schema.json";
  }
}
