package org.rlhfbounds.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.io.Json;
import org.rlhfbounds.report.Version;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code rlhf-bounds} subcommand shares: the command spec picocli injects, the output
 * stream, the JSON output stamped with its schema, and the conventions for options that do not
 * apply (rejected, never ignored).
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
abstract class CommandBase implements Callable<Integer> {
  @Spec private @Nullable CommandSpec spec;

  /** Creates the command (picocli instantiates the subclasses). */
  CommandBase() {}

  /**
   * The command spec picocli injected.
   *
   * @return the spec
   * @throws IllegalStateException if the command was not run by picocli
   */
  final CommandSpec spec() {
    CommandSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return s;
  }

  /**
   * Standard output of the run.
   *
   * @return the writer
   */
  final PrintWriter out() {
    return spec().commandLine().getOut();
  }

  /**
   * Whether the user gave {@code option} on the command line (a default does not count).
   *
   * @param option the option name, e.g. {@code "--steps"}
   * @return true when it was given
   */
  final boolean given(String option) {
    return spec().commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * Rejects {@code option} when it was given: it does not apply (or conflicts), and ignoring it
   * would hide a mistake.
   *
   * @param option the option name
   * @param reason why it does not apply, e.g. {@code "GA draws nothing at random"}
   * @throws BadInputException if the option was given
   */
  final void rejectIfGiven(String option, String reason) {
    if (given(option)) {
      throw BadInputException.option(option, "does not apply: " + reason);
    }
  }

  /**
   * Requires {@code option} (which has no default) to be given.
   *
   * @param option the option name
   * @param why what it is needed for
   * @throws BadInputException if it was not given
   */
  final void require(String option, String why) {
    if (!given(option)) {
      throw BadInputException.option(option, "missing; it is required " + why);
    }
  }

  /**
   * Prints a JSON result with the top-level field {@code "schema"} first, naming the schema it
   * follows ({@link Schemas#id}), then {@code "version"}, the version of rlhf-bounds and the
   * commit it was built from ({@link Version#text()}).
   *
   * @param schema the schema name, e.g. {@code "train"}
   * @param body the result
   */
  final void printJson(String schema, JsonNode body) {
    ObjectNode r = Json.object();
    r.put("schema", Schemas.id(schema));
    r.put("version", Version.current().text());
    if (body.isObject()) {
      r.setAll((ObjectNode) body);
    }
    out().print(Json.toText(r));
  }
}
