package org.rlhfbounds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.audit.Audit;
import org.rlhfbounds.audit.AuditPlanning;
import org.rlhfbounds.bounds.PlanConstants;
import org.rlhfbounds.bounds.Planner;
import org.rlhfbounds.model.io.FormatException;
import org.rlhfbounds.model.io.Json;

/**
 * The population of {@code plan --audit}: the planning constants an audit wrote ({@code
 * planning.constants} of {@code audit.json}, schema {@value Audit#SCHEMA}), read strictly: the file
 * must be an audit of this schema with a version, and every constant present, of its type and in
 * its range; a bad file is a one-line error naming the file, the field and the value.
 */
final class AuditSource {
  private AuditSource() {}

  /**
   * Reads the planning constants of an audit.
   *
   * @param file the audit.json
   * @return the constants, or null when the audit was made without the reward model ({@code
   *     planning} is null)
   * @throws IOException if the file cannot be read
   * @throws BadInputException naming the file, the field and the value when the file is not such an
   *     audit
   */
  static @Nullable PlanConstants read(Path file) throws IOException {
    ObjectNode root;
    try {
      root = Json.readObject(file);
    } catch (FormatException e) {
      throw BadInputException.option("--audit", String.valueOf(e.getMessage()));
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.isTextual() || !Audit.SCHEMA.equals(schema.asText())) {
      throw bad(file, "schema", schema, "expected \"" + Audit.SCHEMA + "\" (an audit.json)");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || version.asText().isEmpty()) {
      throw bad(file, "version", version, "expected the rlhf-bounds version that wrote the audit");
    }
    JsonNode planning = root.get("planning");
    if (planning == null) {
      throw bad(file, "planning", null,
          "missing (an audit written before planning constants were recorded: run audit again)");
    }
    if (planning.isNull()) {
      return null;
    }
    JsonNode c = planning.get("constants");
    if (c == null || !c.isObject()) {
      throw bad(file, "planning.constants", c, "expected an object");
    }
    try {
      return PlanConstants.of(AuditPlanning.readConstants(c));
    } catch (IllegalArgumentException e) {
      throw BadInputException.option(
          "--audit", file + ": planning.constants." + e.getMessage());
    }
  }

  private static BadInputException bad(
      Path file, String field, @Nullable JsonNode value, String problem) {
    return BadInputException.option(
        "--audit", file + ": " + field + " = " + value + ": " + problem);
  }

  /**
   * Fills the plan of an audit made without the reward model: nothing is planned, and the reason
   * names the missing assumption.
   *
   * @param r the plan object, with its inputs already put
   * @param learner the learner
   * @param stepsMax the largest T searched
   */
  static void unplannable(ObjectNode r, Planner.Learner learner, int stepsMax) {
    String why =
        "the audit has no reward model (planning is null: it was made without theta* and beta),"
            + " so the population's coverage at w*, ||theta*|| and the start's distance to w* are"
            + " unknown; run audit with --theta FILE and --beta b";
    r.putNull("deltaSplit");
    r.putNull("population");
    r.put("reachable", false);
    r.put("summary", "no plan: " + why);
    r.putNull("plan");
    r.putArray("predecessors");
    r.putNull("cheapest");
    r.put("cost", PlanCommand.costDefinition(learner));
    r.put("monotoneInSteps", false);
    ObjectNode lim = r.putObject("searchLimits");
    lim.put("n", Planner.N_MAX);
    lim.put("steps", learner == Planner.Learner.OPTIMUM ? 0 : stepsMax);
    r.putNull("atLimits");
    r.put("reason", why);
  }
}
