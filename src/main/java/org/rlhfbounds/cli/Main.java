package org.rlhfbounds.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.concurrent.Callable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.rlhfbounds.model.io.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code rlhf-bounds} command line: {@code rlhf-bounds <command> [options]}, with the
 * subcommands of {@link Subcommands#ALL}.
 *
 * <p>Exit codes ({@link ExitCode}): 0 on success; 2 on bad input (usage errors, unreadable or
 * unwritable files, validation failures), with exactly one line on stderr naming the file or
 * option and the field; 1 on an internal error, with a one-line summary followed by the stack
 * trace. {@link #run(String[], PrintWriter, PrintWriter)} returns the exit code instead of calling
 * {@link System#exit}, so tests run commands in-process.
 *
 * <p>Output is UTF-8 with {@code "\n"} line ends; the same input gives the same bytes.
 */
@Command(
    name = "rlhf-bounds",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Generalization bounds of RLHF under a linear reward model.",
    synopsisSubcommandLabel = "COMMAND")
public final class Main implements Callable<Integer> {
  @Spec private @Nullable CommandSpec spec;

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
   * @return the exit code ({@link ExitCode})
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, List.of());
  }

  /**
   * Runs the command line with extra subcommands (for tests).
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param extra additional subcommand instances
   * @return the exit code
   */
  static int run(String[] args, PrintWriter out, PrintWriter err, List<Object> extra) {
    int code;
    try {
      code = commandLine(out, err, extra).execute(args);
    } catch (RuntimeException | Error e) {
      code = internalError(e, err);
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The configured command line: subcommands, output streams and the exit-code handlers.
   *
   * @param out standard output
   * @param err standard error
   * @param extra additional subcommand instances
   * @return the command line
   */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Object> extra) {
    CommandLine cl = new CommandLine(new Main());
    for (Class<?> c : Subcommands.ALL) {
      cl.addSubcommand(c);
    }
    for (Object o : extra) {
      cl.addSubcommand(o);
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(Main::parameterError);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> executionError(e, cmd));
    return cl;
  }

  @Override
  public Integer call() {
    CommandSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    throw new ParameterException(
        s.commandLine(),
        "missing command; expected one of " + String.join(", ", s.subcommands().keySet()));
  }

  private static int parameterError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String msg = e.getMessage();
    UnmatchedArgumentException unmatched =
        e instanceof UnmatchedArgumentException
            ? (UnmatchedArgumentException) e
            : e instanceof MissingParameterException ? unknownOptions(cmd, args) : null;
    if (unmatched != null) {
      // a mistyped option is the cause of a "missing required option" too: name the typo first
      msg = unmatched.getMessage();
      List<String> s = unmatched.getSuggestions();
      if (!s.isEmpty()) {
        msg += " (did you mean " + String.join(" or ", s) + "?)";
      }
    }
    cmd.getErr()
        .println(
            oneLine(
                cmd.getCommandSpec().qualifiedName()
                    + ": "
                    + msg
                    + " (see '"
                    + cmd.getCommandSpec().qualifiedName()
                    + " --help')"));
    return ExitCode.BAD_INPUT;
  }

  /**
   * The words of {@code args} after the subcommand's name that look like options ({@code --x} or
   * {@code --x=v}) but name none of {@code cmd}'s, as picocli's own unmatched-argument error (so
   * that its suggestions apply), or null when there are none. Picocli reports a missing required
   * option before an unknown one; a typo in a required option is then the real cause.
   */
  private static @Nullable UnmatchedArgumentException unknownOptions(
      CommandLine cmd, String[] args) {
    CommandSpec spec = cmd.getCommandSpec();
    List<String> unknown = new java.util.ArrayList<>();
    boolean inCommand = spec.parent() == null;
    for (String a : args) {
      if (!inCommand) {
        inCommand = a.equals(spec.name());
        continue;
      }
      if (a.equals("--")) {
        break;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      if (name.startsWith("--") && name.length() > 2 && spec.findOption(name) == null) {
        unknown.add(a);
      }
    }
    return unknown.isEmpty() ? null : new UnmatchedArgumentException(cmd, unknown);
  }

  private static int executionError(Exception e, CommandLine cmd) {
    String who = cmd.getCommandSpec().qualifiedName();
    PrintWriter err = cmd.getErr();
    if (e instanceof BadInputException || e instanceof FormatException) {
      err.println(oneLine(who + ": " + e.getMessage()));
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof IOException) {
      err.println(oneLine(who + ": " + describe((IOException) e)));
      return ExitCode.BAD_INPUT;
    }
    return internalError(e, err);
  }

  private static int internalError(Throwable e, PrintWriter err) {
    err.println(oneLine("rlhf-bounds: internal error (a bug; please report it): " + e));
    e.printStackTrace(err);
    return ExitCode.INTERNAL_ERROR;
  }

  /**
   * A one-line description of an I/O failure that names the file.
   *
   * @param e the failure
   * @return the description
   */
  static String describe(IOException e) {
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String file = f.getFile() == null ? "" : f.getFile() + ": ";
      String other = f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")";
      String what;
      if (e instanceof NoSuchFileException) {
        what = "no such file or directory";
      } else if (e instanceof AccessDeniedException) {
        what = "permission denied";
      } else if (e instanceof FileAlreadyExistsException) {
        what = "already exists";
      } else if (e instanceof NotDirectoryException) {
        what = "not a directory";
      } else if (e instanceof DirectoryNotEmptyException) {
        what = "directory not empty";
      } else {
        what = f.getReason() == null ? e.getClass().getSimpleName() : f.getReason();
      }
      return file + what + other;
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /**
   * Collapses line breaks and tabs to single spaces.
   *
   * @param s the text
   * @return one line
   */
  static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ").trim();
  }

  /**
   * The version line of {@code --version}: the release and the commit of the build ({@link
   * org.rlhfbounds.report.Version}), each {@code unknown} when the build did not record it.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"rlhf-bounds " + org.rlhfbounds.report.Version.current().text()};
    }
  }
}
