package dev.sparkgen.cli;

import dev.sparkgen.spec.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
    err.println("sparkgen: " + e.getMessage());
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

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
