package org.rlhfbounds.spark;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.rlhfbounds.model.io.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf-bounds-spark}: the commands of rlhf-bounds that run on Apache Spark. Exit codes as
 * {@code rlhf-bounds}: 0 success, 2 bad input (one line on standard error naming the option or
 * file and the value), 1 an internal error.
 */
@Command(
    name = "rlhf-bounds-spark",
    mixinStandardHelpOptions = true,
    subcommands = {SparkAuditCommand.class, SparkReproduceCommand.class},
    description =
        "rlhf-bounds on Apache Spark: the audit of a feature export and the reproduce report"
            + " on a cluster.",
    synopsisSubcommandLabel = "COMMAND")
public final class Main implements Callable<Integer> {
  /** Success. */
  static final int OK = 0;

  /** An internal error. */
  static final int INTERNAL_ERROR = 1;

  /** Bad input. */
  static final int BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  /** Creates the top-level command (picocli instantiates it). */
  public Main() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, out, err));
  }

  /**
   * Runs the command line in-process.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (e, a) -> {
          err.println("rlhf-bounds-spark: " + e.getMessage());
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          Throwable bad = badInput(e);
          if (bad != null) {
            err.println("rlhf-bounds-spark: " + bad.getMessage());
            return BAD_INPUT;
          }
          err.println("rlhf-bounds-spark: internal error: " + e);
          e.printStackTrace(err);
          return INTERNAL_ERROR;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The bad input behind an exception, also when a Spark task threw it: a {@link FormatException}
   * a {@link BadInput} or the library's {@link org.rlhfbounds.cli.BadInputException} (the shared
   * output check) anywhere in the cause chain, or null.
   */
  private static Throwable badInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FormatException
          || t instanceof BadInput
          || t instanceof org.rlhfbounds.cli.BadInputException
          || t instanceof java.io.FileNotFoundException
          || t instanceof java.nio.file.NoSuchFileException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command; expected one of " + String.join(", ", spec.subcommands().keySet()));
  }

  /** Bad input found by a command: reported on one line with exit code 2. */
  static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }
}
