package dev.sparkgen.cli;

import dev.sparkgen.spec.InvalidInputException;
import java.io.PrintWriter;
import java.util.List;
import dev.sparkgen.validate.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
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
    PrintWriter err = e.getCommandLine().getErr();
    err.println("sparkgen: " + e.getMessage() + suggestion(e));
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the accepted options.");
    if (stacktrace) {
      e.printStackTrace(err);
    }
    return ExitCodes.BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof InvalidInputException) {
      err.println("sparkgen: " + e.getMessage());
    } else {
      err.println("sparkgen: failed: " + describe(e) + (stacktrace ? "" : " (run with --stacktrace for details)"));
    }
    if (stacktrace) {
      e.printStackTrace(err);
    }
    err.flush();
    return e instanceof InvalidInputException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
  }

  /** " Did you mean ...?" for a mistyped command or option, from picocli's own edit-distance suggestions. */
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
    List<String> candidates = typed.startsWith("-")
        ? command.getCommandSpec().options().stream().flatMap(o -> java.util.Arrays.stream(o.names())).toList()
        : List.copyOf(command.getSubcommands().keySet());
    List<String> suggestions = Suggestions.closest(typed, candidates, 2).map(List::of).orElse(List.of());
    return suggestions.isEmpty() ? "" : ". Did you mean " + suggestions.get(0) + "?";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
