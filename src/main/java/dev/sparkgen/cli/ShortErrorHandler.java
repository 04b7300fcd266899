package dev.sparkgen.cli;

import dev.sparkgen.spec.InvalidInputException;
import dev.sparkgen.validate.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every error into one sentence on stderr and an exit code: 2 for bad usage or input, 1 for
 * anything else. The stack trace only with {@code --stacktrace}, for bug reports.
 */
final class ShortErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private final boolean stacktrace;

  ShortErrorHandler(boolean stacktrace) {
    this.stacktrace = stacktrace;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    ParameterException reported = e;
    // picocli checks required parameters before it reports unknown options: "new -x" would say
    // that NAME is missing, not that -x is unknown.
    if (e instanceof MissingParameterException && !commandLine.getUnmatchedArguments().isEmpty()) {
      reported = new UnmatchedArgumentException(commandLine, commandLine.getUnmatchedArguments());
    }
    err.println("sparkgen: " + oneLine(reported.getMessage()) + suggestion(reported));
    err.println(
        "Try '"
            + commandLine.getCommandSpec().qualifiedName()
            + " --help' for the accepted options.");
    // Parse errors come before the execution strategy knows about --stacktrace: look at the words.
    if (stacktrace || java.util.List.of(args).contains("--stacktrace")) {
      e.printStackTrace(err);
    }
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof InvalidInputException) {
      err.println("sparkgen: " + oneLine(e.getMessage()));
    } else {
      err.println(
          "sparkgen: failed: "
              + oneLine(describe(e))
              + (stacktrace ? "" : " (run with --stacktrace for details)"));
    }
    if (stacktrace) {
      e.printStackTrace(err);
    }
    return e instanceof InvalidInputException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
  }

  /**
   * An {@link Error} of the JVM (no stack or heap left, a broken class path) is a failure of this
   * run, reported like any other: one sentence and exit code 1.
   */
  int handleError(Error e, PrintWriter err) {
    err.println(
        "sparkgen: failed: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage()))
            + (stacktrace ? "" : " (run with --stacktrace for details)"));
    if (stacktrace) {
      e.printStackTrace(err);
    }
    return ExitCodes.FAILURE;
  }

  /**
   * " Did you mean ...?" for a mistyped command or option, from picocli's own edit-distance
   * suggestions.
   */
  private static String suggestion(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched)) {
      return "";
    }
    if (unmatched.getUnmatched().isEmpty()) {
      return "";
    }
    // Our own edit distance, not picocli's suggestions: those are loose ('frobnicate' → validate)
    // and missing for a mistyped command followed by more arguments ('nwe NAME').
    String typed = unmatched.getUnmatched().get(0).split("=", 2)[0];
    CommandLine command = e.getCommandLine();
    List<String> candidates =
        typed.startsWith("-")
            ? command.getCommandSpec().options().stream()
                .flatMap(o -> java.util.Arrays.stream(o.names()))
                .toList()
            : List.copyOf(command.getSubcommands().keySet());
    List<String> suggestions =
        Suggestions.closest(typed, candidates, 2).map(List::of).orElse(List.of());
    return suggestions.isEmpty() ? "" : ". Did you mean " + suggestions.get(0) + "?";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * Values from the command line end up in messages: a newline or a terminal escape in one must
   * neither break the one-line promise nor reach the terminal raw.
   */
  static String oneLine(String message) {
    StringBuilder out = new StringBuilder(message.length());
    message
        .codePoints()
        .forEach(
            c -> {
              if (c == '\n') {
                out.append("\\n");
              } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
